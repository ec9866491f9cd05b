#include "udpsession.h"

#include <QHostInfo>
#include <QNetworkDatagram>
#include <QNetworkInterface>
#include <QUdpSocket>

namespace sockeye {

namespace {
/// The bytes of datagrams waiting for one host name.
qint64 bytesOf(const QList<QPair<quint16, QByteArray>> &datagrams)
{
    qint64 total = 0;
    for (const auto &datagram : datagrams)
        total += datagram.second.size();
    return total;
}
} // namespace

UdpSession::UdpSession(SessionId id, const SessionConfig &config, TrafficLog *log, QObject *parent)
    : Session(id, config, log, parent)
    , m_socket(new QUdpSocket(this))
{
    connect(m_socket, &QUdpSocket::readyRead, this, &UdpSession::readDatagrams);
}

UdpSession::~UdpSession()
{
    m_socket->disconnect(this);
}

quint16 UdpSession::localPort() const
{
    return m_socket->localPort();
}

QHostAddress UdpSession::boundAddress() const
{
    return isActive() ? m_socket->localAddress() : QHostAddress();
}

bool UdpSession::start()
{
    if (m_socket->state() == QAbstractSocket::BoundState)
        return true;
    const SessionConfig &c = config();
    const QString action = tr("bind UDP %1").arg(endpointText(c.bindAddress, c.bindPort));
    const auto address = parseBindAddress(c.bindAddress);
    if (!address) {
        reportError(SessionError::InvalidAddress,
                    describeError(SessionError::InvalidAddress, action));
        return false;
    }
    // Sharing the port lets several listeners of one multicast group coexist.
    const auto mode = c.multicastGroups.isEmpty()
                          ? QUdpSocket::DefaultForPlatform
                          : QUdpSocket::ShareAddress | QUdpSocket::ReuseAddressHint;
    if (!m_socket->bind(*address, c.bindPort, mode)) {
        const SessionError error = classifySocketError(m_socket->error());
        reportError(error, describeError(error, action, m_socket->errorString()));
        return false;
    }
    m_socket->setSocketOption(QAbstractSocket::MulticastLoopbackOption,
                              c.multicastLoopback ? 1 : 0);
    recordEvent(
        RecordKind::Listening,
        tr("Bound UDP %1").arg(endpointText(m_socket->localAddress(), m_socket->localPort())));
    setState(State::Bound);
    for (const QString &group : c.multicastGroups) {
        if (!joinMulticastGroup(group, c.multicastInterface)) {
            stop();
            return false;
        }
    }
    return true;
}

void UdpSession::stop()
{
    if (m_socket->state() == QAbstractSocket::BoundState) {
        const QString where = endpointText(m_socket->localAddress(), m_socket->localPort());
        m_socket->close();
        recordEvent(RecordKind::Stopped, tr("Closed UDP %1").arg(where));
    }
    m_groups.clear();
    m_peerByEndpoint.clear();
    m_pending.clear();
    m_resolved.clear();
    m_lastSender = NoPeer;
    removeAllPeers();
    setState(State::Idle);
}

PeerId UdpSession::peerFor(const QHostAddress &address, quint16 port)
{
    const QString key = endpointText(address, port);
    const auto it = m_peerByEndpoint.constFind(key);
    if (it != m_peerByEndpoint.constEnd())
        return it.value();
    const PeerId id = addPeer(address, port, m_socket->localAddress(), m_socket->localPort());
    m_peerByEndpoint.insert(key, id);
    announcePeer(id);
    return id;
}

void UdpSession::readDatagrams()
{
    while (m_socket->hasPendingDatagrams()) {
        const QNetworkDatagram datagram = m_socket->receiveDatagram();
        if (!datagram.isValid())
            break;
        const PeerId id = peerFor(datagram.senderAddress(), quint16(datagram.senderPort()));
        m_lastSender = id;
        recordReceived(id, datagram.data());
    }
}

SendResult UdpSession::writeTo(const QHostAddress &address, quint16 port, const QByteArray &bytes)
{
    const QString action = tr("send a datagram of %n byte(s) to %1", nullptr, int(bytes.size()))
                               .arg(endpointText(address, port));
    if (m_socket->state() != QAbstractSocket::BoundState)
        return sendError(SessionError::NotConnected, action);
    if (bytes.size() > maxDatagramSize(address))
        return sendError(SessionError::DatagramTooLarge, action);
    const qint64 written = m_socket->writeDatagram(bytes, address, port);
    if (written != bytes.size()) {
        const SessionError error = classifySocketError(m_socket->error());
        SendResult result;
        result.error = error;
        result.message = describeError(error, action, m_socket->errorString());
        reportError(error, result.message);
        return result;
    }
    recordSent(peerFor(address, port), bytes);
    SendResult result;
    result.peersSent = 1;
    return result;
}

SendResult UdpSession::send(const QByteArray &bytes, const QList<PeerId> &targets)
{
    if (targets.isEmpty()) {
        const SessionConfig &c = config();
        if (c.remoteHost.trimmed().isEmpty() || c.remotePort == 0) {
            SendResult result;
            result.error = SessionError::InvalidAddress;
            result.message = tr("Cannot send: no target. Enter the target host and port, or "
                                "select a peer that sent something.");
            reportError(result.error, result.message);
            return result;
        }
        return sendTo(c.remoteHost, c.remotePort, bytes);
    }
    for (PeerId id : targets) {
        if (!peer(id))
            return sendError(SessionError::NotConnected,
                             tr("send to peer #%1: it is unknown").arg(id));
    }
    SendResult total;
    for (PeerId id : targets) {
        const Peer p = *peer(id);
        const SendResult r = writeTo(p.address, p.port, bytes);
        if (!r.ok())
            return r;
        total.peersSent += r.peersSent;
    }
    return total;
}

SendResult UdpSession::sendTo(const QString &host, quint16 port, const QByteArray &bytes)
{
    const QString name = host.trimmed();
    QHostAddress address;
    if (address.setAddress(name))
        return writeTo(address, port, bytes);
    const auto cached = m_resolved.constFind(name);
    if (cached != m_resolved.constEnd())
        return writeTo(cached.value(), port, bytes);

    // A host name: resolve it without blocking; datagrams wait in order until it is known.
    const bool lookupRunning = m_pending.contains(name);
    m_pending[name].append({port, bytes});
    if (!lookupRunning) {
        QHostInfo::lookupHost(name, this, [this, name](const QHostInfo &info) {
            const auto queued = m_pending.take(name);
            QHostAddress resolved;
            for (const QHostAddress &candidate : info.addresses()) {
                if (resolved.isNull() || candidate.protocol() == QAbstractSocket::IPv4Protocol)
                    resolved = candidate;
                if (candidate.protocol() == QAbstractSocket::IPv4Protocol)
                    break;
            }
            if (info.error() != QHostInfo::NoError || resolved.isNull()) {
                reportError(
                    SessionError::HostNotFound,
                    describeError(
                        SessionError::HostNotFound,
                        tr("send %n datagram(s) to %1", nullptr, int(queued.size())).arg(name)));
            } else {
                m_resolved.insert(name, resolved);
                for (const auto &[queuedPort, queuedBytes] : queued)
                    writeTo(resolved, queuedPort, queuedBytes);
            }
            emit bytesWritten(NoPeer, bytesOf(queued));
        });
    }
    return {}; // queued: sent (or reported) once the name is resolved
}

qint64 UdpSession::bytesToWrite(const QList<PeerId> &) const
{
    qint64 total = 0;
    for (const auto &queued : m_pending)
        total += bytesOf(queued);
    return total;
}

SendResult UdpSession::replyToLastSender(const QByteArray &bytes)
{
    if (m_lastSender == NoPeer || !peer(m_lastSender))
        return sendError(SessionError::NotConnected, tr("reply: nobody has sent anything yet"));
    return send(bytes, {m_lastSender});
}

SendResult UdpSession::broadcast(const QByteArray &bytes, quint16 port, const QHostAddress &address)
{
    return writeTo(address, port, bytes);
}

bool UdpSession::changeMembership(const QString &group, const QString &interfaceName, bool join)
{
    const QString action =
        join ? tr("join multicast group %1").arg(group) : tr("leave multicast group %1").arg(group);
    QHostAddress address;
    if (!address.setAddress(group.trimmed()) || !address.isMulticast()) {
        reportError(SessionError::InvalidMulticastGroup,
                    describeError(SessionError::InvalidMulticastGroup, action));
        return false;
    }
    if (m_socket->state() != QAbstractSocket::BoundState) {
        reportError(
            SessionError::NotConnected,
            tr("Cannot %1: the UDP socket is not bound. Start the session first.").arg(action));
        return false;
    }
    // The kernel's answer to a group of the other family is no sentence ("Unknown error").
    const auto bound = parseBindAddress(config().bindAddress);
    const auto family = bound ? bound->protocol() : QAbstractSocket::AnyIPProtocol;
    const bool groupIsIPv6 = address.protocol() == QAbstractSocket::IPv6Protocol;
    if ((family == QAbstractSocket::IPv4Protocol && groupIsIPv6) ||
        (family == QAbstractSocket::IPv6Protocol && !groupIsIPv6)) {
        reportError(SessionError::InvalidMulticastGroup,
                    groupIsIPv6
                        ? tr("Cannot %1: it is an IPv6 group and this socket is bound to IPv4 "
                             "(%2). Bind to all IPv6 or dual-stack, or use an IPv4 group "
                             "(224.0.0.0 to 239.255.255.255).")
                              .arg(action, config().bindAddress)
                        : tr("Cannot %1: it is an IPv4 group and this socket is bound to IPv6 "
                             "only (%2). Bind to all IPv4 or dual-stack, or use an IPv6 group "
                             "(ff00::/8).")
                              .arg(action, config().bindAddress));
        return false;
    }
    QNetworkInterface iface;
    if (!interfaceName.isEmpty()) {
        iface = QNetworkInterface::interfaceFromName(interfaceName);
        if (!iface.isValid()) {
            reportError(SessionError::AddressNotAvailable,
                        tr("Cannot %1: there is no network interface named \"%2\". Pick one of "
                           "the interfaces this machine has.")
                            .arg(action, interfaceName));
            return false;
        }
    }
    const bool ok = iface.isValid() ? (join ? m_socket->joinMulticastGroup(address, iface)
                                            : m_socket->leaveMulticastGroup(address, iface))
                                    : (join ? m_socket->joinMulticastGroup(address)
                                            : m_socket->leaveMulticastGroup(address));
    if (!ok) {
        const SessionError error = classifySocketError(m_socket->error());
        reportError(error, describeError(error, action, m_socket->errorString()));
        return false;
    }
    if (join)
        m_groups << address.toString();
    else
        m_groups.removeAll(address.toString());
    recordEvent(RecordKind::Info, join ? tr("Joined multicast group %1").arg(address.toString())
                                       : tr("Left multicast group %1").arg(address.toString()));
    return true;
}

bool UdpSession::joinMulticastGroup(const QString &group, const QString &interfaceName)
{
    return changeMembership(group, interfaceName, true);
}

bool UdpSession::leaveMulticastGroup(const QString &group, const QString &interfaceName)
{
    return changeMembership(group, interfaceName, false);
}

} // namespace sockeye
