#pragma once

#include "traffic/trafficrecord.h"

#include <QFile>
#include <QList>
#include <QObject>

class QTimer;

namespace sockeye {

class Session;

/**
 * Streams a file to a session in chunks read one at a time from a QFile (never the whole file
 * in memory). Over TCP it goes as fast as the peer reads: it keeps at most maxPendingBytes()
 * waiting in the socket buffers (Session::bytesToWrite()) and sends on as the system takes
 * them (Session::bytesWritten), a burst at a time so the event loop stays responsive. UDP,
 * which has no such queue, is paced by a timer. Cancel at any time. A pipe (`/dev/stdin`, as
 * sockeye-cli's `--send -`) works too: it ends when a read returns nothing.
 */
class FileSender : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 DefaultChunkSize = 16 * 1024;
    /// What may wait in the socket buffers before sending pauses (1 MiB).
    static constexpr qint64 DefaultMaxPendingBytes = 1024 * 1024;

    FileSender(Session *session, QObject *parent = nullptr);

    /// Starts sending; returns false (and sets `error`) when the file cannot be opened.
    bool start(const QString &path, const QList<PeerId> &targets, QString *error = nullptr);
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_file.isOpen(); }
    [[nodiscard]] qint64 bytesSent() const { return m_sent; }
    [[nodiscard]] qint64 totalBytes() const { return m_total; }
    void setChunkSize(qint64 bytes) { m_chunkSize = qMax<qint64>(1, bytes); }
    /// UDP: the pause between chunks (TCP follows the socket instead).
    void setIntervalMs(int ms);
    void setMaxPendingBytes(qint64 bytes) { m_maxPending = qMax<qint64>(1, bytes); }
    [[nodiscard]] qint64 maxPendingBytes() const { return m_maxPending; }
    /// The most that waited in the socket buffers during the last send.
    [[nodiscard]] qint64 peakPendingBytes() const { return m_peakPending; }
    /// The last send ended because the file could not be read (not because of the session).
    [[nodiscard]] bool readFailed() const { return m_readFailed; }

signals:
    void progress(qint64 sent, qint64 total);
    /// Finished: `ok` false when cancelled or failed, with the reason in `message`.
    void finished(bool ok, const QString &message);

private:
    void pump();
    void finish(bool ok, const QString &message);

    Session *m_session;
    QFile m_file;
    QTimer *m_timer;
    bool m_holding = false; ///< holds the targets open (Session::holdOpen)
    QList<PeerId> m_targets;
    qint64 m_chunkSize = DefaultChunkSize;
    qint64 m_maxPending = DefaultMaxPendingBytes;
    qint64 m_peakPending = 0;
    int m_intervalMs = 2;
    qint64 m_sent = 0;
    qint64 m_total = 0;
    bool m_readFailed = false;
};

} // namespace sockeye
