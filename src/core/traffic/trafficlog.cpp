#include "trafficlog.h"

#include <algorithm>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace sockeye {

namespace {
// What a record costs beyond its payload: the record itself and the allocation headers of its
// byte array and text.
constexpr qint64 RecordOverhead = qint64(sizeof(TrafficRecord)) + 48;

} // namespace

TrafficLog::TrafficLog(QObject *parent)
    : QObject(parent)
{}

qint64 TrafficLog::cost(const TrafficRecord &record)
{
    // Capacity, not size: what the record really keeps allocated.
    return RecordOverhead + qMax(record.bytes.size(), record.bytes.capacity()) +
           record.text.capacity() * qint64(sizeof(QChar));
}

quint64 TrafficLog::firstSequence() const
{
    return m_records.empty() ? m_nextSequence : m_records.front().sequence;
}

qsizetype TrafficLog::indexOf(quint64 sequence) const
{
    if (m_records.empty() || sequence < firstSequence() || sequence >= m_nextSequence)
        return -1;
    // Sequences are contiguous unless a session was cleared out of the middle.
    const quint64 offset = sequence - firstSequence();
    if (offset < m_records.size() && m_records[size_t(offset)].sequence == sequence)
        return qsizetype(offset);
    const auto it = std::lower_bound(
        m_records.begin(), m_records.end(), sequence,
        [](const TrafficRecord &record, quint64 value) { return record.sequence < value; });
    if (it == m_records.end() || it->sequence != sequence)
        return -1;
    return qsizetype(it - m_records.begin());
}

void TrafficLog::setByteBudget(qint64 bytes)
{
    m_byteBudget = qMax<qint64>(bytes, 0);
    evictToBudget(0);
}

template<typename Predicate> void TrafficLog::evictWhile(Predicate evict)
{
    qsizetype evicted = 0;
    while (!m_records.empty() && evict(m_records.front())) {
        const TrafficRecord &oldest = m_records.front();
        m_storedBytes -= cost(oldest);
        m_evictedPayloadBytes += oldest.bytes.size();
        m_records.pop_front();
        ++evicted;
    }
    if (evicted > 0) {
        m_evictedRecords += quint64(evicted);
        emit recordsEvicted(evicted, m_evictedRecords);
    }
}

void TrafficLog::evictToBudget(qint64 incoming)
{
    evictWhile([this, incoming](const TrafficRecord &) {
        return m_storedBytes + incoming > m_byteBudget;
    });
}

void TrafficLog::evictBefore(quint64 sequence)
{
    evictWhile([sequence](const TrafficRecord &oldest) { return oldest.sequence < sequence; });
}

const TrafficRecord &TrafficLog::append(TrafficRecord record)
{
    record.sequence = m_nextSequence++;
    if (record.timestampUs == 0)
        record.timestampUs = nowUs();

    const qint64 recordCost = cost(record);
    evictToBudget(recordCost);

    m_totals.count(record);
    m_sessionCounters[record.session].count(record);
    if (record.peer != NoPeer)
        m_peerCounters[record.peerKey()].count(record);

    m_storedBytes += recordCost;
    m_records.push_back(std::move(record));
    const TrafficRecord &stored = m_records.back();
    emit recordAppended(stored);
    return stored;
}

TrafficCounters TrafficLog::sessionCounters(SessionId session) const
{
    return m_sessionCounters.value(session);
}

void TrafficLog::forgetPeer(SessionId session, PeerId peer)
{
    m_peerCounters.remove(PeerKey{session, peer});
}

void TrafficLog::resetCounters(SessionId session, PeerId peer)
{
    if (peer != NoPeer) {
        const PeerKey key{session, peer};
        if (m_peerCounters.contains(key))
            m_peerCounters[key] = TrafficCounters{};
    } else {
        const TrafficCounters was = m_sessionCounters.value(session);
        // The totals are every session's sum: they drop by what this one had. (Their rates
        // are a moving window and fall by themselves.)
        m_totals.bytesIn -= was.bytesIn;
        m_totals.bytesOut -= was.bytesOut;
        m_totals.framesIn -= was.framesIn;
        m_totals.framesOut -= was.framesOut;
        m_sessionCounters.remove(session);
        for (auto it = m_peerCounters.begin(); it != m_peerCounters.end(); ++it) {
            if (it.key().session == session)
                it.value() = TrafficCounters{};
        }
    }
    emit countersReset(session, peer);
}

TrafficCounters TrafficLog::peerCounters(SessionId session, PeerId peer) const
{
    return m_peerCounters.value(PeerKey{session, peer});
}

void TrafficLog::clear()
{
    m_records.clear();
    m_records.shrink_to_fit();
    m_storedBytes = 0;
    releaseFreedMemory();
    emit cleared();
}

void TrafficLog::clearSession(SessionId session)
{
    std::deque<TrafficRecord> kept;
    qint64 keptBytes = 0;
    for (TrafficRecord &record : m_records) {
        if (record.session != session) {
            keptBytes += cost(record);
            kept.push_back(std::move(record));
        }
    }
    m_records.swap(kept);
    kept.clear();
    m_storedBytes = keptBytes;
    releaseFreedMemory();
    emit sessionCleared(session);
}

void TrafficLog::releaseFreedMemory()
{
#if defined(__GLIBC__)
    // Freed record buffers go back to the system, so a Clear is visible in the process size.
    malloc_trim(0);
#endif
}

} // namespace sockeye
