#include "session/sendcomposer.h"

#include "automation/filesender.h"
#include "automation/periodicsender.h"
#include "session/session.h"
#include "widgets/flowlayout.h"
#include "widgets/icons.h"
#include "widgets/payloadeditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace sockeye {

SendComposer::SendComposer(Session *session, PeriodicSender *periodic, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_payload(new PayloadEditor(this))
    , m_send(new QPushButton(Icons::icon(Icons::Send), tr("Send"), this))
    , m_repeat(new QPushButton(Icons::icon(Icons::Repeat), tr("Repeat"), this))
    , m_clearAfterSend(new QCheckBox(tr("Clear after send"), this))
    , m_interval(new QSpinBox(this))
    , m_count(new QSpinBox(this))
    , m_file(new QToolButton(this))
    , m_savePreset(new QToolButton(this))
    , m_targetsLabel(new QLabel(this))
    , m_fileProgress(new QProgressBar(this))
    , m_fileCancel(new QToolButton(this))
    , m_periodic(periodic ? periodic : new PeriodicSender(session, this))
    , m_fileSender(new FileSender(session, this))
    , m_repeatUiTimer(new QTimer(this))
    , m_historyButton(new QToolButton(this))
    , m_historyMenu(new QMenu(this))
{
    QPlainTextEdit *editor = m_payload->textEdit();
    editor->setPlaceholderText(
        tr("Payload to send. Text mode: \\r \\n \\t \\xHH escapes and {seq} {time:iso} "
           "{rand:4} fields. Hex mode: 48 65 6C 6C 6F. Ctrl+Enter sends; Up/Down recall "
           "history."));
    editor->setMinimumHeight(48);
    editor->installEventFilter(this);
    editor->setAccessibleName(tr("Payload"));
    m_payload->encodingBox()->setToolTip(tr("Encoding of text payloads"));
    m_payload->lineEndingBox()->setToolTip(
        tr("Appended after the payload (and after any checksum)"));
    m_payload->checksumBox()->setToolTip(
        tr("Checksum of the payload, appended before the line ending"));

    m_send->setDefault(true);
    m_send->setToolTip(tr("Send the payload (Ctrl+Enter)"));
    m_clearAfterSend->setToolTip(
        tr("Empty the editor after each send (Up brings the payload back from the history)"));
    m_repeat->setCheckable(true);
    m_repeat->setToolTip(tr("Send the payload again and again at the interval, the given "
                            "number of times (0: until stopped)"));
    // The running count must not move the controls beside it: the button is as wide as its
    // widest label from the start (counts are shortened past five digits: 123.4k, 12.3M; a
    // "sent/of" label that would not fit says only what was sent).
    const QString widestCount = tr("%1k").arg(QStringLiteral("888.8"));
    int widest = 0;
    for (const QString &label : {tr("Stop (%1 sent)").arg(widestCount), tr("Repeat")}) {
        m_repeat->setText(label);
        widest = qMax(widest, m_repeat->sizeHint().width());
        m_repeatTextRoom = qMax(m_repeatTextRoom, m_repeat->fontMetrics().horizontalAdvance(label));
    }
    m_repeat->setMinimumWidth(widest);
    m_interval->setRange(1, PeriodicSend::MaxIntervalMs);
    m_interval->setValue(1000);
    m_interval->setSuffix(tr(" ms"));
    m_interval->setToolTip(tr("Interval between periodic sends"));
    m_interval->setAccessibleName(tr("Interval"));
    m_count->setRange(0, int(PeriodicSend::MaxCount));
    m_count->setSpecialValueText(tr("forever"));
    m_count->setPrefix(tr("× "));
    m_count->setToolTip(tr("How many periodic sends (forever: until stopped)"));
    m_count->setAccessibleName(tr("Periodic send count"));
    m_file->setIcon(Icons::icon(Icons::File));
    m_file->setText(tr("File…"));
    m_file->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_file->setToolTip(tr("Send a file, streamed in chunks"));
    // The send history as a list (Up/Down walk it in the editor): a payload picked from it is
    // loaded into the editor, to send again or change first.
    m_historyButton->setText(tr("History"));
    m_historyButton->setAutoRaise(true);
    m_historyButton->setAccessibleName(tr("Send history"));
    m_historyButton->setToolTip(tr("Payloads sent from this box, newest first: pick one to load "
                                   "it into the editor (Up/Down walk them too)"));
    m_historyButton->setPopupMode(QToolButton::InstantPopup);
    m_historyButton->setMenu(m_historyMenu);
    connect(m_historyMenu, &QMenu::aboutToShow, this, [this] { fillHistoryMenu(); });
    m_savePreset->setIcon(Icons::icon(Icons::Preset));
    m_savePreset->setText(tr("Save as preset"));
    m_savePreset->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_savePreset->setToolTip(tr("Keep this payload in the presets list"));
    m_fileProgress->hide();
    m_fileCancel->setText(tr("Cancel"));
    m_fileCancel->setToolTip(tr("Stop sending the file"));
    m_fileCancel->hide();
    QFont small = m_targetsLabel->font();
    small.setPointSizeF(small.pointSizeF() * 0.92);
    m_targetsLabel->setFont(small);

    // Both rows wrap in a narrow window rather than widen it.
    m_targetsLabel->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_targetsLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_payload->addOption(m_historyButton);
    m_payload->addOption(m_clearAfterSend);
    m_payload->addOption(m_targetsLabel);

    auto *file = new QWidget(this);
    auto *fileRow = new QHBoxLayout(file);
    fileRow->setContentsMargins(0, 0, 0, 0);
    fileRow->setSpacing(4);
    fileRow->addWidget(m_file);
    fileRow->addWidget(m_fileProgress, 1);
    fileRow->addWidget(m_fileCancel);
    fileRow->addStretch(1);
    auto *actions = new FlowLayout;
    actions->setSpacing(12);
    actions->setVerticalSpacing(2);
    actions->addWidget(m_send);
    actions->addWidget(FlowLayout::group(this, {m_repeat, m_interval, m_count}));
    actions->addWidget(file);
    actions->addWidget(m_savePreset);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(3);
    layout->addWidget(m_payload, 1);
    layout->addLayout(actions);

    // Tab goes the way the eye reads: the options row, the editor, then the actions row (by
    // creation order the options added here came after the actions).
    const QList<QWidget *> tabOrder{m_payload->modeBox(),
                                    m_payload->encodingBox(),
                                    m_payload->escapesBox(),
                                    m_payload->lineEndingBox(),
                                    m_payload->checksumBox(),
                                    m_payload->checksumRangeEdit(),
                                    m_payload->checksumOrderBox(),
                                    m_historyButton,
                                    m_clearAfterSend,
                                    editor,
                                    m_send,
                                    m_repeat,
                                    m_interval,
                                    m_count,
                                    m_file,
                                    m_fileCancel,
                                    m_savePreset};
    for (qsizetype i = 0; i + 1 < tabOrder.size(); ++i)
        QWidget::setTabOrder(tabOrder[i], tabOrder[i + 1]);
    connect(editor, &QPlainTextEdit::textChanged, this, [this] { m_historyIndex = -1; });
    connect(m_payload, &PayloadEditor::specChanged, this, [this] { validate(); });
    connect(m_send, &QPushButton::clicked, this, [this] { send(); });
    connect(m_clearAfterSend, &QCheckBox::toggled, this, &SendComposer::optionsChanged);
    connect(m_repeat, &QPushButton::clicked, this, [this](bool on) {
        if (on)
            startPeriodic();
        else
            stopPeriodic();
    });
    connect(m_periodic, &PeriodicSender::sentOne, this, [this](quint64 sent) {
        m_periodicSent = int(sent);
        m_context.setSequence(m_periodic->context().sequence()); // {seq} goes on from here
        if (!m_repeatUiTimer->isActive())
            m_repeatUiTimer->start();
    });
    // A 1 ms periodic send would otherwise relabel (and repaint) the button 1000 times a
    // second, which costs more than the sends: the count is shown at most 10 times a second.
    m_repeatUiTimer->setSingleShot(true);
    m_repeatUiTimer->setInterval(100);
    connect(m_repeatUiTimer, &QTimer::timeout, this, [this] { updateRepeatUi(); });
    connect(m_periodic, &PeriodicSender::finished, this, [this] { updateRepeatUi(); });
    // The sender tells misses at most once a second (and once more at the end): said as told.
    connect(m_periodic, &PeriodicSender::ticksMissed, this,
            [this] { showMessage(m_periodic->missedText(), false); });
    connect(m_periodic, &PeriodicSender::started, this, [this] {
        if (!m_startingPeriodic) { // a restored session that became ready
            m_periodicSent = 0;
            showPeriodic(m_periodic->settings());
        }
        updateRepeatUi();
    });
    connect(m_periodic, &PeriodicSender::failed, this, [this](const QString &message) {
        showMessage(message, true);
        updateRepeatUi();
    });
    connect(m_file, &QToolButton::clicked, this, [this] { chooseAndSendFile(); });
    connect(m_fileCancel, &QToolButton::clicked, m_fileSender, &FileSender::cancel);
    connect(m_fileSender, &FileSender::progress, this, [this](qint64 sent, qint64 total) {
        // Per mille keeps the range within int for any file size.
        m_fileProgress->setRange(0, 1000);
        m_fileProgress->setValue(total > 0 ? int(sent * 1000 / total) : 1000);
        m_fileProgress->setFormat(tr("%1 of %2 bytes").arg(sent).arg(total));
    });
    connect(m_fileSender, &FileSender::finished, this, [this](bool ok, const QString &text) {
        m_fileProgress->hide();
        m_fileCancel->hide();
        m_file->setEnabled(true);
        showMessage(text, !ok);
    });
    connect(m_savePreset, &QToolButton::clicked, this,
            [this] { emit saveAsPresetRequested(spec()); });
    connect(m_session, &Session::stateChanged, this, [this] { updateSendEnabled(); });

    loadSettings();
    updateTargetsLabel();
    updateRepeatUi();
    validate();
}

SendComposer::~SendComposer()
{
    saveSettings();
}

PayloadSpec SendComposer::spec() const
{
    return m_payload->spec();
}

void SendComposer::setSpec(const PayloadSpec &spec)
{
    m_payload->setSpec(spec);
    m_historyIndex = -1;
}

QPlainTextEdit *SendComposer::editor() const
{
    return m_payload->textEdit();
}

QComboBox *SendComposer::modeBox() const
{
    return m_payload->modeBox();
}

QComboBox *SendComposer::lineEndingBox() const
{
    return m_payload->lineEndingBox();
}

QComboBox *SendComposer::checksumBox() const
{
    return m_payload->checksumBox();
}

void SendComposer::setTargets(const QList<PeerId> &targets)
{
    m_targets = targets;
    m_periodic->setTargets(targets);
    updateTargetsLabel();
}

void SendComposer::updateTargetsLabel()
{
    QString text;
    switch (m_session->kind()) {
    case SessionKind::TcpServer:
        if (m_targets.isEmpty()) {
            text = tr("To: all clients (select rows to choose)");
        } else if (m_targets.size() == 1) {
            const auto peer = m_session->peer(m_targets.first());
            text = tr("To: %1").arg(peer ? peer->label() : tr("the selected client"));
        } else {
            text = tr("To: the %1 selected clients").arg(m_targets.size());
        }
        break;
    case SessionKind::TcpClient:
        text = tr("To: the server");
        break;
    case SessionKind::Udp:
        text = m_targets.isEmpty() ? tr("To: the target host and port")
                                   : tr("To: %n selected peer(s)", "", int(m_targets.size()));
        break;
    }
    m_targetsLabel->setText(text);
}

void SendComposer::validate()
{
    m_valid = m_payload->isValid();
    if (m_valid && m_periodic->isRunning())
        m_periodic->setPayloads({spec()}); // edits while repeating go out with the next send
    updateSendEnabled();
}

bool SendComposer::hasPayload() const
{
    // An empty editor sends nothing, unless a line ending makes the payload.
    const PayloadSpec current = spec();
    return m_valid &&
           (!current.text().isEmpty() || current.lineEnding() != PayloadSpec::LineEnding::None);
}

void SendComposer::updateSendEnabled()
{
    m_send->setEnabled(hasPayload());
    m_repeat->setEnabled(m_valid || m_periodic->isRunning());
}

void SendComposer::showMessage(const QString &text, bool error)
{
    m_payload->showMessage(text, error);
}

QString SendComposer::message() const
{
    return m_payload->message();
}

bool SendComposer::sendSpec(const PayloadSpec &payload)
{
    const EncodeResult encoded = payload.encode(m_context);
    if (!encoded.ok()) {
        showMessage(encoded.error.message, true);
        return false;
    }
    const SendResult result = m_session->send(encoded.bytes, m_targets);
    if (!result.ok()) {
        showMessage(result.message, true);
        return false;
    }
    if (m_valid)
        m_payload->clearMessage();
    return true;
}

bool SendComposer::send()
{
    if (!hasPayload()) // Ctrl+Enter reaches here even when the Send button is disabled
        return false;
    const PayloadSpec current = spec();
    if (!sendSpec(current))
        return false;
    addToHistory(current);
    if (m_clearAfterSend->isChecked())
        editor()->clear();
    return true;
}

void SendComposer::fillHistoryMenu()
{
    m_historyMenu->clear();
    if (m_history.isEmpty()) {
        m_historyMenu->addAction(tr("Nothing sent yet"))->setEnabled(false);
        return;
    }
    const QFontMetrics metrics = m_historyMenu->fontMetrics();
    for (qsizetype i = m_history.size() - 1; i >= 0; --i) {
        const QString entry = m_history.at(i);
        const PayloadSpec spec = PayloadSpec::fromSyntax(entry);
        const QString shown =
            spec.mode() == PayloadSpec::Mode::Hex ? tr("hex %1").arg(spec.text()) : spec.text();
        // Menus treat '&' as a mnemonic marker: doubled, it shows as itself.
        const QString label =
            metrics
                .elidedText(shown, Qt::ElideRight, metrics.horizontalAdvance(QLatin1Char('m')) * 48)
                .replace(QLatin1Char('&'), QStringLiteral("&&"));
        QAction *action = m_historyMenu->addAction(label, this, [this, spec] {
            setSpec(spec);
            editor()->setFocus();
        });
        action->setToolTip(entry);
    }
}

bool SendComposer::clearsAfterSend() const
{
    return m_clearAfterSend->isChecked();
}

void SendComposer::setClearsAfterSend(bool clear)
{
    m_clearAfterSend->setChecked(clear);
}

void SendComposer::addToHistory(const PayloadSpec &payload)
{
    const QString entry = payload.toSyntax();
    if (!m_history.isEmpty() && m_history.constLast() == entry)
        return;
    m_history.removeAll(entry);
    m_history << entry;
    while (m_history.size() > HistoryLimit)
        m_history.removeFirst();
    m_historyIndex = -1;
}

void SendComposer::walkHistory(int step)
{
    if (m_history.isEmpty())
        return;
    if (m_historyIndex < 0) {
        if (step > 0)
            return;
        m_draft = spec().toSyntax();
        m_historyIndex = int(m_history.size());
    }
    const int next = m_historyIndex + step;
    if (next < 0)
        return;
    PayloadSpec target;
    if (next >= m_history.size()) {
        target = PayloadSpec::fromSyntax(m_draft);
        m_historyIndex = -1;
    } else {
        target = PayloadSpec::fromSyntax(m_history.at(next));
    }
    PayloadSpec withOptions = spec();
    withOptions.setMode(target.mode());
    withOptions.setText(target.text());
    withOptions.setEscapes(target.escapes());
    const int keep = next >= m_history.size() ? -1 : next;
    setSpec(withOptions);
    m_historyIndex = keep; // setSpec's textChanged reset it
}

bool SendComposer::eventFilter(QObject *watched, QEvent *event)
{
    QPlainTextEdit *editor = m_payload->textEdit();
    if (watched == editor && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        // Ctrl+Enter sends (the main window's Send action catches it first when there is one).
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
            key->modifiers().testFlag(Qt::ControlModifier)) {
            send();
            return true;
        }
        if (key->modifiers() == Qt::NoModifier || key->modifiers() == Qt::KeypadModifier) {
            const QTextCursor cursor = editor->textCursor();
            if (key->key() == Qt::Key_Up && cursor.blockNumber() == 0) {
                walkHistory(-1);
                return true;
            }
            if (key->key() == Qt::Key_Down &&
                cursor.blockNumber() == editor->document()->blockCount() - 1) {
                walkHistory(+1);
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

void SendComposer::startPeriodic()
{
    if (!m_valid) {
        updateRepeatUi();
        return;
    }
    m_periodicSent = 0;
    m_periodic->setPayloads({spec()});
    m_periodic->setInterval(m_interval->value());
    m_periodic->setCount(quint64(m_count->value()));
    m_periodic->setTargets(m_targets);
    m_periodic->context().setSequence(m_context.sequence());
    addToHistory(spec());
    m_startingPeriodic = true;
    m_periodic->start();
    m_startingPeriodic = false;
    updateRepeatUi();
}

void SendComposer::showPeriodic(const PeriodicSend &send)
{
    setSpec(send.payload);
    m_interval->setValue(send.intervalMs);
    m_count->setValue(int(send.count)); // PeriodicSend::fromJson() kept it within the range
    updateRepeatUi();
}

void SendComposer::stopPeriodic()
{
    m_periodic->stop();
    updateRepeatUi();
}

bool SendComposer::isPeriodicRunning() const
{
    return m_periodic->isRunning();
}

QString SendComposer::shortCount(quint64 count)
{
    // Five digits, or a shortened form as wide: the reserved width holds any count.
    if (count < 100000)
        return QString::number(count);
    if (count < 1000000)
        return tr("%1k").arg(double(count) / 1e3, 0, 'f', 1);
    if (count < 100000000)
        return tr("%1M").arg(double(count) / 1e6, 0, 'f', 1);
    return tr("%1M").arg(count / 1000000);
}

void SendComposer::updateRepeatUi()
{
    const bool running = m_periodic->isRunning();
    m_repeat->setChecked(running);
    m_interval->setEnabled(!running);
    m_count->setEnabled(!running);
    if (running) {
        m_repeat->setIcon(Icons::icon(Icons::Stop));
        QString label = tr("Stop (%1 sent)").arg(shortCount(quint64(m_periodicSent)));
        if (m_count->value() > 0) {
            const QString ofCount = tr("Stop (%1/%2)")
                                        .arg(shortCount(quint64(m_periodicSent)),
                                             shortCount(quint64(m_count->value())));
            if (m_repeat->fontMetrics().horizontalAdvance(ofCount) <= m_repeatTextRoom)
                label = ofCount;
        }
        m_repeat->setText(label);
    } else {
        m_repeat->setIcon(Icons::icon(Icons::Repeat));
        m_repeat->setText(tr("Repeat"));
    }
    m_repeat->setEnabled(m_valid || running);
}

void SendComposer::chooseAndSendFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Send a file"));
    if (!path.isEmpty())
        sendFile(path);
}

bool SendComposer::sendFile(const QString &path)
{
    QString error;
    if (!m_fileSender->start(path, m_targets, &error)) {
        showMessage(error, true);
        return false;
    }
    m_file->setEnabled(false);
    m_fileProgress->show();
    m_fileCancel->show();
    return true;
}

void SendComposer::loadSettings()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("composer"));
    m_history = settings.value(QStringLiteral("history")).toStringList();
    m_interval->setValue(settings.value(QStringLiteral("intervalMs"), 1000).toInt());
    m_count->setValue(settings.value(QStringLiteral("count"), 0).toInt());
    // The line ending's enum value (None 0, CR 1, LF 2, CR LF 3).
    QComboBox *lineEnding = m_payload->lineEndingBox();
    const int stored =
        lineEnding->findData(settings.value(QStringLiteral("lineEnding"), 0).toInt());
    lineEnding->setCurrentIndex(qMax(0, stored));
}

void SendComposer::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("composer"));
    settings.setValue(QStringLiteral("history"), m_history);
    settings.setValue(QStringLiteral("intervalMs"), m_interval->value());
    settings.setValue(QStringLiteral("count"), m_count->value());
    settings.setValue(QStringLiteral("lineEnding"), m_payload->lineEndingBox()->currentData());
}

} // namespace sockeye
