#include "sessionerror.h"

#include <QCoreApplication>

namespace sockeye {

namespace {
// The sentences' translation context, declared so that lupdate sees it too (an unqualified tr()
// in a free function would be filed under "sockeye").
struct SessionErrorText
{
    Q_DECLARE_TR_FUNCTIONS(sockeye::SessionError)
};
} // namespace

QString sessionErrorName(SessionError error)
{
    switch (error) {
    case SessionError::None:
        return QStringLiteral("none");
    case SessionError::PortInUse:
        return QStringLiteral("port-in-use");
    case SessionError::PermissionDenied:
        return QStringLiteral("permission-denied");
    case SessionError::AddressNotAvailable:
        return QStringLiteral("address-not-available");
    case SessionError::InvalidAddress:
        return QStringLiteral("invalid-address");
    case SessionError::HostNotFound:
        return QStringLiteral("host-not-found");
    case SessionError::ConnectionRefused:
        return QStringLiteral("connection-refused");
    case SessionError::ConnectTimeout:
        return QStringLiteral("connect-timeout");
    case SessionError::NetworkUnreachable:
        return QStringLiteral("network-unreachable");
    case SessionError::HostUnreachable:
        return QStringLiteral("host-unreachable");
    case SessionError::ResetByPeer:
        return QStringLiteral("reset-by-peer");
    case SessionError::NotConnected:
        return QStringLiteral("not-connected");
    case SessionError::DatagramTooLarge:
        return QStringLiteral("datagram-too-large");
    case SessionError::InvalidMulticastGroup:
        return QStringLiteral("invalid-multicast-group");
    case SessionError::TooManyClients:
        return QStringLiteral("too-many-clients");
    case SessionError::TlsSetup:
        return QStringLiteral("tls-setup");
    case SessionError::TlsHandshakeFailed:
        return QStringLiteral("tls-handshake-failed");
    case SessionError::TlsNotVerified:
        return QStringLiteral("tls-not-verified");
    case SessionError::TlsPassphrase:
        return QStringLiteral("tls-passphrase");
    case SessionError::Other:
        return QStringLiteral("other");
    }
    return {};
}

SessionError classifySocketError(QAbstractSocket::SocketError error)
{
    switch (error) {
    case QAbstractSocket::AddressInUseError:
        return SessionError::PortInUse;
    case QAbstractSocket::SocketAccessError:
        return SessionError::PermissionDenied;
    case QAbstractSocket::SocketAddressNotAvailableError:
        return SessionError::AddressNotAvailable;
    case QAbstractSocket::HostNotFoundError:
        return SessionError::HostNotFound;
    case QAbstractSocket::ConnectionRefusedError:
        return SessionError::ConnectionRefused;
    case QAbstractSocket::SocketTimeoutError:
        return SessionError::ConnectTimeout;
    case QAbstractSocket::NetworkError:
        return SessionError::NetworkUnreachable;
    case QAbstractSocket::DatagramTooLargeError:
        return SessionError::DatagramTooLarge;
    default:
        return SessionError::Other;
    }
}

SessionError classifySocketError(QAbstractSocket::SocketError error, const QString &errorString)
{
    // Qt's sentence for EHOSTUNREACH, in English or as Qt's own translation has it (its
    // context in a variable: it is Qt's string, not one for our translation file).
    static const char *const qtContext = "QNativeSocketEngine";
    static const char *const hostUnreachable = "Host unreachable";
    if (error == QAbstractSocket::NetworkError &&
        (errorString == QLatin1String(hostUnreachable) ||
         errorString == QCoreApplication::translate(qtContext, hostUnreachable)))
        return SessionError::HostUnreachable;
    return classifySocketError(error);
}

QString describeError(SessionError error, const QString &action, const QString &detail)
{
    QString why;
    switch (error) {
    case SessionError::None:
        return {};
    case SessionError::PortInUse:
        why = SessionErrorText::tr(
            "the port is already in use by another program or session. Stop that program, "
            "or choose another port (0 picks a free one).");
        break;
    case SessionError::PermissionDenied:
        why = SessionErrorText::tr("permission denied. Ports below 1024 need administrator rights "
                                   "(root or CAP_NET_BIND_SERVICE); choose a port from 1024 up.");
        break;
    case SessionError::AddressNotAvailable:
        why = SessionErrorText::tr(
            "that address does not belong to this machine. Choose one of the local "
            "interfaces' addresses, or \"all IPv4\" / \"all IPv6\".");
        break;
    case SessionError::InvalidAddress:
        why = SessionErrorText::tr(
            "that is not a valid IP address. Use a dotted IPv4 address such as 192.168.1.10, "
            "an IPv6 address such as fe80::1, or a host name.");
        break;
    case SessionError::HostNotFound:
        why = SessionErrorText::tr(
            "the host name could not be resolved. Check its spelling and your DNS settings, "
            "or use an IP address.");
        break;
    case SessionError::ConnectionRefused:
        why = SessionErrorText::tr(
            "the connection was refused: the host answered with a reset, so nothing listens "
            "on that port or a firewall rejects it. Check that the server is running, on that "
            "port.");
        break;
    case SessionError::ConnectTimeout:
        why = SessionErrorText::tr(
            "no answer before the connect timeout. The host may be down, or a firewall drops "
            "the connection; check the address, or raise the timeout.");
        break;
    case SessionError::NetworkUnreachable:
        why = SessionErrorText::tr(
            "the network is unreachable: this machine has no route to that address. Check "
            "the address and your network connection.");
        break;
    case SessionError::HostUnreachable:
        why = SessionErrorText::tr(
            "the host is unreachable: a router or firewall on the way answered that it "
            "cannot reach that address (ICMP host unreachable). Check that the device is on "
            "and on that network, and the firewall's rules.");
        break;
    case SessionError::ResetByPeer:
        why = SessionErrorText::tr(
            "the connection was reset by the peer (it sent RST). The peer closed abruptly or "
            "refused the data; check the peer's log.");
        break;
    case SessionError::NotConnected:
        why = SessionErrorText::tr(
            "there is no connection. Connect first, or select a connected client.");
        break;
    case SessionError::DatagramTooLarge:
        why = SessionErrorText::tr(
            "the datagram is too large for UDP (at most 65,507 bytes over IPv4, 65,527 over "
            "IPv6). Send less data per datagram.");
        break;
    case SessionError::InvalidMulticastGroup:
        why =
            SessionErrorText::tr("that is not a multicast group. Use an address from 224.0.0.0 to "
                                 "239.255.255.255, or an IPv6 address starting with ff.");
        break;
    case SessionError::TooManyClients:
        why = SessionErrorText::tr(
            "the server already has its maximum number of clients. Disconnect a client or "
            "raise the limit.");
        break;
    case SessionError::TlsSetup:
    case SessionError::TlsHandshakeFailed:
    case SessionError::TlsNotVerified:
    case SessionError::TlsPassphrase:
        // Their sentences come whole from TlsContext and TlsReport; this is a fallback.
        why = detail.isEmpty() ? SessionErrorText::tr("the TLS handshake failed.")
                               : detail + QLatin1Char('.');
        break;
    case SessionError::Other:
        why = detail.isEmpty() ? SessionErrorText::tr("an unexpected error occurred.")
                               : detail + QLatin1Char('.');
        break;
    }
    return SessionErrorText::tr("Cannot %1: %2").arg(action, why);
}

} // namespace sockeye
