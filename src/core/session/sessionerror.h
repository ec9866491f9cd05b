#pragma once

#include <QAbstractSocket>
#include <QString>

namespace sockeye {

/// What went wrong with a session, as data. The sentence that goes with it is built by
/// the describe*() functions: what failed, why, and what to try.
enum class SessionError {
    None,
    PortInUse,
    PermissionDenied,
    AddressNotAvailable,
    InvalidAddress,
    HostNotFound,
    ConnectionRefused,
    ConnectTimeout,
    NetworkUnreachable,
    HostUnreachable, ///< a router or firewall answered "host unreachable" (ICMP)
    ResetByPeer,
    NotConnected,
    DatagramTooLarge,
    InvalidMulticastGroup,
    TooManyClients,
    TlsSetup,           ///< TLS settings that cannot be used (a file, a passphrase)
    TlsHandshakeFailed, ///< the TLS handshake failed (an alert, not TLS, no shared version)
    TlsNotVerified,     ///< the peer's certificate failed verification
    TlsPassphrase,      ///< the key is encrypted: no passphrase, or a wrong one (ask)
    Other
};

[[nodiscard]] QString sessionErrorName(SessionError error);

/// Maps a socket error to a SessionError. `connecting` tells network errors during a connect
/// (unreachable network) from others.
[[nodiscard]] SessionError classifySocketError(QAbstractSocket::SocketError error);
/// The same, telling an ICMP "host unreachable" from "network unreachable" (Qt reports both
/// as NetworkError) by the socket's errorString().
[[nodiscard]] SessionError classifySocketError(QAbstractSocket::SocketError error,
                                               const QString &errorString);

/// "Cannot listen on 0.0.0.0:80: permission denied. ..." — `action` is what was being done,
/// e.g. "listen on 0.0.0.0:80"; `detail` is the system's own text, used for unclassified errors.
[[nodiscard]] QString describeError(SessionError error, const QString &action,
                                    const QString &detail = {});

} // namespace sockeye
