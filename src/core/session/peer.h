#pragma once

#include "traffic/trafficrecord.h"

#include <QHostAddress>
#include <QString>

namespace sockeye {

/// The other end of a session: an accepted client, the server a client connected to, or a UDP
/// sender remembered by address and port. Its traffic counters live in the TrafficLog.
struct Peer
{
    PeerId id = NoPeer;
    QHostAddress address;
    quint16 port = 0;
    /// Our end: the accepted or connected socket's address, or the UDP socket's bind address.
    QHostAddress localAddress;
    quint16 localPort = 0;
    qint64 connectedSinceUs = 0; ///< accepted/connected, or first datagram for UDP

    /// "127.0.0.1:5000" or "[::1]:5000".
    [[nodiscard]] QString label() const;
};

} // namespace sockeye
