#pragma once

#include "peer.h"
#include "traffic/trafficcounters.h"

#include <QList>
#include <QString>

namespace sockeye {

/**
 * A TCP connection's life in plain words, from what its Peer and counters recorded: when the
 * handshake began and how long it took, the local port and who chose it, the first bytes
 * each way, half-closes, and who ended it, how and when. The details panel shows the lines;
 * `sockeye-cli --stats` prints the summary as the connection ends.
 */
namespace ConnectionStory {

struct Line
{
    qint64 timeUs = 0;
    QString text;
};

/// The events in the order they happened, each one sentence.
[[nodiscard]] QList<Line> lines(const Peer &peer, const TrafficCounters &counters);
/// The same as one paragraph, for a line of text.
[[nodiscard]] QString summary(const Peer &peer, const TrafficCounters &counters);
/// "850 µs", "12.5 ms", "3.2 s", "4 min 05 s".
[[nodiscard]] QString formatDuration(qint64 us);

} // namespace ConnectionStory

} // namespace sockeye
