#include "automation/ruledialog.h"

#include "payload/payloadcontext.h"
#include "payload/textcodec.h"
#include "traffic/displayformat.h"
#include "traffic/streamframers.h"
#include "traffic/trafficlog.h"
#include "widgets/theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QInputMethodEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTextBlock>
#include <QVBoxLayout>

namespace sockeye {

namespace {
const PayloadSpec::LineEnding LineEndings[] = {
    PayloadSpec::LineEnding::None, PayloadSpec::LineEnding::Cr, PayloadSpec::LineEnding::Lf,
    PayloadSpec::LineEnding::CrLf};

/// Marks one character of a QLineEdit with a red wave underline (or clears the mark when
/// `position` is -1). QLineEdit has no extra selections; an empty input method event carrying
/// a text format is the documented way to format part of its text.
void markCharacter(QLineEdit *edit, int position, const QColor &color)
{
    QList<QInputMethodEvent::Attribute> attributes;
    if (position >= 0 && position < edit->text().size()) {
        QTextCharFormat format;
        format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        format.setUnderlineColor(color);
        QColor background = color;
        background.setAlpha(60);
        format.setBackground(background);
        attributes << QInputMethodEvent::Attribute(QInputMethodEvent::TextFormat,
                                                   position - edit->cursorPosition(), 1, format);
    }
    QInputMethodEvent event(QString(), attributes);
    QCoreApplication::sendEvent(edit, &event);
}

QString patternPlaceholder(ReplyRule::MatchKind kind)
{
    switch (kind) {
    case ReplyRule::MatchKind::Any:
        return RuleDialog::tr("(every frame matches)");
    case ReplyRule::MatchKind::Exact:
        return RuleDialog::tr("the whole frame, e.g. text:PING\\r\\n or hex:01 03 00 00");
    case ReplyRule::MatchKind::Prefix:
        return RuleDialog::tr("the first bytes, e.g. text:AT+ or hex:01 03");
    case ReplyRule::MatchKind::Contains:
        return RuleDialog::tr("bytes anywhere in the frame, e.g. text:OK or hex:0D 0A");
    case ReplyRule::MatchKind::Regex:
        return RuleDialog::tr("a regular expression on the frame as text, e.g. ^AT\\+GMR\\r?$");
    case ReplyRule::MatchKind::HexPattern:
        return RuleDialog::tr("the whole frame in hex, ?? for any byte, e.g. 01 03 ?? ?? 00 02");
    }
    return {};
}
} // namespace

RuleDialog::RuleDialog(QWidget *parent)
    : QDialog(parent)
    , m_name(new QLineEdit(this))
    , m_trigger(new QComboBox(this))
    , m_match(new QComboBox(this))
    , m_pattern(new QLineEdit(this))
    , m_regexEncoding(new QComboBox(this))
    , m_patternMessage(new QLabel(this))
    , m_action(new QComboBox(this))
    , m_replyMode(new QComboBox(this))
    , m_replyEncoding(new QComboBox(this))
    , m_escapes(new QCheckBox(tr("Escapes"), this))
    , m_lineEnding(new QComboBox(this))
    , m_checksum(new QComboBox(this))
    , m_reply(new QPlainTextEdit(this))
    , m_replyMessage(new QLabel(this))
    , m_delay(new QSpinBox(this))
    , m_target(new QComboBox(this))
    , m_sample(new QLineEdit(this))
    , m_result(new QLabel(this))
    , m_ok(nullptr)
{
    setWindowTitle(tr("Auto-reply rule"));
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);

    m_name->setPlaceholderText(tr("e.g. Answer PING"));
    m_trigger->addItem(tr("A frame arrives"));
    m_trigger->addItem(tr("A peer connects"));
    m_trigger->setToolTip(tr("Rules for frames are tried in order and the first match answers; "
                             "every rule for connections fires when a peer connects"));
    // In MatchKind order, so the index is the kind.
    m_match->addItem(tr("Any frame"));
    m_match->addItem(tr("Equals"));
    m_match->addItem(tr("Starts with"));
    m_match->addItem(tr("Contains"));
    m_match->addItem(tr("Regular expression"));
    m_match->addItem(tr("Hex pattern"));
    m_match->setToolTip(tr("How the received frame is compared with the pattern"));
    m_pattern->setFont(fixed);
    m_pattern->setAccessibleName(tr("Match pattern"));
    m_regexEncoding->addItems(TextCodec::encodings());
    m_regexEncoding->setToolTip(tr("How the frame is decoded to text for the expression"));
    m_patternMessage->setWordWrap(true);
    m_patternMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_patternMessage->hide();

    m_action->addItem(tr("Send a payload"));
    m_action->addItem(tr("Echo the frame"));
    m_replyMode->addItem(tr("Text"));
    m_replyMode->addItem(tr("Hex"));
    m_replyMode->setToolTip(tr("Switching converts what is typed to the other form"));
    m_replyEncoding->addItems(TextCodec::encodings());
    m_replyEncoding->setToolTip(tr("Encoding of a text reply"));
    m_escapes->setChecked(true);
    m_escapes->setToolTip(tr("Process \\r \\n \\xHH escapes and {fields} in text mode; off sends "
                             "exactly what is typed"));
    m_lineEnding->addItem(tr("No line ending"));
    m_lineEnding->addItem(tr("CR"));
    m_lineEnding->addItem(tr("LF"));
    m_lineEnding->addItem(tr("CR LF"));
    m_lineEnding->setToolTip(tr("Appended after the reply (and after any checksum)"));
    m_checksum->addItem(tr("No checksum"), QString());
    for (Checksum::Algorithm algorithm : Checksum::algorithms())
        m_checksum->addItem(Checksum::displayName(algorithm), Checksum::id(algorithm));
    m_checksum->setToolTip(tr("Checksum of the reply, appended before the line ending"));
    m_reply->setFont(fixed);
    m_reply->setTabChangesFocus(true);
    m_reply->setAccessibleName(tr("Reply payload"));
    m_reply->setPlaceholderText(
        tr("Text: \\r \\n \\xHH escapes, {seq} {time:iso} {rand:2} fields. Hex: 01 03 04 00 2A. "
           "{req:0:2} copies 2 request bytes from offset 0."));
    m_reply->setFixedHeight(m_reply->fontMetrics().lineSpacing() * 3 + 12);
    m_replyMessage->setWordWrap(true);
    m_replyMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_replyMessage->hide();

    m_delay->setRange(0, 3600000);
    m_delay->setSingleStep(100);
    m_delay->setSuffix(tr(" ms"));
    m_delay->setSpecialValueText(tr("none"));
    m_delay->setToolTip(tr("Wait this long before replying (simulates a slow device)"));
    m_target->addItem(tr("The sender"));
    m_target->addItem(tr("Every peer"));
    m_target->setToolTip(tr("Who gets the reply"));

    m_sample->setFont(fixed);
    m_sample->setPlaceholderText(tr("a frame in the payload syntax, e.g. hex:01 03 00 00 00 02 "
                                    "C4 0B or text:PING"));
    m_sample->setAccessibleName(tr("Sample frame"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setMinimumHeight(m_result->fontMetrics().lineSpacing() * 2);
    m_result->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    // Layout.
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&When:"), m_trigger);
    auto *matchRow = new QHBoxLayout;
    matchRow->setSpacing(4);
    matchRow->addWidget(m_match);
    matchRow->addWidget(m_pattern, 1);
    matchRow->addWidget(m_regexEncoding);
    auto *matchLabel = new QLabel(tr("&Match:"), this);
    matchLabel->setBuddy(m_match);
    form->addRow(matchLabel, matchRow);
    form->addRow(QString(), m_patternMessage);

    auto *replyOptions = new QHBoxLayout;
    replyOptions->setSpacing(4);
    replyOptions->addWidget(m_action);
    replyOptions->addSpacing(8);
    replyOptions->addWidget(m_replyMode);
    replyOptions->addWidget(m_replyEncoding);
    replyOptions->addWidget(m_escapes);
    replyOptions->addWidget(m_lineEnding);
    replyOptions->addWidget(m_checksum);
    replyOptions->addStretch(1);
    auto *replyLabel = new QLabel(tr("&Reply:"), this);
    replyLabel->setBuddy(m_action);
    form->addRow(replyLabel, replyOptions);
    form->addRow(QString(), m_reply);
    form->addRow(QString(), m_replyMessage);

    auto *delayRow = new QHBoxLayout;
    delayRow->setSpacing(6);
    delayRow->addWidget(m_delay);
    auto *targetLabel = new QLabel(tr("&Send to:"), this);
    targetLabel->setBuddy(m_target);
    delayRow->addSpacing(12);
    delayRow->addWidget(targetLabel);
    delayRow->addWidget(m_target);
    delayRow->addStretch(1);
    auto *delayLabel = new QLabel(tr("&Delay:"), this);
    delayLabel->setBuddy(m_delay);
    form->addRow(delayLabel, delayRow);

    auto *tryBox = new QGroupBox(tr("Try it"), this);
    auto *tryForm = new QFormLayout(tryBox);
    tryForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto *sampleLabel = new QLabel(tr("Sample &frame:"), tryBox);
    sampleLabel->setBuddy(m_sample);
    tryForm->addRow(sampleLabel, m_sample);
    tryForm->addRow(tr("Result:"), m_result);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addSpacing(4);
    layout->addWidget(tryBox);
    layout->addStretch(1);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (isValid())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textChanged, this, [this] { runTest(); });
    for (QComboBox *box : {m_trigger, m_match, m_action, m_regexEncoding, m_replyEncoding,
                           m_lineEnding, m_checksum, m_target}) {
        connect(box, &QComboBox::currentIndexChanged, this, [this] {
            updateEnabledStates();
            validate();
        });
    }
    connect(m_replyMode, &QComboBox::currentIndexChanged, this,
            [this](int index) { onReplyModeChanged(index); });
    connect(m_escapes, &QCheckBox::toggled, this, [this] { validate(); });
    connect(m_pattern, &QLineEdit::textChanged, this, [this] { validate(); });
    connect(m_reply, &QPlainTextEdit::textChanged, this, [this] { validate(); });
    connect(m_delay, &QSpinBox::valueChanged, this, [this] { runTest(); });
    connect(m_sample, &QLineEdit::textChanged, this, [this] { runTest(); });

    const int em = fontMetrics().horizontalAdvance(QLatin1Char('m'));
    setMinimumWidth(em * 52);
    resize(em * 62, sizeHint().height());
    setRule(ReplyRule());
}

void RuleDialog::setRule(const ReplyRule &rule)
{
    m_name->setText(rule.name);
    m_trigger->setCurrentIndex(rule.trigger == ReplyRule::Trigger::Connect ? 1 : 0);
    m_match->setCurrentIndex(int(rule.matchKind));
    m_pattern->setText(rule.pattern);
    const int encoding = m_regexEncoding->findText(rule.encoding, Qt::MatchFixedString);
    m_regexEncoding->setCurrentIndex(qMax(0, encoding));
    m_action->setCurrentIndex(rule.action == ReplyRule::Action::Echo ? 1 : 0);
    setReplySpec(rule.reply);
    m_delay->setValue(rule.delayMs);
    m_target->setCurrentIndex(rule.target == ReplyRule::Target::AllPeers ? 1 : 0);
    m_enabledFlag = rule.enabled;
    updateEnabledStates();
    validate();
}

ReplyRule RuleDialog::rule() const
{
    ReplyRule rule;
    rule.name = m_name->text().trimmed();
    rule.enabled = m_enabledFlag;
    rule.trigger =
        m_trigger->currentIndex() == 1 ? ReplyRule::Trigger::Connect : ReplyRule::Trigger::Frame;
    rule.matchKind = ReplyRule::MatchKind(qBound(0, m_match->currentIndex(), 5));
    rule.pattern = rule.matchKind == ReplyRule::MatchKind::Any ? QString() : m_pattern->text();
    rule.encoding = m_regexEncoding->currentText();
    rule.action =
        m_action->currentIndex() == 1 ? ReplyRule::Action::Echo : ReplyRule::Action::Reply;
    if (rule.action == ReplyRule::Action::Reply)
        rule.reply = replySpec();
    rule.delayMs = m_delay->value();
    rule.target =
        m_target->currentIndex() == 1 ? ReplyRule::Target::AllPeers : ReplyRule::Target::Sender;
    (void)rule.compile();
    return rule;
}

PayloadSpec RuleDialog::replySpec() const
{
    PayloadSpec spec(m_replyMode->currentIndex() == 1 ? PayloadSpec::Mode::Hex
                                                      : PayloadSpec::Mode::Text,
                     m_reply->toPlainText());
    spec.setEncoding(m_replyEncoding->currentText());
    spec.setEscapes(m_escapes->isChecked());
    spec.setLineEnding(LineEndings[qBound(0, m_lineEnding->currentIndex(), 3)]);
    PayloadError error;
    spec.setChecksum(Checksum::fromString(m_checksum->currentData().toString(), &error));
    return spec;
}

void RuleDialog::setReplySpec(const PayloadSpec &spec)
{
    {
        const QSignalBlocker blocker(m_replyMode);
        m_replyMode->setCurrentIndex(spec.mode() == PayloadSpec::Mode::Hex ? 1 : 0);
    }
    m_lastReplyMode = m_replyMode->currentIndex();
    const int encoding = m_replyEncoding->findText(spec.encoding(), Qt::MatchFixedString);
    m_replyEncoding->setCurrentIndex(qMax(0, encoding));
    m_escapes->setChecked(spec.escapes());
    for (int i = 0; i < 4; ++i) {
        if (LineEndings[i] == spec.lineEnding())
            m_lineEnding->setCurrentIndex(i);
    }
    // A checksum with a range or byte order of its own gets an entry of its own, so editing
    // the rule keeps it.
    const QString checksum = spec.checksum().toString();
    int index = m_checksum->findData(
        spec.checksum().algorithm() == Checksum::Algorithm::None ? QString() : checksum);
    if (index < 0) {
        m_checksum->addItem(checksum, checksum);
        index = m_checksum->count() - 1;
    }
    m_checksum->setCurrentIndex(index);
    m_reply->setPlainText(spec.text());
}

void RuleDialog::onReplyModeChanged(int index)
{
    PayloadSpec current = replySpec();
    current.setMode(m_lastReplyMode == 1 ? PayloadSpec::Mode::Hex : PayloadSpec::Mode::Text);
    PayloadError error;
    const PayloadSpec converted =
        current.convertedTo(index == 1 ? PayloadSpec::Mode::Hex : PayloadSpec::Mode::Text, &error);
    if (error.isError() && !current.text().isEmpty()) {
        // Keep what was typed, in the mode it was typed in, and say why.
        const QSignalBlocker blocker(m_replyMode);
        m_replyMode->setCurrentIndex(m_lastReplyMode);
        showMessage(m_replyMessage, tr("Cannot convert: %1").arg(error.message), true);
        return;
    }
    m_lastReplyMode = index;
    if (!error.isError())
        m_reply->setPlainText(converted.text());
    updateEnabledStates();
    validate();
}

void RuleDialog::updateEnabledStates()
{
    const bool onFrame = m_trigger->currentIndex() == 0;
    const auto kind = ReplyRule::MatchKind(qBound(0, m_match->currentIndex(), 5));
    m_match->setEnabled(onFrame);
    m_pattern->setEnabled(onFrame && kind != ReplyRule::MatchKind::Any);
    m_pattern->setPlaceholderText(onFrame ? patternPlaceholder(kind)
                                          : tr("(fires when a peer connects)"));
    m_regexEncoding->setVisible(kind == ReplyRule::MatchKind::Regex);
    m_regexEncoding->setEnabled(onFrame);
    // Echo needs a frame to echo.
    if (!onFrame && m_action->currentIndex() == 1) {
        const QSignalBlocker blocker(m_action);
        m_action->setCurrentIndex(0);
    }
    m_action->setEnabled(onFrame);
    const bool payload = m_action->currentIndex() == 0;
    const bool text = m_replyMode->currentIndex() == 0;
    for (QWidget *w :
         std::initializer_list<QWidget *>{m_replyMode, m_lineEnding, m_checksum, m_reply})
        w->setEnabled(payload);
    m_replyEncoding->setEnabled(payload && text);
    m_escapes->setEnabled(payload && text);
    m_sample->setEnabled(onFrame);
}

void RuleDialog::showMessage(QLabel *label, const QString &text, bool error)
{
    QPalette pal = label->palette();
    pal.setColor(QPalette::WindowText,
                 error ? Theme::errorText(palette()) : palette().color(QPalette::WindowText));
    label->setPalette(pal);
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

void RuleDialog::validate()
{
    // The pattern on its own first (so its error shows under the pattern), then the reply.
    ReplyRule probe = rule();
    ReplyRule patternOnly = probe;
    patternOnly.action = ReplyRule::Action::Echo;
    const PayloadError patternError = patternOnly.compile();
    m_patternError = patternError.message;
    int markAt = -1;
    bool payloadPattern = false;
    if (patternError.isError() && patternError.position >= 0) {
        markAt = patternError.position;
        payloadPattern = probe.matchKind == ReplyRule::MatchKind::Exact ||
                         probe.matchKind == ReplyRule::MatchKind::Prefix ||
                         probe.matchKind == ReplyRule::MatchKind::Contains;
        if (payloadPattern) {
            // The position counts from after a hex:/text:/lit: prefix, if one was typed.
            const PayloadSpec spec = PayloadSpec::fromSyntax(probe.pattern);
            markAt += int(probe.pattern.size() - spec.text().size());
        }
    }
    // Hex patterns and expressions name the column themselves; payload errors count from the
    // payload's prefix, so say where that is in what was typed.
    showMessage(m_patternMessage,
                payloadPattern
                    ? tr("%1 (Column %2 of the pattern.)").arg(m_patternError).arg(markAt + 1)
                    : m_patternError,
                true);
    markCharacter(m_pattern, markAt, Theme::errorText(palette()));

    m_replyError.clear();
    QList<QTextEdit::ExtraSelection> marks;
    if (!patternError.isError()) {
        const PayloadError replyError = probe.compile();
        m_replyError = replyError.message;
        if (replyError.isError() && replyError.position >= 0) {
            QTextEdit::ExtraSelection mark;
            mark.cursor = QTextCursor(m_reply->document());
            mark.cursor.setPosition(qMin(replyError.position, int(m_reply->toPlainText().size())));
            mark.cursor.movePosition(QTextCursor::NextCharacter, QTextCursor::KeepAnchor);
            mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
            mark.format.setUnderlineColor(Theme::errorText(palette()));
            QColor background = Theme::errorText(palette());
            background.setAlpha(60);
            mark.format.setBackground(background);
            marks << mark;
        }
    } else if (probe.action == ReplyRule::Action::Reply) {
        // Still check the reply so both problems show at once.
        ReplyRule replyOnly = probe;
        replyOnly.matchKind = ReplyRule::MatchKind::Any;
        m_replyError = replyOnly.compile().message;
    }
    m_reply->setExtraSelections(marks);
    showMessage(m_replyMessage, m_replyError, true);
    m_ok->setEnabled(isValid());
    m_ok->setToolTip(isValid()
                         ? QString()
                         : tr("Fix the rule first: %1")
                               .arg(m_patternError.isEmpty() ? m_replyError : m_patternError));
    runTest();
}

void RuleDialog::runTest()
{
    const ReplyRule current = rule();
    QString text;
    bool error = false;
    PayloadContext scratch;
    if (!isValid()) {
        text = tr("Fix the rule first.");
        error = true;
    } else if (current.trigger == ReplyRule::Trigger::Connect) {
        const EncodeResult reply = current.replyFor(QByteArray(), scratch);
        text = reply.ok()
                   ? tr("When a peer connects, sends %n byte(s): %1", "", int(reply.bytes.size()))
                         .arg(DisplayFormat::hex(reply.bytes))
                   : reply.error.message;
        error = !reply.ok();
    } else if (m_sample->text().isEmpty()) {
        text = tr("Type a frame above to see whether this rule answers it, and with which bytes.");
    } else {
        const EncodeResult sample = PayloadSpec::fromSyntax(m_sample->text()).encode(scratch);
        // The live path: the session's framing over a record, then the Responder's match.
        TrafficLog log;
        StreamFramers framers(&log, 1);
        (void)framers.setSpec(m_framing);
        QList<QByteArray> frames;
        connect(&framers, &StreamFramers::frameCompleted, this,
                [&frames](const TrafficRecord &frame) { frames << frame.bytes; });
        if (sample.ok()) {
            TrafficRecord record;
            record.session = 1;
            record.peer = 1;
            record.direction = Direction::Rx;
            record.bytes = sample.bytes;
            log.append(record);
            framers.flushAll();
        }
        const QByteArray frame = frames.value(0);
        if (!sample.ok()) {
            text = tr("The sample is not a valid payload: %1").arg(sample.error.message);
            error = true;
        } else {
            ReplyRule enabled = current;
            enabled.enabled = true; // try it even while it is switched off
            (void)enabled.compile();
            PayloadContext replyContext;
            if (frames.size() > 1) {
                text = tr("The session's framing %1 cuts the sample into %n frame(s); the first, "
                          "%2, is tried.",
                          "", int(frames.size()))
                           .arg(m_framing, DisplayFormat::hex(frame)) +
                       QLatin1Char(' ');
            }
            if (!enabled.matches(frame, framers.body(frame))) {
                text += tr("No match for these %n byte(s): %1. The frame goes on to the next "
                           "rule.",
                           "", int(frame.size()))
                            .arg(DisplayFormat::hex(frame));
            } else {
                const EncodeResult reply = enabled.replyFor(frame, replyContext);
                if (!reply.ok()) {
                    text +=
                        tr("Matches, but the reply cannot be built: %1").arg(reply.error.message);
                    error = true;
                } else {
                    text += tr("Matches. Reply, %n byte(s): %1", "", int(reply.bytes.size()))
                                .arg(DisplayFormat::hex(reply.bytes));
                    if (current.delayMs > 0)
                        text += QLatin1Char(' ') + tr("(after %1 ms)").arg(current.delayMs);
                }
            }
        }
    }
    showMessage(m_result, text, error);
    m_result->show();
}

void RuleDialog::setFraming(const QString &spec)
{
    m_framing = spec;
    if (m_result->isVisible())
        runTest();
}

QString RuleDialog::testResult() const
{
    return m_result->text();
}

} // namespace sockeye
