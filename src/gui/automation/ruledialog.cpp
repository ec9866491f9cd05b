#include "automation/ruledialog.h"

#include "payload/payloadcontext.h"
#include "payload/textcodec.h"
#include "traffic/displayformat.h"
#include "traffic/streamframers.h"
#include "traffic/trafficlog.h"
#include "widgets/errormark.h"
#include "widgets/payloadeditor.h"
#include "widgets/theme.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QResizeEvent>
#include <QSpinBox>

namespace sockeye {

namespace {

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
    PayloadEditor *reply = ui.replyPayload;
    reply->encodingBox()->setToolTip(tr("Encoding of a text reply"));
    reply->lineEndingBox()->setToolTip(tr("Appended after the reply (and after any checksum)"));
    reply->checksumBox()->setToolTip(tr("Checksum of the reply, appended before the line ending"));
    reply->textEdit()->setAccessibleName(tr("Reply payload"));
    reply->textEdit()->setPlaceholderText(
        tr("Text: \\r \\n \\xHH escapes, {seq} {time:iso} {rand:2} fields. Hex: 01 03 04 00 2A. "
           "{req:0:2} copies 2 request bytes from offset 0."));
    reply->textEdit()->setFixedHeight(reply->textEdit()->fontMetrics().lineSpacing() * 3 + 12);
    // The reply as the live rule checks it ({req:...} is fine there); echo sends no payload.
    reply->setValidator([this](const PayloadSpec &spec) {
        if (!replies())
            return PayloadError();
        ReplyRule replyOnly;
        replyOnly.reply = spec;
        return replyOnly.compile();
    });

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
    for (QComboBox *box : {ui.trigger, ui.match, ui.action, ui.regexEncoding, ui.target}) {
        connect(box, &QComboBox::currentIndexChanged, this, [this] {
            updateEnabledStates();
            validate();
        });
    }
    connect(ui.replyPayload, &PayloadEditor::specChanged, this, [this] { validate(); });
    connect(ui.pattern, &QLineEdit::textChanged, this, [this] { validate(); });
    connect(ui.delay, &QSpinBox::valueChanged, this, [this] { runTest(); });
    connect(ui.sample, &QLineEdit::textChanged, this, [this] { runTest(); });

    const int em = fontMetrics().horizontalAdvance(QLatin1Char('m'));
    setMinimumWidth(em * 52);
    resize(em * 62, sizeHint().height());
    setRule(ReplyRule());
}

bool RuleDialog::event(QEvent *event)
{
    const bool handled = QDialog::event(event);
    if (event->type() == QEvent::LayoutRequest)
        fitHeightToWidth();
    return handled;
}

void RuleDialog::resizeEvent(QResizeEvent *event)
{
    QDialog::resizeEvent(event);
    fitHeightToWidth();
}

void RuleDialog::fitHeightToWidth()
{
    const int needed =
        qMax(layout()->totalMinimumSize().height(), layout()->totalHeightForWidth(width()));
    if (needed != minimumHeight())
        setMinimumHeight(needed);
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

QComboBox *RuleDialog::replyModeBox() const
{
    return ui.replyPayload->modeBox();
}

QPlainTextEdit *RuleDialog::replyEdit() const
{
    return ui.replyPayload->textEdit();
}

QComboBox *RuleDialog::lineEndingBox() const
{
    return ui.replyPayload->lineEndingBox();
}

QComboBox *RuleDialog::checksumBox() const
{
    return ui.replyPayload->checksumBox();
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
    ui.replyPayload->setSpec(rule.reply);
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
        rule.reply = ui.replyPayload->spec();
    rule.delayMs = ui.delay->value();
    rule.target = ReplyRule::Target(ui.target->currentData().toInt());
    (void)rule.compile();
    return rule;
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
    ui.replyPayload->setEnabled(replies());
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
    ErrorMark::markCharacter(ui.pattern, markAt, Theme::errorText(palette()), 60);

    // The reply's editor checks it as the rule does (the same compile, {req:...} allowed),
    // shows the sentence and marks the bad character.
    ui.replyPayload->validate();
    m_replyError = replies() ? ui.replyPayload->error().message : QString();
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
