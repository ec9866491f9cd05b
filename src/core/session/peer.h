#pragma once

#include "tls/tlsreport.h"
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

    // The connection's story (TCP), told by ConnectionStory.
    /// How a connection ended, as far as Sockeye saw it.
    enum class End : quint8 {
        Open,       ///< not ended (or ended as its session stopped)
        PeerClosed, ///< the peer's FIN, and nothing left for it
        PeerReset,  ///< the peer's RST
        WeClosed,   ///< our FIN (Disconnect)
        WeReset,    ///< our RST
    };
    qint64 connectStartedUs = 0;       ///< client: when the handshake began (server: 0)
    bool kernelChoseLocalPort = false; ///< client: not bound to a port of the user's
    qint64 peerFinishedUs = 0;         ///< the peer's FIN while the connection stayed open
    qint64 weFinishedUs = 0;           ///< our half-close (FIN)
    qint64 endedUs = 0;
    End end = End::Open;
    TlsPeerInfo tls; ///< the TLS it speaks (encrypted false: plain TCP)

    /// "127.0.0.1:5000" or "[::1]:5000".
    [[nodiscard]] QString label() const;
};

} // namespace sockeye
