#pragma once

#include "ratemeter.h"
#include "trafficrecord.h"

namespace sockeye {

/// Bytes and frames in each direction, with their current rates. Frames are records
/// (a TCP read or write, a UDP datagram) until a framer says otherwise.
struct TrafficCounters
{
    qint64 bytesIn = 0;
    qint64 bytesOut = 0;
    quint64 framesIn = 0;
    quint64 framesOut = 0;
    RateMeter rateIn;
    RateMeter rateOut;
    qint64 firstInUs = 0; ///< when the first byte came in (0: none yet)
    qint64 firstOutUs = 0;

    void count(const TrafficRecord &record)
    {
        if (record.direction == Direction::Rx) {
            if (framesIn == 0)
                firstInUs = record.timestampUs;
            bytesIn += record.bytes.size();
            ++framesIn;
            rateIn.add(record.bytes.size(), record.timestampUs);
        } else if (record.direction == Direction::Tx) {
            if (framesOut == 0)
                firstOutUs = record.timestampUs;
            bytesOut += record.bytes.size();
            ++framesOut;
            rateOut.add(record.bytes.size(), record.timestampUs);
        }
    }
};

} // namespace sockeye
