#pragma once

#include "session/sessionconfig.h"
#include "traffic/trafficrecord.h"

#include <QHostAddress>
#include <QString>

namespace sockeye {

enum class Transport : quint8 { Tcp, Udp };

/// A session as a capture knows it: its id, kind and the name users gave it.
struct CaptureSession
{
    SessionId id = 0;
    SessionKind kind = SessionKind::TcpServer;
    QString name;
    bool tls = false; ///< its TCP streams carry what TLS decrypted, not what crossed the wire

    [[nodiscard]] Transport transport() const
    {
        return kind == SessionKind::Udp ? Transport::Udp : Transport::Tcp;
    }
};

/**
 * One peer of one session with both ends' addresses: what a packet capture needs to put
 * records on the wire (and what reading a capture gives back). Kept after the peer leaves.
 */
struct Conversation
{
    SessionId session = 0;
    PeerId peer = NoPeer;
    Transport transport = Transport::Tcp;
    bool weOpened = false; ///< TCP: our side sent the SYN (a client session)
    QHostAddress localAddress;
    quint16 localPort = 0;
    QHostAddress remoteAddress;
    quint16 remotePort = 0;
    qint64 firstSeenUs = 0;

    /// "127.0.0.1:5000" or "[::1]:5000": the remote end.
    [[nodiscard]] QString remoteLabel() const;
    /// "127.0.0.1:7000": our end.
    [[nodiscard]] QString localLabel() const;
};

} // namespace sockeye
