#include "capture/exportdialog.h"

#include "payload/textcodec.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QRadioButton>

namespace sockeye {

namespace {
constexpr Exporter::Format Formats[] = {Exporter::Format::Text,    Exporter::Format::Hex,
                                        Exporter::Format::HexDump, Exporter::Format::Csv,
                                        Exporter::Format::Raw,     Exporter::Format::Pcapng};
} // namespace

ExportDialog::ExportDialog(QWidget *parent)
    : QDialog(parent)
    , m_scopes(new QButtonGroup(this))
{
    ui.setupUi(this);
    // The scope is the button's id, whatever the order of the form.
    m_scopes->addButton(ui.allButton, int(ExportRequest::Scope::All));
    m_scopes->addButton(ui.viewButton, int(ExportRequest::Scope::View));
    m_scopes->addButton(ui.selectionButton, int(ExportRequest::Scope::Selection));
    m_scopes->addButton(ui.recordingButton, int(ExportRequest::Scope::Recording));

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
        ui.format->addItem(name, int(format));
    }
    ui.rawLayout->addItem(tr("One file, every data record in order"),
                          int(Exporter::RawLayout::OneFile));
    ui.rawLayout->addItem(tr("One file per peer and direction"),
                          int(Exporter::RawLayout::PerPeerDirection));
    ui.encoding->addItems(TextCodec::encodings());
    QFont small = ui.formatNote->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    ui.formatNote->setFont(small);
    ui.buttons->button(QDialogButtonBox::Ok)->setText(tr("Export…"));

    connect(ui.buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(ui.buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(ui.format, &QComboBox::currentIndexChanged, this, [this] { updateEnabled(); });
    connect(m_scopes, &QButtonGroup::idClicked, this, [this] { updateEnabled(); });
    reserveNoteRoom();
    updateEnabled();
}

QString ExportDialog::scopeName(ExportRequest::Scope scope)
{
    switch (scope) {
    case ExportRequest::Scope::All:
        return tr("&All traffic");
    case ExportRequest::Scope::View:
        return tr("What the &view shows");
    case ExportRequest::Scope::Selection:
        return tr("The &selected records");
    case ExportRequest::Scope::Recording:
        return tr("The &recording file");
    }
    return {};
}

QRadioButton *ExportDialog::scopeButton(ExportRequest::Scope scope) const
{
    return qobject_cast<QRadioButton *>(m_scopes->button(int(scope)));
}

void ExportDialog::setScopeText(ExportRequest::Scope scope, const QString &text)
{
    QAbstractButton *button = m_scopes->button(int(scope));
    button->setEnabled(!text.isEmpty());
    button->setText(text.isEmpty() ? scopeName(scope) : tr("%1: %2").arg(scopeName(scope), text));
    if (!button->isEnabled() && button->isChecked())
        ui.allButton->setChecked(true);
}

void ExportDialog::setRequest(const ExportRequest &request)
{
    if (QAbstractButton *button = m_scopes->button(int(request.scope));
        button && button->isEnabled())
        button->setChecked(true);
    ui.format->setCurrentIndex(ui.format->findData(int(request.format)));
    ui.rawLayout->setCurrentIndex(ui.rawLayout->findData(int(request.rawLayout)));
    ui.events->setChecked(request.includeEvents);
    const int encoding = ui.encoding->findText(request.encoding);
    if (encoding >= 0)
        ui.encoding->setCurrentIndex(encoding);
    updateEnabled();
}

ExportRequest ExportDialog::request() const
{
    ExportRequest r;
    r.scope = ExportRequest::Scope(qMax(0, m_scopes->checkedId()));
    r.format = Exporter::Format(ui.format->currentData().toInt());
    r.rawLayout = Exporter::RawLayout(ui.rawLayout->currentData().toInt());
    r.includeEvents = ui.events->isChecked();
    r.encoding = ui.encoding->currentText();
    return r;
}

void ExportDialog::updateEnabled()
{
    const auto format = Exporter::Format(ui.format->currentData().toInt());
    const bool raw = format == Exporter::Format::Raw;
    const bool pcap = format == Exporter::Format::Pcapng;
    ui.rawLayout->setEnabled(raw);
    ui.encoding->setEnabled(format == Exporter::Format::Text);
    ui.events->setEnabled(!raw && !pcap);
    ui.formatNote->setText(
        note(format, m_scopes->checkedId() == int(ExportRequest::Scope::Recording)));
}

QString ExportDialog::note(Exporter::Format format, bool recording)
{
    QString text;
    if (format == Exporter::Format::Raw)
        text = tr("Raw writes the bytes exactly as they crossed the wire. One file mixes every "
                  "peer and both directions; filter the view first, or write one file per peer "
                  "and direction (NAME-s1-p2-rx.bin next to the file you choose).");
    else if (format == Exporter::Format::Pcapng)
        text = tr("Packets with real addresses and ports, for Wireshark and tshark; events "
                  "become packet comments.");
    else if (format == Exporter::Format::Csv)
        text = tr("Time, session, peer, direction, length, bytes as hex and event text.");
    if (recording)
        text += (text.isEmpty() ? QString() : QStringLiteral(" ")) +
                tr("The recording holds everything since it started, also what the memory "
                   "budget already dropped from the view.");
    return text;
}

void ExportDialog::reserveNoteRoom()
{
    // The note keeps the room of its longest text at a fixed width, whatever it says now: a
    // longer one is never cut, and the buttons below never move as the choices change.
    QLabel *label = ui.formatNote;
    const int width = label->fontMetrics().averageCharWidth() * 56;
    int tallest = 0;
    for (int i = 0; i < ui.format->count(); ++i) {
        for (bool recording : {false, true}) {
            const QRect box = label->fontMetrics().boundingRect(
                QRect(0, 0, width, 100000), Qt::TextWordWrap,
                note(Exporter::Format(ui.format->itemData(i).toInt()), recording));
            tallest = qMax(tallest, box.height());
        }
    }
    label->setFixedWidth(width);
    label->setMinimumHeight(tallest);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
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
