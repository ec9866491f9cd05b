#pragma once

#include <QString>

#include <optional>

namespace sockeye {

/**
 * What the kernel knows of one TCP connection (Linux's TCP_INFO, with SIOCOUTQ and SIOCINQ):
 * the smoothed round-trip time and its variation, retransmissions, the congestion window, the
 * segment size and the queues. Read on demand, never cached: a view asks for what it shows.
 */
struct TcpStats
{
    double rttMs = 0;             ///< smoothed round-trip time
    double rttVarianceMs = 0;     ///< its mean deviation
    quint32 retransmissions = 0;  ///< segments sent again over the connection's life
    quint32 congestionWindow = 0; ///< segments the sender may have in flight
    quint32 mss = 0;              ///< bytes per segment we send
    quint32 unacknowledged = 0;   ///< segments sent and not yet acknowledged
    qint64 sendQueueBytes = 0;    ///< written, not yet acknowledged by the peer (SIOCOUTQ)
    qint64 receiveQueueBytes = 0; ///< received, not yet read by Sockeye (SIOCINQ)

    /// Reads a connected socket. Empty where the kernel has none to give (not Linux, a
    /// descriptor that is not a TCP socket); `why` then says so in a sentence.
    static std::optional<TcpStats> read(qintptr descriptor, QString *why = nullptr);

    /// "RTT 100.2 ms (± 1.3 ms), retransmitted segments 0, congestion window 10 segments,
    /// MSS 1448 B, unacknowledged segments 0, send queue 0 B, receive queue 0 B"
    [[nodiscard]] QString summary() const;
    /// "100.2 ms", "850 µs": a round-trip time for a table cell.
    [[nodiscard]] static QString formatRtt(double ms);
};

/// A listening socket's accept queue: connections the kernel completed that the program has
/// not accepted yet, and how many it may hold (the listen backlog).
struct AcceptQueue
{
    quint32 waiting = 0;
    quint32 backlog = 0;

    static std::optional<AcceptQueue> read(qintptr listeningDescriptor);
};

/// The kernel's count of connections dropped because a listener's accept queue was full
/// (TcpExt ListenOverflows in /proc/net/netstat: every listener of this network namespace),
/// or -1 where it cannot be read.
qint64 listenOverflows();

} // namespace sockeye
