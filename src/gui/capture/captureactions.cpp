#include "capture/captureactions.h"

#include "capture/backgroundjob.h"
#include "capture/capturepanel.h"
#include "capture/recordingindicator.h"
#include "models/connectionlistmodel.h"
#include "models/trafficmodel.h"
#include "session/sessionmanager.h"
#include "session/sessionpanel.h"
#include "traffic/capturereader.h"
#include "traffic/conversationtable.h"
#include "traffic/exporter.h"
#include "traffic/recorder.h"
#include "traffic/trafficlog.h"
#include "traffic/trafficpane.h"
#include "traffic/trafficview.h"
#include "widgets/icons.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QProgressDialog>
#include <QSet>
#include <QSettings>

#include <memory>

namespace sockeye {

namespace {
// How long a sentence stays in the status bar: a passing note, a result, or until the next one.
constexpr int PassingMs = 8000;
constexpr int ResultMs = 15000;
constexpr int KeepMs = 0;

// A copy of a table with no live sessions behind it, safe to read from a worker thread.
std::unique_ptr<ConversationTable> snapshot(const ConversationTable *table,
                                            const QList<TrafficRecord> &records)
{
    auto copy = std::make_unique<ConversationTable>();
    if (!table)
        return copy;
    // Ask the live table about every peer first: it remembers them from then on.
    QSet<PeerKey> seen;
    for (const TrafficRecord &record : records) {
        const PeerKey key = record.peerKey();
        if (record.peer != NoPeer && !seen.contains(key)) {
            seen.insert(key);
            (void)table->find(record.session, record.peer);
        }
    }
    for (const CaptureSession &session : table->sessions())
        copy->insertSession(session);
    for (const Conversation &conversation : table->conversations())
        copy->insert(conversation);
    return copy;
}

QString directionText(TrafficModel::DirectionFilter filter)
{
    switch (filter) {
    case TrafficModel::DirectionFilter::ReceivedOnly:
        return CaptureActions::tr("received only");
    case TrafficModel::DirectionFilter::SentOnly:
        return CaptureActions::tr("sent only");
    case TrafficModel::DirectionFilter::Both:
        break;
    }
    return {};
}
} // namespace

CaptureActions::CaptureActions(SessionManager *manager, ConversationTable *conversations,
                               QWidget *window)
    : QObject(window)
    , m_manager(manager)
    , m_conversations(conversations)
    , m_window(window)
    , m_recorder(new Recorder(manager->log(), conversations, this))
    , m_indicator(new RecordingIndicator(m_recorder, window))
    , m_recordAll(new QAction(tr("&Record all sessions to file…"), this))
    , m_recordSession(new QAction(tr("Record &this session to file…"), this))
    , m_stopRecording(new QAction(Icons::icon(Icons::Stop), tr("Stop &recording"), this))
    , m_export(new QAction(Icons::icon(Icons::Save), tr("&Export…"), this))
    , m_openCapture(new QAction(Icons::icon(Icons::Open), tr("Open &capture…"), this))
{
    m_recordAll->setToolTip(tr("Write every session's traffic to a pcapng file as it happens; "
                               "a long capture loses nothing"));
    m_recordSession->setToolTip(tr("Write the current session's traffic to a pcapng file as it "
                                   "happens"));
    m_stopRecording->setToolTip(tr("Stop recording and close the file"));
    m_export->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_export->setToolTip(tr("Save traffic as text, hex, hex dump, CSV, raw bytes or pcapng "
                            "(Ctrl+E)"));
    m_openCapture->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_openCapture->setToolTip(tr("Open a pcapng or pcap file (ours or Wireshark's) read-only, "
                                 "to look at or replay (Ctrl+Shift+O)"));

    connect(m_recordAll, &QAction::triggered, this, [this] { recordDialog(false); });
    connect(m_recordSession, &QAction::triggered, this, [this] { recordDialog(true); });
    connect(m_stopRecording, &QAction::triggered, this, [this] { stopRecording(); });
    connect(m_indicator, &RecordingIndicator::stopRequested, this, [this] { stopRecording(); });
    connect(m_export, &QAction::triggered, this, [this] { exportDialog(); });
    connect(m_openCapture, &QAction::triggered, this, [this] { openCaptureDialog(); });
    connect(m_recorder, &Recorder::errorOccurred, this, [this](const QString &message) {
        emit statusMessage(tr("Recording stopped: %1").arg(message), KeepMs);
        updateActions();
    });

    QSettings settings;
    m_lastDir = settings.value(QStringLiteral("capture/lastDir"), QDir::homePath()).toString();
    if (const auto format = Exporter::formatFromName(
            settings.value(QStringLiteral("capture/exportFormat")).toString()))
        m_lastRequest.format = *format;
    updateActions();
}

CaptureActions::~CaptureActions()
{
    m_recorder->stop();
}

void CaptureActions::setCurrentTab(QWidget *tab)
{
    m_tab = tab;
    updateActions();
}

void CaptureActions::addToMenu(QMenu *menu)
{
    menu->addAction(m_openCapture);
    menu->addAction(m_export);
    menu->addSeparator();
    menu->addAction(m_recordAll);
    menu->addAction(m_recordSession);
    menu->addAction(m_stopRecording);
}

void CaptureActions::updateActions()
{
    const bool recording = m_recorder->isRecording();
    m_recordAll->setEnabled(!recording);
    m_recordSession->setEnabled(!recording && qobject_cast<SessionPanel *>(m_tab) != nullptr);
    m_stopRecording->setEnabled(recording);
}

QString CaptureActions::joinList(const QStringList &items)
{
    QString list = items.value(0);
    for (qsizetype i = 1; i < items.size(); ++i)
        list = tr("%1, %2", "a list: the items so far, then the next one").arg(list, items.at(i));
    return list;
}

bool CaptureActions::startRecording(const QString &path, const QSet<SessionId> &sessions)
{
    m_recorder->setSessions(sessions);
    QString comment = tr("Recorded by Sockeye");
    if (!sessions.isEmpty()) {
        QStringList names;
        for (SessionId id : sessions)
            names << m_conversations->sessionName(id);
        comment = tr("Recorded by Sockeye: %1").arg(joinList(names));
    }
    if (!m_recorder->start(path, comment)) {
        emit statusMessage(m_recorder->errorString(), KeepMs);
        updateActions();
        return false;
    }
    m_recordingPath = path;
    emit statusMessage(tr("Recording to %1.").arg(QDir::toNativeSeparators(path)), PassingMs);
    updateActions();
    return true;
}

void CaptureActions::stopRecording()
{
    if (!m_recorder->isRecording())
        return;
    m_recorder->stop();
    emit statusMessage(tr("Recorded %n record(s) (%1) to %2.", "",
                          int(qMin<quint64>(m_recorder->recordsWritten(), INT_MAX)))
                           .arg(ConnectionListModel::formatBytes(m_recorder->bytesWritten()),
                                QDir::toNativeSeparators(m_recordingPath)),
                       PassingMs);
    updateActions();
}

void CaptureActions::recordDialog(bool currentSessionOnly)
{
    SessionPanel *panel = qobject_cast<SessionPanel *>(m_tab);
    if (currentSessionOnly && !panel)
        return;
    QFileDialog dialog(m_window, currentSessionOnly ? tr("Record %1 to file").arg(panel->title())
                                                    : tr("Record all sessions to file"));
    dialog.setObjectName(QStringLiteral("recordFileDialog"));
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setDirectory(m_lastDir);
    dialog.setNameFilter(ExportDialog::fileFilter(Exporter::Format::Pcapng));
    dialog.setDefaultSuffix(QStringLiteral("pcapng"));
    dialog.selectFile(
        QStringLiteral("sockeye-%1.pcapng")
            .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return;
    const QString path = dialog.selectedFiles().constFirst();
    m_lastDir = QFileInfo(path).absolutePath();
    QSettings().setValue(QStringLiteral("capture/lastDir"), m_lastDir);
    QSet<SessionId> sessions;
    if (currentSessionOnly)
        sessions.insert(panel->session()->id());
    startRecording(path, sessions);
}

CaptureActions::Source CaptureActions::currentSource() const
{
    Source source;
    QWidget *tab = m_tab;
    if (auto *capture = qobject_cast<CapturePanel *>(tab)) {
        source.log = capture->log();
        source.table = capture->conversations();
        source.view = capture->trafficPane()->view();
        source.name = capture->title();
        return source;
    }
    source.log = m_manager->log();
    source.table = m_conversations;
    if (auto *panel = qobject_cast<SessionPanel *>(tab)) {
        source.view = panel->trafficPane()->view();
        source.name = panel->title();
    }
    return source;
}

QString CaptureActions::viewDescription(const Source &source) const
{
    if (!source.view)
        return {};
    const TrafficModel *model = source.view->model();
    QStringList parts;
    const SessionId session = model->sessionFilter();
    parts << (session == 0 ? tr("every session") : source.table->sessionName(session));
    if (model->peerFilter() != NoPeer)
        parts << tr("peer %1").arg(model->peerLabel(session, model->peerFilter()));
    if (const QString direction = directionText(model->directionFilter()); !direction.isEmpty())
        parts << direction;
    return tr("%1 (%n record(s))", "", model->rowCount() + int(model->pendingCount()))
        .arg(joinList(parts));
}

QList<TrafficRecord> CaptureActions::recordsFor(ExportRequest::Scope scope) const
{
    const Source source = currentSource();
    QList<TrafficRecord> records;
    if (!source.log)
        return records;
    switch (scope) {
    case ExportRequest::Scope::All: {
        records.reserve(source.log->size());
        for (qsizetype i = 0; i < source.log->size(); ++i)
            records << source.log->at(i);
        break;
    }
    case ExportRequest::Scope::View: {
        if (!source.view)
            break;
        // What the view shows, including records a paused view has not inserted yet.
        const TrafficModel *model = source.view->model();
        const TrafficLog *log = model->log();
        for (qsizetype i = 0; i < log->size(); ++i) {
            if (model->accepts(log->at(i)))
                records << log->at(i);
        }
        break;
    }
    case ExportRequest::Scope::Selection: {
        if (!source.view)
            break;
        for (int row : source.view->selectedRows()) {
            if (const TrafficRecord *record = source.view->model()->recordAt(row))
                records << *record;
        }
        break;
    }
    case ExportRequest::Scope::Recording:
        break;
    }
    return records;
}

void CaptureActions::exportDialog()
{
    const Source source = currentSource();
    ExportDialog dialog(m_window);
    const bool capture = source.log != m_manager->log();
    dialog.setScopeText(
        ExportRequest::Scope::All,
        capture ? tr("the whole capture (%n record(s))", "", int(source.log->size()))
                : tr("every session (%n record(s) in memory)", "", int(source.log->size())));
    dialog.setScopeText(ExportRequest::Scope::View, viewDescription(source));
    const int selected = source.view ? int(source.view->selectedRows().size()) : 0;
    dialog.setScopeText(ExportRequest::Scope::Selection,
                        selected > 0 ? tr("%n record(s)", "", selected) : QString());
    const bool haveRecording =
        !capture && !m_recordingPath.isEmpty() && QFileInfo::exists(m_recordingPath);
    dialog.setScopeText(
        ExportRequest::Scope::Recording,
        haveRecording
            ? tr("%1%2").arg(QFileInfo(m_recordingPath).fileName(),
                             m_recorder->isRecording() ? tr(" (still recording)") : QString())
            : QString());
    ExportRequest request = m_lastRequest;
    if (source.view)
        request.encoding = source.view->encoding();
    if (selected > 0)
        request.scope = ExportRequest::Scope::Selection;
    else if (source.view &&
             (source.view->model()->peerFilter() != NoPeer ||
              source.view->model()->directionFilter() != TrafficModel::DirectionFilter::Both))
        request.scope = ExportRequest::Scope::View;
    else
        request.scope = ExportRequest::Scope::All;
    dialog.setRequest(request);
    if (dialog.exec() != QDialog::Accepted)
        return;
    request = dialog.request();

    QFileDialog files(m_window, tr("Export to"));
    files.setObjectName(QStringLiteral("exportFileDialog"));
    files.setAcceptMode(QFileDialog::AcceptSave);
    files.setDirectory(m_lastDir);
    files.setNameFilter(ExportDialog::fileFilter(request.format));
    files.setDefaultSuffix(Exporter::suffix(request.format));
    const QString base = source.name.isEmpty() ? QStringLiteral("sockeye") : source.name;
    QString stem;
    for (const QChar c : base)
        stem += c.isLetterOrNumber() || c == QLatin1Char('-') ? c : QLatin1Char('_');
    files.selectFile(stem + QLatin1Char('.') + Exporter::suffix(request.format));
    if (files.exec() != QDialog::Accepted || files.selectedFiles().isEmpty())
        return;
    request.path = files.selectedFiles().constFirst();
    m_lastDir = QFileInfo(request.path).absolutePath();
    QSettings settings;
    settings.setValue(QStringLiteral("capture/lastDir"), m_lastDir);
    settings.setValue(QStringLiteral("capture/exportFormat"), Exporter::formatName(request.format));
    m_lastRequest = request;
    exportTo(request);
}

bool CaptureActions::exportTo(const ExportRequest &request)
{
    const Source source = currentSource();
    QString path = request.path;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.') + Exporter::suffix(request.format);
    const bool fromRecording = request.scope == ExportRequest::Scope::Recording;
    if (fromRecording && m_recordingPath.isEmpty()) {
        emit statusMessage(tr("Nothing was recorded yet: start File > Record first."), KeepMs);
        return false;
    }
    QList<TrafficRecord> records;
    std::unique_ptr<ConversationTable> table;
    if (!fromRecording) {
        records = recordsFor(request.scope);
        if (records.isEmpty()) {
            emit statusMessage(tr("Nothing to export: no records in that choice."), KeepMs);
            return false;
        }
        table = snapshot(source.table, records);
    } else if (m_recorder->isRecording()) {
        m_recorder->flush();
    }

    auto exporter = std::make_unique<Exporter>(table.get());
    exporter->setFormat(request.format);
    exporter->setEncoding(request.encoding);
    exporter->setRawLayout(request.rawLayout);
    exporter->setIncludeEvents(request.includeEvents);
    Exporter *e = exporter.get();
    bool ok = false;
    const QString recording = m_recordingPath;
    BackgroundJob::run(
        m_window, tr("Exporting to %1…").arg(QFileInfo(path).fileName()), e,
        [e, &ok, &records, path, recording, fromRecording] {
            ok =
                fromRecording ? e->exportCapture(recording, path) : e->exportRecords(records, path);
        },
        [e] { e->cancel(); },
        [e](QProgressDialog *dialog) {
            QObject::connect(e, &Exporter::progress, dialog, [dialog](qint64 done, qint64 total) {
                BackgroundJob::setProgress(dialog, done, total);
            });
        });

    QString message;
    if (ok) {
        const QStringList written = e->writtenFiles();
        const int count = int(qMin<quint64>(e->recordsWritten(), INT_MAX));
        if (written.size() == 1)
            message =
                tr("Exported %n record(s) to %1 (%2).", "", count)
                    .arg(QDir::toNativeSeparators(written.constFirst()),
                         ConnectionListModel::formatBytes(QFileInfo(written.constFirst()).size()));
        else
            message = tr("Exported %n record(s) to %1 files next to %2.", "", count)
                          .arg(written.size())
                          .arg(QDir::toNativeSeparators(path));
        if (!e->warnings().isEmpty())
            message += QLatin1Char(' ') + e->warnings().join(QLatin1Char(' '));
    } else if (e->wasCanceled()) {
        message =
            tr("Export cancelled; %1 was left as it was.").arg(QDir::toNativeSeparators(path));
    } else {
        message = e->errorString();
    }
    emit statusMessage(message, ok ? ResultMs : KeepMs);
    return ok;
}

void CaptureActions::openCaptureDialog()
{
    QFileDialog dialog(m_window, tr("Open capture"));
    dialog.setObjectName(QStringLiteral("openCaptureDialog"));
    dialog.setAcceptMode(QFileDialog::AcceptOpen);
    dialog.setFileMode(QFileDialog::ExistingFile);
    dialog.setDirectory(m_lastDir);
    dialog.setNameFilters({tr("Packet captures (*.pcapng *.pcap *.cap)"), tr("All files (*)")});
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return;
    const QString path = dialog.selectedFiles().constFirst();
    m_lastDir = QFileInfo(path).absolutePath();
    QSettings().setValue(QStringLiteral("capture/lastDir"), m_lastDir);
    openCapture(path);
}

CapturePanel *CaptureActions::openCapture(const QString &path)
{
    if (path == m_recordingPath && m_recorder->isRecording())
        m_recorder->flush();
    auto reader = std::make_unique<CaptureReader>();
    CaptureReader *r = reader.get();
    bool ok = false;
    BackgroundJob::run(
        m_window, tr("Reading %1…").arg(QFileInfo(path).fileName()), r,
        [r, &ok, path] { ok = r->read(path); }, [r] { r->cancel(); },
        [r](QProgressDialog *dialog) {
            QObject::connect(r, &CaptureReader::progress, dialog,
                             [dialog](qint64 done, qint64 total) {
                                 BackgroundJob::setProgress(dialog, done, total);
                             });
        });
    if (!ok) {
        const QString why = r->errorString();
        emit statusMessage(why.isEmpty()
                               ? tr("Opening %1 was cancelled.").arg(QDir::toNativeSeparators(path))
                               : why,
                           KeepMs);
        return nullptr;
    }
    auto *panel = new CapturePanel(path, r->records(), r->conversations(), r->warnings(), m_manager,
                                   m_window);
    panel->hide(); // a child window until it becomes a tab
    emit captureOpened(panel, tr("%1 (read-only capture)").arg(path));
    emit statusMessage(tr("Opened %1: %n record(s).", "", int(r->records().size()))
                           .arg(QDir::toNativeSeparators(path)),
                       PassingMs);
    return panel;
}

} // namespace sockeye
