#include "session/sendcomposer.h"

#include "automation/filesender.h"
#include "automation/periodicsender.h"
#include "payload/textcodec.h"
#include "session/session.h"
#include "widgets/flowlayout.h"
#include "widgets/icons.h"
#include "widgets/theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTextBlock>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace sockeye {

namespace {
const PayloadSpec::LineEnding LineEndings[] = {
    PayloadSpec::LineEnding::None, PayloadSpec::LineEnding::Cr, PayloadSpec::LineEnding::Lf,
    PayloadSpec::LineEnding::CrLf};

// "line 2, column 5" for a position in a multi-line text.
QString whereIs(const QString &text, int position)
{
    const QString before = text.left(position);
    const int line = int(before.count(QLatin1Char('\n'))) + 1;
    const int column = position - int(before.lastIndexOf(QLatin1Char('\n')) + 1) + 1;
    return SendComposer::tr("line %1, column %2").arg(line).arg(column);
}
} // namespace

SendComposer::SendComposer(Session *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_editor(new QPlainTextEdit(this))
    , m_mode(new QComboBox(this))
    , m_encoding(new QComboBox(this))
    , m_lineEnding(new QComboBox(this))
    , m_checksum(new QComboBox(this))
    , m_escapes(new QCheckBox(tr("Escapes"), this))
    , m_send(new QPushButton(Icons::icon(Icons::Send), tr("Send"), this))
    , m_repeat(new QPushButton(Icons::icon(Icons::Repeat), tr("Repeat"), this))
    , m_interval(new QSpinBox(this))
    , m_count(new QSpinBox(this))
    , m_file(new QToolButton(this))
    , m_savePreset(new QToolButton(this))
    , m_message(new QLabel(this))
    , m_targetsLabel(new QLabel(this))
    , m_fileProgress(new QProgressBar(this))
    , m_fileCancel(new QToolButton(this))
    , m_periodic(new PeriodicSender(session, this))
    , m_fileSender(new FileSender(session, this))
{
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setPlaceholderText(
        tr("Payload to send. Text mode: \\r \\n \\t \\xHH escapes and {seq} {time:iso} "
           "{rand:4} fields. Hex mode: 48 65 6C 6C 6F. Ctrl+Enter sends; Up/Down recall "
           "history."));
    m_editor->setTabChangesFocus(true);
    m_editor->setMinimumHeight(48);
    m_editor->installEventFilter(this);
    m_editor->setAccessibleName(tr("Payload"));

    m_mode->addItem(tr("Text"));
    m_mode->addItem(tr("Hex"));
    m_mode->setToolTip(tr("Switching converts what is typed to the other form"));
    m_encoding->addItems(TextCodec::encodings());
    m_encoding->setToolTip(tr("Encoding of text payloads"));
    m_lineEnding->addItem(tr("No line ending"));
    m_lineEnding->addItem(tr("CR"));
    m_lineEnding->addItem(tr("LF"));
    m_lineEnding->addItem(tr("CR LF"));
    m_lineEnding->setToolTip(tr("Appended after the payload (and after any checksum)"));
    m_checksum->addItem(tr("No checksum"), QString());
    for (Checksum::Algorithm algorithm : Checksum::algorithms())
        m_checksum->addItem(Checksum::displayName(algorithm), Checksum::id(algorithm));
    m_checksum->setToolTip(tr("Checksum of the payload, appended before the line ending"));
    m_escapes->setChecked(true);
    m_escapes->setToolTip(tr("Process \\r \\n \\xHH escapes and {fields} in text mode; off sends "
                             "exactly what is typed"));

    m_send->setDefault(true);
    m_send->setToolTip(tr("Send the payload (Ctrl+Enter)"));
    m_repeat->setCheckable(true);
    m_repeat->setToolTip(tr("Send the payload again and again at the interval, the given "
                            "number of times (0: until stopped)"));
    m_interval->setRange(1, 3600 * 1000);
    m_interval->setValue(1000);
    m_interval->setSuffix(tr(" ms"));
    m_interval->setToolTip(tr("Interval between periodic sends"));
    m_count->setRange(0, 1000000);
    m_count->setSpecialValueText(tr("forever"));
    m_count->setPrefix(tr("× "));
    m_count->setToolTip(tr("How many periodic sends (forever: until stopped)"));
    m_file->setIcon(Icons::icon(Icons::File));
    m_file->setText(tr("File…"));
    m_file->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_file->setToolTip(tr("Send a file, streamed in chunks"));
    m_savePreset->setIcon(Icons::icon(Icons::Preset));
    m_savePreset->setText(tr("Save as preset"));
    m_savePreset->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_savePreset->setToolTip(tr("Keep this payload in the presets list"));
    m_fileProgress->hide();
    m_fileCancel->setText(tr("Cancel"));
    m_fileCancel->setToolTip(tr("Stop sending the file"));
    m_fileCancel->hide();
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    QFont small = m_targetsLabel->font();
    small.setPointSizeF(small.pointSizeF() * 0.92);
    m_targetsLabel->setFont(small);

    // Both rows wrap in a narrow window rather than widen it.
    m_targetsLabel->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_targetsLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto *options = new FlowLayout;
    options->setSpacing(4);
    options->setVerticalSpacing(2);
    options->addWidget(FlowLayout::group(this, {m_mode, m_encoding, m_escapes}));
    options->addWidget(FlowLayout::group(this, {m_lineEnding, m_checksum}));
    options->addWidget(m_targetsLabel);

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
    layout->addLayout(options);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_message);
    layout->addLayout(actions);

    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        m_historyIndex = -1;
        validate();
    });
    connect(m_mode, &QComboBox::currentIndexChanged, this,
            [this](int index) { onModeChanged(index); });
    connect(m_encoding, &QComboBox::currentIndexChanged, this, [this] { validate(); });
    connect(m_lineEnding, &QComboBox::currentIndexChanged, this, [this] { validate(); });
    connect(m_checksum, &QComboBox::currentIndexChanged, this, [this] { validate(); });
    connect(m_escapes, &QCheckBox::toggled, this, [this] { validate(); });
    connect(m_send, &QPushButton::clicked, this, [this] { send(); });
    connect(m_repeat, &QPushButton::clicked, this, [this](bool on) {
        if (on)
            startPeriodic();
        else
            stopPeriodic();
    });
    connect(m_periodic, &PeriodicSender::sentOne, this, [this](quint64 sent) {
        m_periodicSent = int(sent);
        m_context.setSequence(m_periodic->context().sequence()); // {seq} goes on from here
        updateRepeatUi();
    });
    connect(m_periodic, &PeriodicSender::finished, this, [this] { updateRepeatUi(); });
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
    PayloadSpec spec(m_mode->currentIndex() == 1 ? PayloadSpec::Mode::Hex : PayloadSpec::Mode::Text,
                     m_editor->toPlainText());
    spec.setEncoding(m_encoding->currentText());
    spec.setEscapes(m_escapes->isChecked());
    spec.setLineEnding(LineEndings[qBound(0, m_lineEnding->currentIndex(), 3)]);
    const auto algorithm = Checksum::algorithmFromName(m_checksum->currentData().toString());
    spec.setChecksum(Checksum(algorithm.value_or(Checksum::Algorithm::None)));
    return spec;
}

void SendComposer::setSpec(const PayloadSpec &spec)
{
    const QSignalBlocker blockMode(m_mode);
    m_mode->setCurrentIndex(spec.mode() == PayloadSpec::Mode::Hex ? 1 : 0);
    m_lastMode = m_mode->currentIndex();
    const int encoding = m_encoding->findText(spec.encoding());
    if (encoding >= 0)
        m_encoding->setCurrentIndex(encoding);
    m_escapes->setChecked(spec.escapes());
    for (int i = 0; i < 4; ++i) {
        if (LineEndings[i] == spec.lineEnding())
            m_lineEnding->setCurrentIndex(i);
    }
    const int checksum = m_checksum->findData(Checksum::id(spec.checksum().algorithm()));
    m_checksum->setCurrentIndex(
        spec.checksum().algorithm() == Checksum::Algorithm::None ? 0 : qMax(0, checksum));
    m_editor->setPlainText(spec.text());
    m_editor->moveCursor(QTextCursor::End);
    m_encoding->setEnabled(m_mode->currentIndex() == 0);
    m_escapes->setEnabled(m_mode->currentIndex() == 0);
    validate();
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
        text = m_targets.isEmpty() ? tr("To: all clients (select rows to choose)")
                                   : tr("To: %n selected client(s)", "", int(m_targets.size()));
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

void SendComposer::onModeChanged(int index)
{
    PayloadSpec current = spec();
    current.setMode(m_lastMode == 1 ? PayloadSpec::Mode::Hex : PayloadSpec::Mode::Text);
    PayloadError error;
    const PayloadSpec converted =
        current.convertedTo(index == 1 ? PayloadSpec::Mode::Hex : PayloadSpec::Mode::Text, &error);
    if (error.isError() && !current.text().isEmpty()) {
        // Keep what was typed and the mode it was typed in; say why.
        const QSignalBlocker blocker(m_mode);
        m_mode->setCurrentIndex(m_lastMode);
        showMessage(tr("Cannot convert: %1").arg(error.message), true);
        return;
    }
    m_lastMode = index;
    m_encoding->setEnabled(index == 0);
    m_escapes->setEnabled(index == 0);
    {
        const QSignalBlocker blocker(m_editor);
        m_editor->setPlainText(converted.text());
        m_editor->moveCursor(QTextCursor::End);
    }
    validate();
}

void SendComposer::validate()
{
    const PayloadSpec current = spec();
    const PayloadError error = current.validate();
    QList<QTextEdit::ExtraSelection> marks;
    m_valid = !error.isError();
    if (m_valid) {
        m_message->hide();
        m_message->clear();
    } else {
        const QString text = m_editor->toPlainText();
        const QString where = error.position >= 0 ? whereIs(text, error.position) : QString();
        showMessage(where.isEmpty() ? error.message : tr("At %1: %2").arg(where, error.message),
                    true);
        if (error.position >= 0) {
            QTextEdit::ExtraSelection mark;
            mark.cursor = QTextCursor(m_editor->document());
            mark.cursor.setPosition(qMin(error.position, int(text.size())));
            mark.cursor.movePosition(QTextCursor::NextCharacter, QTextCursor::KeepAnchor);
            mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
            mark.format.setUnderlineColor(Theme::errorMark());
            QColor bg = Theme::errorMark();
            bg.setAlpha(70);
            mark.format.setBackground(bg);
            marks << mark;
        }
    }
    m_editor->setExtraSelections(marks);
    if (m_valid && m_periodic->isRunning())
        m_periodic->setPayloads({current}); // edits while repeating go out with the next send
    updateSendEnabled();
}

bool SendComposer::hasPayload() const
{
    // An empty editor sends nothing, unless a line ending makes the payload.
    return m_valid && (!m_editor->toPlainText().isEmpty() || m_lineEnding->currentIndex() != 0);
}

void SendComposer::updateSendEnabled()
{
    m_send->setEnabled(hasPayload());
    m_repeat->setEnabled(m_valid || m_periodic->isRunning());
}

void SendComposer::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    QPalette pal = m_message->palette();
    pal.setColor(QPalette::WindowText,
                 error ? Theme::errorText(palette()) : palette().color(QPalette::WindowText));
    m_message->setPalette(pal);
    m_message->setVisible(!text.isEmpty());
}

QString SendComposer::message() const
{
    return m_message->isVisible() ? m_message->text() : QString();
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
        m_message->hide();
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
    return true;
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
    if (watched == m_editor && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        // Ctrl+Enter sends (the main window's Send action catches it first when there is one).
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
            key->modifiers().testFlag(Qt::ControlModifier)) {
            send();
            return true;
        }
        if (key->modifiers() == Qt::NoModifier || key->modifiers() == Qt::KeypadModifier) {
            const QTextCursor cursor = m_editor->textCursor();
            if (key->key() == Qt::Key_Up && cursor.blockNumber() == 0) {
                walkHistory(-1);
                return true;
            }
            if (key->key() == Qt::Key_Down &&
                cursor.blockNumber() == m_editor->document()->blockCount() - 1) {
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
    m_periodic->start();
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

void SendComposer::updateRepeatUi()
{
    const bool running = m_periodic->isRunning();
    m_repeat->setChecked(running);
    m_interval->setEnabled(!running);
    m_count->setEnabled(!running);
    if (running) {
        m_repeat->setIcon(Icons::icon(Icons::Stop));
        m_repeat->setText(m_count->value() > 0
                              ? tr("Stop (%1/%2)").arg(m_periodicSent).arg(m_count->value())
                              : tr("Stop (%1 sent)").arg(m_periodicSent));
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
    const int lineEnding = settings.value(QStringLiteral("lineEnding"), 0).toInt();
    m_lineEnding->setCurrentIndex(qBound(0, lineEnding, 3));
}

void SendComposer::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("composer"));
    settings.setValue(QStringLiteral("history"), m_history);
    settings.setValue(QStringLiteral("intervalMs"), m_interval->value());
    settings.setValue(QStringLiteral("count"), m_count->value());
    settings.setValue(QStringLiteral("lineEnding"), m_lineEnding->currentIndex());
}

} // namespace sockeye
