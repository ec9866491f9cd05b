#pragma once

#include "tls/tlssettings.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace sockeye {

enum class SessionKind { TcpServer, TcpClient, Udp };

[[nodiscard]] QString sessionKindName(SessionKind kind); ///< "tcp-server", ...
[[nodiscard]] std::optional<SessionKind> sessionKindFromName(const QString &name);

/**
 * Everything needed to start a session, as a value that persists as JSON.
 *
 * Bind addresses are written as the user picks them: "any" (dual-stack), "any4" (all IPv4),
 * "any6" (all IPv6), or an address literal of one local interface.
 */
struct SessionConfig
{
    /// The longest name, and the longest host, address or interface name, fromJson() takes.
    static constexpr qsizetype MaxNameLength = 200;
    static constexpr qsizetype MaxHostLength = 255;

    SessionKind kind = SessionKind::TcpServer;
    QString name;

    // Local side (server and UDP: where to listen; client: optional local bind).
    QString bindAddress = QStringLiteral("any");
    quint16 bindPort = 0;

    // Remote side (client: where to connect; UDP: the default send target).
    QString remoteHost;
    quint16 remotePort = 0;

    // TCP server.
    int backlog = 4096; // the kernel caps it at net.core.somaxconn (4096 since Linux 5.4)
    int maxClients = 0; ///< 0: no limit

    // TCP client.
    int connectTimeoutMs = 5000;
    bool autoReconnect = false;
    int reconnectMinMs = 500;
    int reconnectMaxMs = 30000;
    bool clientBind = false; ///< bind bindAddress:bindPort before connecting

    // TCP socket options (TcpOptions), for each connection of a server or a client.
    bool noDelay = false;        ///< TCP_NODELAY: Nagle off, every write its own segment
    int keepAliveIdleS = 0;      ///< keepalive after this many idle seconds; 0: off
    int keepAliveIntervalS = 75; ///< seconds between keepalive probes
    int keepAliveCount = 9;      ///< unanswered probes before the connection is dropped
    int receiveBufferBytes = 0;  ///< SO_RCVBUF; 0: the system's
    int sendBufferBytes = 0;     ///< SO_SNDBUF; 0: the system's
    /// After a peer's FIN, keep the connection open (half-open) until the user or the peer
    /// ends it, instead of closing once what waits for the peer is sent.
    bool keepHalfOpen = false;
    static constexpr int MaxBufferBytes = 1 << 30;

    // TLS over TCP (client and server).
    TlsSettings tls;

    // UDP.
    QStringList multicastGroups;
    QString multicastInterface; ///< interface name; empty: the system's choice
    bool multicastLoopback = true;

    [[nodiscard]] QJsonObject toJson() const;
    /// Reads a config; unknown keys are ignored, a bad value sets `error` and returns nothing.
    [[nodiscard]] static std::optional<SessionConfig> fromJson(const QJsonObject &json,
                                                               QString *error = nullptr);
    /// "TCP server :7000", "TCP client 10.0.0.5:502", ... when no name is set. `boundPort`, when
    /// not 0, stands for a bind port of 0 (the port that 0 picked).
    [[nodiscard]] QString displayName(quint16 boundPort = 0) const;

    bool operator==(const SessionConfig &other) const;
    bool operator!=(const SessionConfig &other) const { return !(*this == other); }

    Q_DECLARE_TR_FUNCTIONS(sockeye::SessionConfig) // last: the macro ends with "private:"
};

/// Turns "any", "any4", "any6" or a literal into an address; nullopt for anything else.
[[nodiscard]] std::optional<QHostAddress> parseBindAddress(const QString &text);

/// "127.0.0.1:80" or "[::1]:80".
[[nodiscard]] QString endpointText(const QHostAddress &address, quint16 port);
[[nodiscard]] QString endpointText(const QString &host, quint16 port);

} // namespace sockeye
