#pragma once

#include "trafficcounters.h"
#include "trafficrecord.h"

#include <QHash>
#include <QObject>

#include <deque>

namespace sockeye {

/**
 * The one store of traffic: every chunk and event of every session, in order.
 *
 * Bounded by a byte budget (payload plus per-record overhead); when a new record would exceed
 * it, the oldest records are evicted and the eviction is counted and announced, never silent.
 * Counters per session and per peer cover everything ever appended, evicted or not.
 */
class TrafficLog : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 DefaultByteBudget = qint64(256) * 1024 * 1024;

    explicit TrafficLog(QObject *parent = nullptr);

    /// Stores the record (assigning its sequence and, when zero, its timestamp) and returns it.
    const TrafficRecord &append(TrafficRecord record);

    [[nodiscard]] qsizetype size() const { return qsizetype(m_records.size()); }
    [[nodiscard]] bool isEmpty() const { return m_records.empty(); }
    [[nodiscard]] const TrafficRecord &at(qsizetype index) const
    {
        return m_records[size_t(index)];
    }
    /// Sequence of the oldest stored record (== nextSequence() when empty).
    [[nodiscard]] quint64 firstSequence() const;
    [[nodiscard]] quint64 nextSequence() const { return m_nextSequence; }
    /// Index of the record with this sequence, or -1 when it was evicted or never existed.
    [[nodiscard]] qsizetype indexOf(quint64 sequence) const;

    [[nodiscard]] qint64 byteBudget() const { return m_byteBudget; }
    void setByteBudget(qint64 bytes);
    /// Memory the stored records account for (payload plus overhead).
    [[nodiscard]] qint64 storedBytes() const { return m_storedBytes; }
    [[nodiscard]] quint64 evictedRecords() const { return m_evictedRecords; }
    [[nodiscard]] qint64 evictedPayloadBytes() const { return m_evictedPayloadBytes; }

    [[nodiscard]] TrafficCounters totals() const { return m_totals; }
    [[nodiscard]] TrafficCounters sessionCounters(SessionId session) const;
    [[nodiscard]] TrafficCounters peerCounters(SessionId session, PeerId peer) const;

    /// Evicts the stored records with a sequence below `sequence`, like the budget does (counted
    /// and announced with recordsEvicted()): for stores derived from another log that must not
    /// outlive its records.
    void evictBefore(quint64 sequence);

    /// Drops a peer's counters once it has left (its records stay): a server that serves
    /// 100,000 short connections must not keep 100,000 sets of counters. The totals and the
    /// session's counters keep what it did.
    void forgetPeer(SessionId session, PeerId peer);

    /// Sets counters back to zero: a session's and all its peers' (peer NoPeer; the totals
    /// lose what the session had counted), or one peer's. Records stay; emits countersReset().
    void resetCounters(SessionId session, PeerId peer = NoPeer);

    /// What one record costs against the budget.
    [[nodiscard]] static qint64 cost(const TrafficRecord &record);

public slots:
    /// Drops every stored record (counters keep their totals) and returns the memory.
    void clear();
    /// Drops the stored records of one session (counters keep their totals); sequences of the
    /// others stay valid.
    void clearSession(sockeye::SessionId session);

signals:
    void recordAppended(const sockeye::TrafficRecord &record);
    /// Records [0, count) were evicted to stay within the budget; totals so far are given too.
    void recordsEvicted(qsizetype count, quint64 totalEvictedRecords);
    void cleared();
    void countersReset(sockeye::SessionId session, sockeye::PeerId peer);
    void sessionCleared(sockeye::SessionId session);

private:
    void evictToBudget(qint64 incoming);
    /// Drops records from the front while `evict(oldest)` says so, and reports how many.
    template<typename Predicate> void evictWhile(Predicate evict);
    static void releaseFreedMemory();

    std::deque<TrafficRecord> m_records;
    quint64 m_nextSequence = 1;
    qint64 m_byteBudget = DefaultByteBudget;
    qint64 m_storedBytes = 0;
    quint64 m_evictedRecords = 0;
    qint64 m_evictedPayloadBytes = 0;
    TrafficCounters m_totals;
    QHash<SessionId, TrafficCounters> m_sessionCounters;
    QHash<PeerKey, TrafficCounters> m_peerCounters;
};

} // namespace sockeye
