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
#include <QInputMethodEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTextBlock>

namespace sockeye {

namespace {

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
{
    ui.setupUi(this);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);

    ui.trigger->addItem(tr("A frame arrives"), int(ReplyRule::Trigger::Frame));
    ui.trigger->addItem(tr("A peer connects"), int(ReplyRule::Trigger::Connect));
    ui.match->addItem(tr("Any frame"), int(ReplyRule::MatchKind::Any));
    ui.match->addItem(tr("Equals"), int(ReplyRule::MatchKind::Exact));
    ui.match->addItem(tr("Starts with"), int(ReplyRule::MatchKind::Prefix));
    ui.match->addItem(tr("Contains"), int(ReplyRule::MatchKind::Contains));
    ui.match->addItem(tr("Regular expression"), int(ReplyRule::MatchKind::Regex));
    ui.match->addItem(tr("Hex pattern"), int(ReplyRule::MatchKind::HexPattern));
    ui.pattern->setFont(fixed);
    ui.regexEncoding->addItems(TextCodec::encodings());
    ui.patternMessage->hide();

    ui.action->addItem(tr("Send a payload"), int(ReplyRule::Action::Reply));
    ui.action->addItem(tr("Echo the frame"), int(ReplyRule::Action::Echo));
    ui.replyMode->addItem(tr("Text"), int(PayloadSpec::Mode::Text));
    ui.replyMode->addItem(tr("Hex"), int(PayloadSpec::Mode::Hex));
    ui.replyEncoding->addItems(TextCodec::encodings());
    ui.lineEnding->addItem(tr("No line ending"), int(PayloadSpec::LineEnding::None));
    ui.lineEnding->addItem(tr("CR"), int(PayloadSpec::LineEnding::Cr));
    ui.lineEnding->addItem(tr("LF"), int(PayloadSpec::LineEnding::Lf));
    ui.lineEnding->addItem(tr("CR LF"), int(PayloadSpec::LineEnding::CrLf));
    ui.checksum->addItem(tr("No checksum"), QString());
    for (Checksum::Algorithm algorithm : Checksum::algorithms())
        ui.checksum->addItem(Checksum::displayName(algorithm), Checksum::id(algorithm));
    ui.reply->setFont(fixed);
    ui.reply->setFixedHeight(ui.reply->fontMetrics().lineSpacing() * 3 + 12);
    ui.replyMessage->hide();

    ui.target->addItem(tr("The sender"), int(ReplyRule::Target::Sender));
    ui.target->addItem(tr("Every peer"), int(ReplyRule::Target::AllPeers));
    ui.sample->setFont(fixed);
    ui.result->setMinimumHeight(ui.result->fontMetrics().lineSpacing() * 2);
    m_ok = ui.buttons->button(QDialogButtonBox::Ok);

    connect(ui.buttons, &QDialogButtonBox::accepted, this, [this] {
        if (isValid())
            accept();
    });
    connect(ui.buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(ui.name, &QLineEdit::textChanged, this, [this] { runTest(); });
    for (QComboBox *box : {ui.trigger, ui.match, ui.action, ui.regexEncoding, ui.replyEncoding,
                           ui.lineEnding, ui.checksum, ui.target}) {
        connect(box, &QComboBox::currentIndexChanged, this, [this] {
            updateEnabledStates();
            validate();
        });
    }
    connect(ui.replyMode, &QComboBox::currentIndexChanged, this,
            [this](int index) { onReplyModeChanged(index); });
    connect(ui.escapes, &QCheckBox::toggled, this, [this] { validate(); });
    connect(ui.pattern, &QLineEdit::textChanged, this, [this] { validate(); });
    connect(ui.reply, &QPlainTextEdit::textChanged, this, [this] { validate(); });
    connect(ui.delay, &QSpinBox::valueChanged, this, [this] { runTest(); });
    connect(ui.sample, &QLineEdit::textChanged, this, [this] { runTest(); });

    const int em = fontMetrics().horizontalAdvance(QLatin1Char('m'));
    setMinimumWidth(em * 52);
    resize(em * 62, sizeHint().height());
    setRule(ReplyRule());
}

ReplyRule::MatchKind RuleDialog::matchKind() const
{
    return ReplyRule::MatchKind(ui.match->currentData().toInt());
}

bool RuleDialog::onFrame() const
{
    return ReplyRule::Trigger(ui.trigger->currentData().toInt()) == ReplyRule::Trigger::Frame;
}

bool RuleDialog::replies() const
{
    return ReplyRule::Action(ui.action->currentData().toInt()) == ReplyRule::Action::Reply;
}

void RuleDialog::setRule(const ReplyRule &rule)
{
    ui.name->setText(rule.name);
    ui.trigger->setCurrentIndex(ui.trigger->findData(int(rule.trigger)));
    ui.match->setCurrentIndex(ui.match->findData(int(rule.matchKind)));
    ui.pattern->setText(rule.pattern);
    const int encoding = ui.regexEncoding->findText(rule.encoding, Qt::MatchFixedString);
    ui.regexEncoding->setCurrentIndex(qMax(0, encoding));
    ui.action->setCurrentIndex(ui.action->findData(int(rule.action)));
    setReplySpec(rule.reply);
    ui.delay->setValue(rule.delayMs);
    ui.target->setCurrentIndex(ui.target->findData(int(rule.target)));
    m_enabledFlag = rule.enabled;
    updateEnabledStates();
    validate();
}

ReplyRule RuleDialog::rule() const
{
    ReplyRule rule;
    rule.name = ui.name->text().trimmed();
    rule.enabled = m_enabledFlag;
    rule.trigger = ReplyRule::Trigger(ui.trigger->currentData().toInt());
    rule.matchKind = matchKind();
    rule.pattern = rule.matchKind == ReplyRule::MatchKind::Any ? QString() : ui.pattern->text();
    rule.encoding = ui.regexEncoding->currentText();
    rule.action = ReplyRule::Action(ui.action->currentData().toInt());
    if (rule.action == ReplyRule::Action::Reply)
        rule.reply = replySpec();
    rule.delayMs = ui.delay->value();
    rule.target = ReplyRule::Target(ui.target->currentData().toInt());
    (void)rule.compile();
    return rule;
}

PayloadSpec RuleDialog::replySpec() const
{
    PayloadSpec spec(PayloadSpec::Mode(ui.replyMode->currentData().toInt()),
                     ui.reply->toPlainText());
    spec.setEncoding(ui.replyEncoding->currentText());
    spec.setEscapes(ui.escapes->isChecked());
    spec.setLineEnding(PayloadSpec::LineEnding(ui.lineEnding->currentData().toInt()));
    PayloadError error;
    spec.setChecksum(Checksum::fromString(ui.checksum->currentData().toString(), &error));
    return spec;
}

void RuleDialog::setReplySpec(const PayloadSpec &spec)
{
    {
        const QSignalBlocker blocker(ui.replyMode);
        ui.replyMode->setCurrentIndex(ui.replyMode->findData(int(spec.mode())));
    }
    m_lastReplyMode = ui.replyMode->currentIndex();
    const int encoding = ui.replyEncoding->findText(spec.encoding(), Qt::MatchFixedString);
    ui.replyEncoding->setCurrentIndex(qMax(0, encoding));
    ui.escapes->setChecked(spec.escapes());
    ui.lineEnding->setCurrentIndex(ui.lineEnding->findData(int(spec.lineEnding())));
    // A checksum with a range or byte order of its own gets an entry of its own, so editing
    // the rule keeps it.
    const QString checksum = spec.checksum().toString();
    int index = ui.checksum->findData(
        spec.checksum().algorithm() == Checksum::Algorithm::None ? QString() : checksum);
    if (index < 0) {
        ui.checksum->addItem(checksum, checksum);
        index = ui.checksum->count() - 1;
    }
    ui.checksum->setCurrentIndex(index);
    ui.reply->setPlainText(spec.text());
}

void RuleDialog::onReplyModeChanged(int index)
{
    const auto mode = [this](int i) {
        return PayloadSpec::Mode(ui.replyMode->itemData(i).toInt());
    };
    PayloadSpec current = replySpec();
    current.setMode(mode(m_lastReplyMode));
    PayloadError error;
    const PayloadSpec converted = current.convertedTo(mode(index), &error);
    if (error.isError() && !current.text().isEmpty()) {
        // Keep what was typed, in the mode it was typed in, and say why.
        const QSignalBlocker blocker(ui.replyMode);
        ui.replyMode->setCurrentIndex(m_lastReplyMode);
        showMessage(ui.replyMessage, tr("Cannot convert: %1").arg(error.message), true);
        return;
    }
    m_lastReplyMode = index;
    if (!error.isError())
        ui.reply->setPlainText(converted.text());
    updateEnabledStates();
    validate();
}

void RuleDialog::updateEnabledStates()
{
    const bool frame = onFrame();
    const ReplyRule::MatchKind kind = matchKind();
    ui.match->setEnabled(frame);
    ui.pattern->setEnabled(frame && kind != ReplyRule::MatchKind::Any);
    ui.pattern->setPlaceholderText(frame ? patternPlaceholder(kind)
                                         : tr("(fires when a peer connects)"));
    ui.regexEncoding->setVisible(kind == ReplyRule::MatchKind::Regex);
    ui.regexEncoding->setEnabled(frame);
    // Echo needs a frame to echo.
    if (!frame && !replies()) {
        const QSignalBlocker blocker(ui.action);
        ui.action->setCurrentIndex(ui.action->findData(int(ReplyRule::Action::Reply)));
    }
    ui.action->setEnabled(frame);
    const bool payload = replies();
    const bool text =
        PayloadSpec::Mode(ui.replyMode->currentData().toInt()) == PayloadSpec::Mode::Text;
    for (QWidget *w :
         std::initializer_list<QWidget *>{ui.replyMode, ui.lineEnding, ui.checksum, ui.reply})
        w->setEnabled(payload);
    ui.replyEncoding->setEnabled(payload && text);
    ui.escapes->setEnabled(payload && text);
    ui.sample->setEnabled(frame);
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
    showMessage(ui.patternMessage,
                payloadPattern
                    ? tr("%1 (Column %2 of the pattern.)").arg(m_patternError).arg(markAt + 1)
                    : m_patternError,
                true);
    markCharacter(ui.pattern, markAt, Theme::errorText(palette()));

    m_replyError.clear();
    QList<QTextEdit::ExtraSelection> marks;
    if (!patternError.isError()) {
        const PayloadError replyError = probe.compile();
        m_replyError = replyError.message;
        if (replyError.isError() && replyError.position >= 0) {
            QTextEdit::ExtraSelection mark;
            mark.cursor = QTextCursor(ui.reply->document());
            mark.cursor.setPosition(qMin(replyError.position, int(ui.reply->toPlainText().size())));
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
    ui.reply->setExtraSelections(marks);
    showMessage(ui.replyMessage, m_replyError, true);
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
    } else if (ui.sample->text().isEmpty()) {
        text = tr("Type a frame above to see whether this rule answers it, and with which bytes.");
    } else {
        const EncodeResult sample = PayloadSpec::fromSyntax(ui.sample->text()).encode(scratch);
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
    showMessage(ui.result, text, error);
    ui.result->show();
}

void RuleDialog::setFraming(const QString &spec)
{
    m_framing = spec;
    if (ui.result->isVisible())
        runTest();
}

QString RuleDialog::testResult() const
{
    return ui.result->text();
}

} // namespace sockeye
