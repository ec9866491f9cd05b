#pragma once

#include "session.h"

#include <QHash>

class QUdpSocket;

namespace sockeye {

/**
 * A UDP socket: bound to an address and port, it receives datagrams (one record each, with its
 * sender) and sends to a default target, to known peers, to any host:port, or as a broadcast.
 * Senders are remembered as peers by address and port.
 */
class UdpSession : public Session
{
    Q_OBJECT
public:
    UdpSession(SessionId id, const SessionConfig &config, TrafficLog *log,
               QObject *parent = nullptr);
    ~UdpSession() override;

    /// Binds and joins the configured multicast groups.
    bool start() override;
    void stop() override;
    [[nodiscard]] quint16 localPort() const;
    [[nodiscard]] quint16 boundPort() const override { return isActive() ? localPort() : 0; }
    [[nodiscard]] QHostAddress boundAddress() const override;

    /// Empty targets: the configured remote host:port.
    SendResult send(const QByteArray &bytes, const QList<PeerId> &targets = {}) override;
    /// Sends one datagram to an address literal or host name. Names are resolved without
    /// blocking; datagrams to a name not yet resolved are queued in order and sent (or reported
    /// as HostNotFound) when the lookup ends, so the result then says peersSent == 0.
    SendResult sendTo(const QString &host, quint16 port, const QByteArray &bytes);
    /// Sends to whoever sent the last datagram.
    SendResult replyToLastSender(const QByteArray &bytes);
    /// Sends to a broadcast address (the limited broadcast 255.255.255.255 by default).
    SendResult broadcast(const QByteArray &bytes, quint16 port,
                         const QHostAddress &address = QHostAddress::Broadcast);
    [[nodiscard]] PeerId lastSender() const { return m_lastSender; }

    /// Joins a multicast group, on the named interface or the system's choice when empty.
    bool joinMulticastGroup(const QString &group, const QString &interfaceName = {});
    bool leaveMulticastGroup(const QString &group, const QString &interfaceName = {});
    [[nodiscard]] QStringList joinedGroups() const { return m_groups; }

    /// The largest payload one IPv4 UDP datagram can carry (65,535 less the IPv4 and UDP
    /// headers); IPv6's header is outside its 16-bit length, so it carries 65,527.
    static constexpr int MaxDatagramSize = 65507;
    static constexpr int MaxDatagramSizeIPv6 = 65527;
    [[nodiscard]] static int maxDatagramSize(const QHostAddress &to)
    {
        return to.protocol() == QAbstractSocket::IPv6Protocol && !to.toIPv4Address()
                   ? MaxDatagramSizeIPv6
                   : MaxDatagramSize;
    }

    /// The bytes of the datagrams waiting for a host name to resolve (sendTo() returns before
    /// they go); bytesWritten() follows when their lookup ends, sent or reported.
    [[nodiscard]] qint64 bytesToWrite(const QList<PeerId> &targets = {}) const override;

private:
    void readDatagrams();
    PeerId peerFor(const QHostAddress &address, quint16 port);
    SendResult writeTo(const QHostAddress &address, quint16 port, const QByteArray &bytes);
    bool changeMembership(const QString &group, const QString &interfaceName, bool join);

    QUdpSocket *m_socket;
    QHash<QString, PeerId> m_peerByEndpoint;
    PeerId m_lastSender = NoPeer;
    QStringList m_groups;
    QHash<QString, QHostAddress> m_resolved;
    QHash<QString, QList<QPair<quint16, QByteArray>>> m_pending;
};

} // namespace sockeye
