#include "capture/exportdialog.h"

#include "payload/textcodec.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace sockeye {

namespace {
constexpr Exporter::Format Formats[] = {Exporter::Format::Text,    Exporter::Format::Hex,
                                        Exporter::Format::HexDump, Exporter::Format::Csv,
                                        Exporter::Format::Raw,     Exporter::Format::Pcapng};
} // namespace

ExportDialog::ExportDialog(QWidget *parent)
    : QDialog(parent)
    , m_scopes(new QButtonGroup(this))
    , m_format(new QComboBox(this))
    , m_layout(new QComboBox(this))
    , m_events(new QCheckBox(tr("Include connection events"), this))
    , m_encoding(new QComboBox(this))
    , m_formatNote(new QLabel(this))
{
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export traffic"));

    auto *scopeBox = new QGroupBox(tr("What"), this);
    auto *scopeLayout = new QVBoxLayout(scopeBox);
    const QString scopeNames[] = {tr("&All traffic"), tr("What the &view shows"),
                                  tr("The &selected records"), tr("The &recording file")};
    for (int i = 0; i < 4; ++i) {
        auto *button = new QRadioButton(scopeNames[i], scopeBox);
        m_scopes->addButton(button, i);
        scopeLayout->addWidget(button);
    }
    m_scopes->button(0)->setChecked(true);

    for (Exporter::Format format : Formats) {
        QString name;
        switch (format) {
        case Exporter::Format::Text:
            name = tr("Text log");
            break;
        case Exporter::Format::Hex:
            name = tr("Hex log");
            break;
        case Exporter::Format::HexDump:
            name = tr("Hex dump");
            break;
        case Exporter::Format::Csv:
            name = tr("CSV");
            break;
        case Exporter::Format::Raw:
            name = tr("Raw bytes");
            break;
        case Exporter::Format::Pcapng:
            name = tr("pcapng (Wireshark)");
            break;
        }
        m_format->addItem(name, int(format));
    }
    m_layout->addItem(tr("One file, every data record in order"),
                      int(Exporter::RawLayout::OneFile));
    m_layout->addItem(tr("One file per peer and direction"),
                      int(Exporter::RawLayout::PerPeerDirection));
    m_events->setChecked(true);
    m_encoding->addItems(TextCodec::encodings());
    m_formatNote->setWordWrap(true);
    QFont small = m_formatNote->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_formatNote->setFont(small);

    auto *form = new QFormLayout;
    form->addRow(tr("&Format"), m_format);
    form->addRow(tr("&Raw files"), m_layout);
    form->addRow(tr("&Encoding"), m_encoding);
    form->addRow(QString(), m_events);
    form->addRow(QString(), m_formatNote);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export…"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(scopeBox);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(buttons);

    connect(m_format, &QComboBox::currentIndexChanged, this, [this] { updateEnabled(); });
    connect(m_scopes, &QButtonGroup::idClicked, this, [this] { updateEnabled(); });
    updateEnabled();
}

QRadioButton *ExportDialog::scopeButton(ExportRequest::Scope scope) const
{
    return qobject_cast<QRadioButton *>(m_scopes->button(int(scope)));
}

void ExportDialog::setScopeText(ExportRequest::Scope scope, const QString &text)
{
    QAbstractButton *button = m_scopes->button(int(scope));
    const QString names[] = {tr("&All traffic"), tr("What the &view shows"),
                             tr("The &selected records"), tr("The &recording file")};
    button->setEnabled(!text.isEmpty());
    button->setText(text.isEmpty() ? names[int(scope)] : tr("%1: %2").arg(names[int(scope)], text));
    if (!button->isEnabled() && button->isChecked())
        m_scopes->button(0)->setChecked(true);
}

void ExportDialog::setRequest(const ExportRequest &request)
{
    if (QAbstractButton *button = m_scopes->button(int(request.scope));
        button && button->isEnabled())
        button->setChecked(true);
    m_format->setCurrentIndex(m_format->findData(int(request.format)));
    m_layout->setCurrentIndex(m_layout->findData(int(request.rawLayout)));
    m_events->setChecked(request.includeEvents);
    const int encoding = m_encoding->findText(request.encoding);
    if (encoding >= 0)
        m_encoding->setCurrentIndex(encoding);
    updateEnabled();
}

ExportRequest ExportDialog::request() const
{
    ExportRequest r;
    r.scope = ExportRequest::Scope(qMax(0, m_scopes->checkedId()));
    r.format = Exporter::Format(m_format->currentData().toInt());
    r.rawLayout = Exporter::RawLayout(m_layout->currentData().toInt());
    r.includeEvents = m_events->isChecked();
    r.encoding = m_encoding->currentText();
    return r;
}

void ExportDialog::updateEnabled()
{
    const auto format = Exporter::Format(m_format->currentData().toInt());
    const bool raw = format == Exporter::Format::Raw;
    const bool pcap = format == Exporter::Format::Pcapng;
    m_layout->setEnabled(raw);
    m_encoding->setEnabled(format == Exporter::Format::Text);
    m_events->setEnabled(!raw && !pcap);
    QString note;
    if (raw)
        note = tr("Raw writes the bytes exactly as they crossed the wire. One file mixes every "
                  "peer and both directions; filter the view first, or write one file per peer "
                  "and direction (NAME-s1-p2-rx.bin next to the file you choose).");
    else if (pcap)
        note = tr("Packets with real addresses and ports, for Wireshark and tshark; events "
                  "become packet comments.");
    else if (format == Exporter::Format::Csv)
        note = tr("Time, session, peer, direction, length, bytes as hex and event text.");
    if (m_scopes->checkedId() == int(ExportRequest::Scope::Recording))
        note += (note.isEmpty() ? QString() : QStringLiteral(" ")) +
                tr("The recording holds everything since it started, also what the memory "
                   "budget already dropped from the view.");
    m_formatNote->setText(note);
    m_formatNote->setVisible(!note.isEmpty());
}

QString ExportDialog::fileFilter(Exporter::Format format)
{
    const QString pattern = QStringLiteral("*.") + Exporter::suffix(format);
    switch (format) {
    case Exporter::Format::Text:
        return tr("Text log (%1)").arg(pattern);
    case Exporter::Format::Hex:
        return tr("Hex log (%1)").arg(pattern);
    case Exporter::Format::HexDump:
        return tr("Hex dump (%1)").arg(pattern);
    case Exporter::Format::Csv:
        return tr("CSV (%1)").arg(pattern);
    case Exporter::Format::Raw:
        return tr("Raw bytes (%1)").arg(pattern);
    case Exporter::Format::Pcapng:
        return tr("pcapng capture (%1)").arg(pattern);
    }
    return tr("All files (*)");
}

} // namespace sockeye
