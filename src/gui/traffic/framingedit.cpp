#include "traffic/framingedit.h"

#include "traffic/framer.h"
#include "widgets/theme.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLineEdit>

namespace sockeye {

namespace {
struct Kind
{
    const char *word;    // the spec's kind word; "" for none
    const char *example; // what picking the kind fills in
};
constexpr Kind Kinds[] = {
    {"", ""},
    {"delim", "delim:\\r\\n"},
    {"idle", "idle:20"},
    {"fixed", "fixed:8"},
    {"prefix", "prefix:2be"},
};

QString kindWord(const QString &spec)
{
    const QString trimmed = spec.trimmed();
    qsizetype end = 0;
    while (end < trimmed.size() && trimmed.at(end).isLetter())
        ++end;
    return trimmed.left(end).toLower();
}

QString specHelp()
{
    return FramingEdit::tr("The framing spec, as sockeye-cli --framing takes it: delim:\\r\\n, "
                           "delim,keep:hex:0D 0A, idle:20, fixed:8, prefix:2be, "
                           "prefix:2le,offset=1,adjust=2, each with max=N");
}
} // namespace

FramingEdit::FramingEdit(QWidget *parent)
    : QWidget(parent)
    , m_kind(new QComboBox(this))
    , m_edit(new QLineEdit(this))
{
    m_kind->addItem(tr("Each chunk"));
    m_kind->addItem(tr("Delimiter"));
    m_kind->addItem(tr("Idle gap"));
    m_kind->addItem(tr("Fixed length"));
    m_kind->addItem(tr("Length prefix"));
    m_kind->setItemData(0, tr("Every chunk the socket delivers is one frame"), Qt::ToolTipRole);
    m_kind->setItemData(1, tr("A frame ends at a delimiter, e.g. delim:\\r\\n or delim:hex:03"),
                        Qt::ToolTipRole);
    m_kind->setItemData(2, tr("A frame ends when nothing arrives for some milliseconds"),
                        Qt::ToolTipRole);
    m_kind->setItemData(3, tr("Every N bytes are a frame"), Qt::ToolTipRole);
    m_kind->setItemData(4, tr("A length field at the start says how long the frame is"),
                        Qt::ToolTipRole);
    m_kind->setToolTip(tr("How received bytes are cut into requests for the rules"));
    m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_edit->setPlaceholderText(tr("or a spec: delim:\\n"));
    m_edit->setMinimumWidth(m_edit->fontMetrics().horizontalAdvance(QLatin1Char('m')) * 12);
    m_edit->setAccessibleName(tr("Framing spec"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_kind);
    layout->addWidget(m_edit, 1);

    connect(m_kind, &QComboBox::activated, this, [this](int index) { onKindChosen(index); });
    connect(m_edit, &QLineEdit::textEdited, this, [this] { onTextEdited(); });
    validate();
}

QString FramingEdit::spec() const
{
    return m_edit->text().trimmed();
}

void FramingEdit::setSpec(const QString &spec)
{
    m_edit->setText(spec == QLatin1String("none") ? QString() : spec);
    syncKindToText();
    validate();
}

void FramingEdit::onKindChosen(int index)
{
    if (index < 0 || index >= int(std::size(Kinds)))
        return;
    if (kindWord(spec()) != QLatin1String(Kinds[index].word))
        m_edit->setText(QLatin1String(Kinds[index].example));
    validate();
    if (index > 0)
        m_edit->setFocus();
    if (m_error.isEmpty())
        emit specEdited(spec());
}

void FramingEdit::onTextEdited()
{
    syncKindToText();
    validate();
    if (m_error.isEmpty())
        emit specEdited(spec());
}

void FramingEdit::syncKindToText()
{
    const QString word = kindWord(spec());
    for (int i = 0; i < int(std::size(Kinds)); ++i) {
        if (word == QLatin1String(Kinds[i].word) || (i == 0 && word == QLatin1String("none"))) {
            m_kind->setCurrentIndex(i);
            return;
        }
    }
}

void FramingEdit::validate()
{
    QString error;
    (void)Framer::create(spec(), &error);
    QPalette pal = m_edit->palette();
    if (error.isEmpty()) {
        pal = QPalette();
    } else {
        pal.setColor(QPalette::Base, Theme::errorBase(palette()));
    }
    m_edit->setPalette(pal);
    m_edit->setToolTip(error.isEmpty() ? specHelp() : error);
    if (error != m_error) {
        m_error = error;
        emit errorChanged(m_error);
    }
}

} // namespace sockeye
