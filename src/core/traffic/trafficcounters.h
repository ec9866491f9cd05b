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

    void count(const TrafficRecord &record)
    {
        if (record.direction == Direction::Rx) {
            bytesIn += record.bytes.size();
            ++framesIn;
            rateIn.add(record.bytes.size(), record.timestampUs);
        } else if (record.direction == Direction::Tx) {
            bytesOut += record.bytes.size();
            ++framesOut;
            rateOut.add(record.bytes.size(), record.timestampUs);
        }
    }
};

} // namespace sockeye
