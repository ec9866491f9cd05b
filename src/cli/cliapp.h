#pragma once

#include "clioptions.h"
#include "session/session.h"

#include <QElapsedTimer>
#include <QObject>

#include <memory>

class QFile;

namespace sockeye {
class ConversationTable;
class FileSender;
class PeriodicSender;
class ReceiveFile;
class Recorder;
class Replayer;
class Responder;
class SessionManager;
class StreamFramers;
class TrafficLog;
} // namespace sockeye

namespace sockeye::cli {

class FrameWriter;
class StatsPrinter;
class WorkspaceRunner;

/// What the CLI keeps of its traffic in memory: it streams to stdout (4 MiB).
inline constexpr qint64 CliLogBudget = 4 * 1024 * 1024;

/**
 * Runs one sockeye-cli command on the core: starts the session, sends, answers, prints frames
 * to stdout and decides the exit code. Quits the event loop through finished(code).
 */
class CliApp : public QObject
{
    Q_OBJECT
public:
    explicit CliApp(const CliOptions &options, QObject *parent = nullptr);
    ~CliApp() override;

    /// Starts the work; finished() follows (possibly at once).
    void start();
    /// Ends gracefully (Ctrl+C).
    void interrupt();

signals:
    void finished(int exitCode);

private:
    void onStateChanged(Session::State state);
    void onError(SessionError error, const QString &message);
    void onFrame(PeerId peer, const QByteArray &frame);
    void onReady();
    void sendAll();
    bool sendFileContents();
    void afterSends();
    void checkExpectation(const QByteArray &frame);
    void finish(int code);
    void message(const QString &text);
    /// " The peer acknowledged N of them." for a send cut short, or "" when unknown.
    [[nodiscard]] QString acknowledgedSentence() const;
    /// The TLS handshake's result and the peer's certificates, on stderr.
    void tellTls(const Peer &peer);
    void writeFrame(PeerId peer, const QByteArray &frame);
    [[nodiscard]] bool waitsForSomething() const;
    void runExport();
    bool loadReplay();
    bool startRecording();
    bool startReceiveFile();

    CliOptions m_options;
    SessionManager *m_manager; // the one session of connect/listen, made as the app makes them
    TrafficLog *m_log;
    Session *m_session = nullptr;
    StreamFramers *m_framer = nullptr;
    Responder *m_responder = nullptr;
    PeriodicSender *m_periodic = nullptr;
    ReceiveFile *m_receiveFile = nullptr;
    ConversationTable *m_conversations = nullptr;
    Recorder *m_recorder = nullptr;
    Replayer *m_replayer = nullptr;
    FileSender *m_fileSender = nullptr;
    QList<TrafficRecord> m_replayRecords;
    FrameWriter *m_output;
    StatsPrinter *m_stats = nullptr;     // --stats
    WorkspaceRunner *m_runner = nullptr; // run WORKSPACE
    QByteArray m_received;               // for --expect: everything received, capped
    quint64 m_frames = 0;
    bool m_ready = false;
    bool m_sendsDone = false;
    bool m_finished = false;
};

} // namespace sockeye::cli
