#pragma once

#include "trafficrecord.h"

#include <QObject>
#include <QSet>

#include <functional>
#include <memory>

class QFile;
class QTimer;

namespace sockeye {

class CaptureWriter;
class ConversationTable;
class TrafficLog;

/**
 * Records traffic to a pcapng file while sessions run: every record the TrafficLog appends
 * (of chosen sessions, or all) is written as it arrives, so a capture can be any size and
 * nothing is lost when the log evicts old records. The file is flushed to the system at least
 * every FlushIntervalMs and when recording stops, so a killed app loses at most that much.
 *
 * A recording is written in place (not through QSaveFile): what was written so far must
 * survive a crash. Peer addresses come from a ConversationTable that follows the sessions.
 */
class Recorder : public QObject
{
    Q_OBJECT
public:
    static constexpr int FlushIntervalMs = 250;

    Recorder(TrafficLog *log, const ConversationTable *conversations, QObject *parent = nullptr);
    ~Recorder() override;

    /// Only these sessions (empty: all, the default). Takes effect at once.
    void setSessions(const QSet<SessionId> &sessions) { m_sessions = sessions; }
    /// An extra test every record must pass (e.g. one peer only); empty: every record.
    void setFilter(std::function<bool(const TrafficRecord &)> filter)
    {
        m_filter = std::move(filter);
    }

    /// Creates (or replaces) the file and starts recording. Returns false and says why in
    /// errorString() when the file cannot be written.
    bool start(const QString &path, const QString &comment = {});
    /// Flushes and closes the file.
    void stop();
    /// Writes what is buffered to the system now.
    void flush();

    [[nodiscard]] bool isRecording() const { return m_file != nullptr; }
    [[nodiscard]] QString fileName() const { return m_path; }
    [[nodiscard]] quint64 recordsWritten() const { return m_records; }
    [[nodiscard]] qint64 bytesWritten() const;
    [[nodiscard]] QString errorString() const { return m_error; }

signals:
    void started(const QString &path);
    void stopped(const QString &path);
    /// Writing failed (disk full...); the recording has stopped. The sentence says why.
    void errorOccurred(const QString &message);

private:
    void onRecord(const TrafficRecord &record);
    void fail(const QString &message);

    TrafficLog *m_log;
    const ConversationTable *m_conversations;
    QTimer *m_flushTimer;
    std::unique_ptr<QFile> m_file;
    std::unique_ptr<CaptureWriter> m_writer;
    QSet<SessionId> m_sessions;
    std::function<bool(const TrafficRecord &)> m_filter;
    QString m_path;
    QString m_error;
    quint64 m_records = 0;
    qint64 m_lastBytes = 0;
};

} // namespace sockeye
