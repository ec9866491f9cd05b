#pragma once

#include <QtGlobal>

#include <array>

namespace sockeye {

/**
 * Bytes per second over a sliding window of whole seconds. Cheap to feed (one add per chunk);
 * the rate is the sum of the last complete seconds divided by their count.
 */
class RateMeter
{
public:
    static constexpr int WindowSeconds = 3;

    void add(qint64 bytes, qint64 timestampUs);
    /// Rate in units per second at the given time (the current, incomplete second is left out).
    [[nodiscard]] double rate(qint64 nowUs) const;

private:
    void advance(qint64 second);

    std::array<qint64, WindowSeconds + 1> m_buckets{}; // ring indexed by second
    qint64 m_lastSecond = -1;
};

} // namespace sockeye
