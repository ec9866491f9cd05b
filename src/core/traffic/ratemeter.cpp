#include "ratemeter.h"

namespace sockeye {

namespace {
constexpr qint64 UsPerSecond = 1000000;
constexpr int Slots = RateMeter::WindowSeconds + 1;

int slotOf(qint64 second)
{
    return int(second % Slots);
}
} // namespace

void RateMeter::advance(qint64 second)
{
    if (m_lastSecond < 0 || second - m_lastSecond >= Slots) {
        m_buckets.fill(0);
    } else {
        for (qint64 s = m_lastSecond + 1; s <= second; ++s)
            m_buckets[slotOf(s)] = 0;
    }
    m_lastSecond = second;
}

void RateMeter::add(qint64 bytes, qint64 timestampUs)
{
    const qint64 second = timestampUs / UsPerSecond;
    if (second > m_lastSecond)
        advance(second);
    else if (second < m_lastSecond - WindowSeconds)
        return; // too old to count (clock stepped back)
    m_buckets[slotOf(second)] += bytes;
}

double RateMeter::rate(qint64 nowUs) const
{
    if (m_lastSecond < 0)
        return 0.0;
    const qint64 current = nowUs / UsPerSecond;
    qint64 sum = 0;
    for (qint64 s = current - WindowSeconds; s < current; ++s) {
        if (s <= m_lastSecond && s > m_lastSecond - Slots)
            sum += m_buckets[slotOf(s)];
    }
    return double(sum) / WindowSeconds;
}

} // namespace sockeye
