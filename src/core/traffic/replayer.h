#pragma once

#include "trafficrecord.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>

class QTimer;

namespace sockeye {

class ConversationTable;
class Session;

/**
 * Sends recorded data again: the client side of a conversation (or any list of data records)
 * to a target session, with the original gaps between records (scaled by a speed factor) or
 * as fast as the event loop allows. Driven by a timer, so the session's I/O and the GUI keep
 * running; reports progress and can be stopped at any time.
 */
class Replayer : public QObject
{
    Q_OBJECT
public:
    enum class Timing { Original, AsFastAsPossible };
    Q_ENUM(Timing)

    explicit Replayer(Session *target, QObject *parent = nullptr);

    /// The records to send, in order; only data records count.
    void setRecords(const QList<TrafficRecord> &records);
    void setTiming(Timing timing) { m_timing = timing; }
    /// With original timing, 2.0 replays twice as fast. Must be > 0.
    void setSpeed(double factor) { m_speed = factor > 0 ? factor : 1.0; }
    /// Peers of the target to send to (empty: the session's default, see Session::send).
    void setTargets(const QList<PeerId> &targets) { m_targets = targets; }

    /// The side of a conversation that opened it: what a client sent (Tx records when we were
    /// the client, Rx records when we were the server). For UDP, or when the table does not know
    /// the conversation, the side that sent first.
    [[nodiscard]] static QList<TrafficRecord> clientSide(const QList<TrafficRecord> &records,
                                                         const ConversationTable *table,
                                                         SessionId session, PeerId peer);

    /// Starts at once; returns false (and says why in failed()) when there is nothing to send.
    bool start();
    void stop();
    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] qsizetype sent() const { return m_next; }
    [[nodiscard]] qsizetype total() const { return m_records.size(); }

signals:
    void progress(qsizetype sent, qsizetype total);
    /// Everything was sent (not emitted by stop()).
    void finished();
    /// A send failed; the replay has stopped.
    void failed(const QString &message);

private:
    void tick();
    void scheduleNext();

    QPointer<Session> m_target;
    QTimer *m_timer;
    QElapsedTimer m_clock;
    QList<TrafficRecord> m_records;
    QList<PeerId> m_targets;
    Timing m_timing = Timing::Original;
    double m_speed = 1.0;
    qsizetype m_next = 0;
    bool m_running = false;
};

} // namespace sockeye
