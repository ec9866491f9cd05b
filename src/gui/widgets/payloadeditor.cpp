#include "widgets/payloadeditor.h"

#include "payload/textcodec.h"
#include "widgets/errormark.h"
#include "widgets/flowlayout.h"
#include "widgets/theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace sockeye {

namespace {
constexpr int MarkAlpha = 70;

// "line 2, column 5" for a position in a multi-line text.
QString whereIs(const QString &text, int position)
{
    const QString before = text.left(position);
    const int line = int(before.count(QLatin1Char('\n'))) + 1;
    const int column = position - int(before.lastIndexOf(QLatin1Char('\n')) + 1) + 1;
    return PayloadEditor::tr("line %1, column %2").arg(line).arg(column);
}

// The first character of a checksum range that breaks START:END (an optional sign and digits on
// each side of one colon), the length of the text when the colon is missing, or -1.
int badRangeCharacter(QStringView range)
{
    int colons = 0;
    for (int i = 0; i < range.size(); ++i) {
        const QChar c = range.at(i);
        const bool signHere = i == 0 || range.at(i - 1) == QLatin1Char(':');
        if (c == QLatin1Char(':') ? ++colons > 1
                                  : !(c.isDigit() || ((c == u'-' || c == u'+') && signHere)))
            return i;
    }
    return colons == 1 ? -1 : int(range.size());
}

QString rangeText(const Checksum &checksum)
{
    if (checksum.rangeStart() == 0 && !checksum.rangeEnd())
        return {};
    return QString::number(checksum.rangeStart()) + QLatin1Char(':') +
           (checksum.rangeEnd() ? QString::number(*checksum.rangeEnd()) : QString());
}

QString orderName(Checksum::ByteOrder order)
{
    return order == Checksum::ByteOrder::LittleEndian ? PayloadEditor::tr("Little endian")
                                                      : PayloadEditor::tr("Big endian");
}
} // namespace

PayloadEditor::PayloadEditor(QWidget *parent)
    : QWidget(parent)
    , m_mode(new QComboBox(this))
    , m_encoding(new QComboBox(this))
    , m_escapes(new QCheckBox(tr("Escapes"), this))
    , m_lineEnding(new QComboBox(this))
    , m_checksum(new QComboBox(this))
    , m_range(new QLineEdit(this))
    , m_order(new QComboBox(this))
    , m_text(new QPlainTextEdit(this))
    , m_message(new QLabel(this))
    , m_options(new FlowLayout)
{
    m_mode->addItem(tr("Text"), int(PayloadSpec::Mode::Text));
    m_mode->addItem(tr("Hex"), int(PayloadSpec::Mode::Hex));
    m_mode->setToolTip(tr("Switching converts what is typed to the other form"));
    for (const QString &name : TextCodec::encodings())
        m_encoding->addItem(name, name);
    m_escapes->setChecked(true);
    m_escapes->setToolTip(tr("Process \\r \\n \\xHH escapes and {fields} in text mode; off sends "
                             "exactly what is typed"));
    m_lineEnding->addItem(tr("No line ending"), int(PayloadSpec::LineEnding::None));
    m_lineEnding->addItem(tr("CR"), int(PayloadSpec::LineEnding::Cr));
    m_lineEnding->addItem(tr("LF"), int(PayloadSpec::LineEnding::Lf));
    m_lineEnding->addItem(tr("CR LF"), int(PayloadSpec::LineEnding::CrLf));
    m_checksum->addItem(tr("No checksum"), int(Checksum::Algorithm::None));
    for (Checksum::Algorithm algorithm : Checksum::algorithms())
        m_checksum->addItem(Checksum::displayName(algorithm), int(algorithm));
    m_range->setPlaceholderText(tr("all bytes"));
    m_range->setAccessibleName(tr("Checksum range"));
    m_range->setToolTip(tr("The bytes the checksum covers, START:END as in a Python slice (END "
                           "is not included, negative numbers count from the end): 1: leaves "
                           "out the first byte, 2:-1 the first two and the last. Empty: every "
                           "byte."));
    const QFontMetrics metrics = m_range->fontMetrics();
    m_range->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed); // the combos keep theirs
    m_range->setFixedWidth(qMax(metrics.horizontalAdvance(m_range->placeholderText()),
                                metrics.horizontalAdvance(QStringLiteral("-999:-999"))) +
                           metrics.averageCharWidth() * 2);
    m_order->addItem(QString(), int(Checksum::ByteOrder::Default)); // named after the algorithm
    m_order->addItem(orderName(Checksum::ByteOrder::LittleEndian),
                     int(Checksum::ByteOrder::LittleEndian));
    m_order->addItem(orderName(Checksum::ByteOrder::BigEndian),
                     int(Checksum::ByteOrder::BigEndian));
    m_order->setToolTip(tr("Byte order of the checksum on the wire"));
    m_order->setAccessibleName(tr("Checksum byte order"));
    m_order->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setTabChangesFocus(true);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    // The options wrap in a narrow window rather than widen it.
    m_options->setSpacing(4);
    m_options->setVerticalSpacing(2);
    m_options->addWidget(FlowLayout::group(this, {m_mode, m_encoding, m_escapes}));
    m_options->addWidget(FlowLayout::group(this, {m_lineEnding, m_checksum, m_range, m_order}));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(3);
    layout->addLayout(m_options);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_message);

    connect(m_text, &QPlainTextEdit::textChanged, this, [this] { changed(); });
    connect(m_mode, &QComboBox::currentIndexChanged, this,
            [this](int index) { onModeChanged(index); });
    for (QComboBox *box : {m_encoding, m_lineEnding, m_checksum, m_order})
        connect(box, &QComboBox::currentIndexChanged, this, [this] { changed(); });
    connect(m_escapes, &QCheckBox::toggled, this, [this] { changed(); });
    connect(m_range, &QLineEdit::textChanged, this, [this] { changed(); });
    updateOptions();
    validate();
}

PayloadSpec::Mode PayloadEditor::mode() const
{
    return PayloadSpec::Mode(m_mode->currentData().toInt());
}

Checksum::Algorithm PayloadEditor::algorithm() const
{
    return Checksum::Algorithm(m_checksum->currentData().toInt());
}

Checksum PayloadEditor::checksum() const
{
    const Checksum::Algorithm chosen = algorithm();
    if (chosen == Checksum::Algorithm::None)
        return Checksum();
    Checksum result(chosen, Checksum::ByteOrder(m_order->currentData().toInt()));
    if (!m_range->text().isEmpty()) {
        PayloadError error;
        const Checksum parsed = Checksum::fromString(
            QString(Checksum::id(chosen) + QStringLiteral(",range=") + m_range->text()), &error);
        if (!error.isError())
            result.setRange(parsed.rangeStart(), parsed.rangeEnd());
    }
    return result;
}

PayloadSpec PayloadEditor::spec() const
{
    PayloadSpec spec(mode(), m_text->toPlainText());
    spec.setEncoding(m_encoding->currentData().toString());
    spec.setEscapes(m_escapes->isChecked());
    spec.setLineEnding(PayloadSpec::LineEnding(m_lineEnding->currentData().toInt()));
    spec.setChecksum(checksum());
    return spec;
}

void PayloadEditor::setSpec(const PayloadSpec &spec)
{
    // One change, checked and announced once everything is in place.
    const QSignalBlocker blockers[] = {QSignalBlocker(m_mode),     QSignalBlocker(m_encoding),
                                       QSignalBlocker(m_escapes),  QSignalBlocker(m_lineEnding),
                                       QSignalBlocker(m_checksum), QSignalBlocker(m_range),
                                       QSignalBlocker(m_order),    QSignalBlocker(m_text)};
    m_mode->setCurrentIndex(m_mode->findData(int(spec.mode())));
    m_lastMode = m_mode->currentIndex();
    int encoding = m_encoding->findData(spec.encoding(), Qt::UserRole, Qt::MatchFixedString);
    if (encoding < 0) {
        // Kept as it is (and reported by the check) rather than silently replaced.
        m_encoding->addItem(spec.encoding(), spec.encoding());
        encoding = m_encoding->count() - 1;
    }
    m_encoding->setCurrentIndex(encoding);
    m_escapes->setChecked(spec.escapes());
    m_lineEnding->setCurrentIndex(m_lineEnding->findData(int(spec.lineEnding())));
    setChecksum(spec.checksum());
    m_text->setPlainText(spec.text());
    m_text->moveCursor(QTextCursor::End);
    changed();
}

void PayloadEditor::setChecksum(const Checksum &checksum)
{
    m_checksum->setCurrentIndex(m_checksum->findData(int(checksum.algorithm())));
    m_range->setText(rangeText(checksum));
    m_order->setCurrentIndex(m_order->findData(int(checksum.byteOrder())));
}

void PayloadEditor::setValidator(Validator validator)
{
    m_validator = std::move(validator);
    validate();
}

void PayloadEditor::addOption(QWidget *widget)
{
    m_options->addWidget(widget);
}

void PayloadEditor::onModeChanged(int index)
{
    PayloadSpec current = spec();
    current.setMode(PayloadSpec::Mode(m_mode->itemData(m_lastMode).toInt()));
    PayloadError error;
    const PayloadSpec converted = current.convertedTo(mode(), &error);
    if (error.isError() && !current.text().isEmpty()) {
        // Keep what was typed and the mode it was typed in; say why.
        const QSignalBlocker blocker(m_mode);
        m_mode->setCurrentIndex(m_lastMode);
        showMessage(tr("Cannot convert: %1").arg(error.message), true);
        return;
    }
    m_lastMode = index;
    {
        const QSignalBlocker blocker(m_text);
        m_text->setPlainText(converted.text());
        m_text->moveCursor(QTextCursor::End);
    }
    changed();
}

void PayloadEditor::updateOptions()
{
    const bool text = mode() == PayloadSpec::Mode::Text;
    m_encoding->setEnabled(text);
    m_escapes->setEnabled(text);
    const Checksum::Algorithm chosen = algorithm();
    const bool any = chosen != Checksum::Algorithm::None;
    m_range->setVisible(any);
    m_order->setVisible(any);
    if (any) {
        m_order->setItemText(0,
                             tr("%1 (default)").arg(orderName(Checksum::defaultByteOrder(chosen))));
    }
    // One byte has no order; a stored one is kept (and shown) all the same.
    const auto order = Checksum::ByteOrder(m_order->currentData().toInt());
    m_order->setEnabled(Checksum::width(chosen) > 1 || order != Checksum::ByteOrder::Default);
}

QString PayloadEditor::checkRange(int *position) const
{
    *position = -1;
    const QString range = m_range->text();
    if (range.isEmpty() || algorithm() == Checksum::Algorithm::None)
        return {};
    // The core's parser decides and words it; the scan only finds where to point.
    PayloadError error;
    (void)Checksum::fromString(QString(QStringLiteral("sum8,range=") + range), &error);
    if (!error.isError())
        return {};
    *position = badRangeCharacter(range);
    return error.message;
}

void PayloadEditor::changed()
{
    updateOptions();
    validate();
    emit specChanged();
}

void PayloadEditor::validate()
{
    int rangeAt = -1;
    const QString rangeError = checkRange(&rangeAt);
    ErrorMark::markCharacter(m_range, rangeAt, Theme::errorMark(), MarkAlpha);
    QPalette rangePalette = palette();
    if (!rangeError.isEmpty())
        rangePalette.setColor(QPalette::Base, Theme::errorBase(palette()));
    m_range->setPalette(rangePalette);

    const PayloadSpec current = spec();
    PayloadError error = m_validator ? m_validator(current) : current.validate();
    if (!error.isError() && !rangeError.isEmpty())
        error = PayloadError{-1, rangeError};
    m_error = error;

    QList<QTextEdit::ExtraSelection> marks;
    if (!error.isError()) {
        clearMessage();
    } else {
        const QString text = m_text->toPlainText();
        const QString where = error.position >= 0 ? whereIs(text, error.position) : QString();
        showMessage(where.isEmpty() ? error.message : tr("At %1: %2").arg(where, error.message),
                    true);
        if (error.position >= 0) {
            marks << ErrorMark::characterMark(m_text->document(), error.position,
                                              Theme::errorMark(), MarkAlpha);
        }
    }
    m_text->setExtraSelections(marks);
}

void PayloadEditor::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    QPalette pal = m_message->palette();
    pal.setColor(QPalette::WindowText,
                 error ? Theme::errorText(palette()) : palette().color(QPalette::WindowText));
    m_message->setPalette(pal);
    m_message->setVisible(!text.isEmpty());
}

void PayloadEditor::clearMessage()
{
    m_message->hide();
    m_message->clear();
}

QString PayloadEditor::message() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

} // namespace sockeye
