#pragma once

#include "payload/payloadcontext.h"
#include "payload/payloadspec.h"
#include "traffic/trafficrecord.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QObject>

#include <optional>

class QTimer;

namespace sockeye {

class Session;

/**
 * A periodic send as it is saved with a session (SessionSetup's `periodic`):
 * `{"payload": {...}, "intervalMs": 1000, "count": 0, "running": true}`. `running` says it was
 * sending when saved; restored, it starts again once the session can send (SessionController).
 */
struct PeriodicSend
{
    PayloadSpec payload;
    int intervalMs = 1000;
    quint64 count = 0; ///< 0: until stopped
    bool running = false;

    /// The most a saved interval or count may be (one day; a billion sends).
    static constexpr int MaxIntervalMs = 86400000;
    static constexpr quint64 MaxCount = 1000000000;

    [[nodiscard]] QJsonObject toJson() const;
    /// Reads what toJson() wrote. A bad field is refused with a sentence naming it
    /// ("intervalMs: ..."); nothing is returned then.
    [[nodiscard]] static std::optional<PeriodicSend> fromJson(const QJsonObject &json,
                                                              QString *error = nullptr);

private:
    Q_DECLARE_TR_FUNCTIONS(sockeye::PeriodicSend)
};

/**
 * Sends payloads on a session at a fixed interval, `count` times or until stopped.
 *
 * Tick n is due at start + n * interval (kept in nanoseconds, the timer aimed at the nearest
 * millisecond), so the rate does not drift however long each send or the event loop takes.
 * When the loop was late, the ticks that came due meanwhile are sent at once, in one batch of
 * at most MaxBatch; ticks beyond that are not sent but counted as missed (missed(), and the
 * ticksMissed signal), so a schedule the machine cannot keep says so instead of drifting or
 * bursting. Several payloads are sent in turn, one per send. Dynamic fields ({seq}...) come
 * from the sender's own PayloadContext.
 */
class PeriodicSender : public QObject
{
    Q_OBJECT
public:
    explicit PeriodicSender(Session *session, QObject *parent = nullptr);

    void setPayloads(const QList<PayloadSpec> &payloads) { m_payloads = payloads; }
    void setInterval(int ms) { m_intervalMs = qMax(ms, 0); }
    /// How many sends; 0 means until stop().
    void setCount(quint64 count) { m_count = count; }
    void setTargets(const QList<PeerId> &targets) { m_targets = targets; }

    /// Starts with a send right away. Returns false (and says why) when there is nothing valid
    /// to send.
    bool start();
    void stop();
    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] quint64 sent() const { return m_sent; }
    /// Ticks of the schedule that passed unsent because the loop was too late (see above).
    [[nodiscard]] quint64 missed() const { return m_missed; }
    /// Says how many ticks were missed and why, for the user ("3 ticks of the 1 ms interval...").
    [[nodiscard]] QString missedText() const;
    /// The most late ticks sent at once; ticks later than that are missed.
    static constexpr int MaxBatch = 16;
    [[nodiscard]] PayloadContext &context() { return m_context; }

    /// What it sends and how often (the first payload), and whether it is sending.
    [[nodiscard]] PeriodicSend settings() const;
    /// Takes the payload, interval and count (not `running`: start() does that).
    void setSettings(const PeriodicSend &send);

signals:
    /// start() began sending (a user, or a restored session that became ready).
    void started();
    void sentOne(quint64 sent);
    /// All `count` sends are done (not emitted by stop()).
    void finished();
    /// More ticks were missed; `missed` is the total since start(). Emitted for the first miss,
    /// then at most once a second while it runs, and once more when it stops or finishes with
    /// misses not yet told.
    void ticksMissed(quint64 missed);
    /// A send failed; the sender has stopped.
    void failed(const QString &message);

private:
    void tick();
    /// Sends one payload; false when it failed (the sender has stopped and said why).
    bool sendOne();
    void scheduleNext();
    /// Emits ticksMissed() when there are misses not told yet.
    void tellMissed();

    Session *m_session;
    QTimer *m_timer;
    QElapsedTimer m_clock;
    QList<PayloadSpec> m_payloads;
    QList<PeerId> m_targets;
    PayloadContext m_context;
    int m_intervalMs = 1000;
    quint64 m_count = 0;
    quint64 m_sent = 0;
    quint64 m_ticks =
        0; ///< ticks of the schedule done (sent or missed); tick n is due at n * interval
    quint64 m_missed = 0;
    quint64 m_missedTold = 0;
    QElapsedTimer m_missedClock;
    bool m_running = false;
};

} // namespace sockeye
