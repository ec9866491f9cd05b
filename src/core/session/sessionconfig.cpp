#include "sessionconfig.h"

#include "workspace/jsonnumber.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <utility>

namespace sockeye {

QString sessionKindName(SessionKind kind)
{
    switch (kind) {
    case SessionKind::TcpServer:
        return QStringLiteral("tcp-server");
    case SessionKind::TcpClient:
        return QStringLiteral("tcp-client");
    case SessionKind::Udp:
        return QStringLiteral("udp");
    }
    return {};
}

std::optional<SessionKind> sessionKindFromName(const QString &name)
{
    for (SessionKind kind : {SessionKind::TcpServer, SessionKind::TcpClient, SessionKind::Udp}) {
        if (sessionKindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

std::optional<QHostAddress> parseBindAddress(const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty() || t == QLatin1String("any"))
        return QHostAddress(QHostAddress::Any);
    if (t == QLatin1String("any4"))
        return QHostAddress(QHostAddress::AnyIPv4);
    if (t == QLatin1String("any6"))
        return QHostAddress(QHostAddress::AnyIPv6);
    // QHostAddress accepts inet_aton's short forms ("1.2.3" is 1.2.0.3); a user who typed three
    // parts made a typo, so IPv4 must have all four.
    if (!t.contains(QLatin1Char(':')) && t.count(QLatin1Char('.')) != 3)
        return std::nullopt;
    QHostAddress address;
    if (address.setAddress(t))
        return address;
    return std::nullopt;
}

QString endpointText(const QHostAddress &address, quint16 port)
{
    if (address == QHostAddress(QHostAddress::Any))
        return QStringLiteral("*:%1").arg(port);
    QHostAddress plain = address;
    // Show IPv4-mapped IPv6 peers of a dual-stack server as plain IPv4.
    bool isV4 = false;
    const quint32 v4 = plain.toIPv4Address(&isV4);
    if (isV4)
        plain = QHostAddress(v4);
    if (plain.protocol() == QAbstractSocket::IPv6Protocol)
        return QStringLiteral("[%1]:%2").arg(plain.toString()).arg(port);
    return QStringLiteral("%1:%2").arg(plain.toString()).arg(port);
}

QString endpointText(const QString &host, quint16 port)
{
    if (host.contains(QLatin1Char(':')))
        return QStringLiteral("[%1]:%2").arg(host).arg(port);
    return QStringLiteral("%1:%2").arg(host).arg(port);
}

QString SessionConfig::displayName(quint16 boundPort) const
{
    if (!name.isEmpty())
        return name;
    const quint16 port = bindPort == 0 ? boundPort : bindPort;
    const auto tr = [](const char *text) {
        return QCoreApplication::translate("sockeye::SessionConfig", text);
    };
    switch (kind) {
    case SessionKind::TcpServer:
        return tls.enabled ? tr("TLS server :%1").arg(port) : tr("TCP server :%1").arg(port);
    case SessionKind::TcpClient:
        return tls.enabled ? tr("TLS client %1").arg(endpointText(remoteHost, remotePort))
                           : tr("TCP client %1").arg(endpointText(remoteHost, remotePort));
    case SessionKind::Udp:
        return tr("UDP :%1").arg(port);
    }
    return {};
}

QJsonObject SessionConfig::toJson() const
{
    QJsonObject o;
    o[QLatin1String("kind")] = sessionKindName(kind);
    o[QLatin1String("name")] = name;
    o[QLatin1String("bindAddress")] = bindAddress;
    o[QLatin1String("bindPort")] = bindPort;
    o[QLatin1String("remoteHost")] = remoteHost;
    o[QLatin1String("remotePort")] = remotePort;
    o[QLatin1String("backlog")] = backlog;
    o[QLatin1String("maxClients")] = maxClients;
    o[QLatin1String("connectTimeoutMs")] = connectTimeoutMs;
    o[QLatin1String("autoReconnect")] = autoReconnect;
    o[QLatin1String("reconnectMinMs")] = reconnectMinMs;
    o[QLatin1String("reconnectMaxMs")] = reconnectMaxMs;
    o[QLatin1String("clientBind")] = clientBind;
    o[QLatin1String("noDelay")] = noDelay;
    o[QLatin1String("keepHalfOpen")] = keepHalfOpen;
    o[QLatin1String("keepAliveIdleS")] = keepAliveIdleS;
    o[QLatin1String("keepAliveIntervalS")] = keepAliveIntervalS;
    o[QLatin1String("keepAliveCount")] = keepAliveCount;
    o[QLatin1String("receiveBufferBytes")] = receiveBufferBytes;
    o[QLatin1String("sendBufferBytes")] = sendBufferBytes;
    o[QLatin1String("multicastGroups")] = QJsonArray::fromStringList(multicastGroups);
    o[QLatin1String("multicastInterface")] = multicastInterface;
    o[QLatin1String("multicastLoopback")] = multicastLoopback;
    const QJsonObject tlsJson = tls.toJson();
    if (tlsJson != TlsSettings().toJson())
        o[QLatin1String("tls")] = tlsJson;
    return o;
}

std::optional<SessionConfig> SessionConfig::fromJson(const QJsonObject &json, QString *error)
{
    const auto fail = [error](const QString &message) -> std::optional<SessionConfig> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const auto tr = [](const char *text) {
        return QCoreApplication::translate("sockeye::SessionConfig", text);
    };

    SessionConfig c;
    const QString kindName = json.value(QLatin1String("kind")).toString();
    const auto kind = sessionKindFromName(kindName);
    if (!kind)
        return fail(
            tr("Unknown session kind \"%1\": use tcp-server, tcp-client or udp.").arg(kindName));
    c.kind = *kind;

    const auto port = [&](const char *key, quint16 *out) {
        const QJsonValue v = json.value(QLatin1String(key));
        if (v.isUndefined())
            return true;
        const std::optional<qint64> number = jsonWholeNumber(v, 0, 65535);
        if (!number)
            return false;
        *out = quint16(*number);
        return true;
    };
    const auto integer = [&](const char *key, int *out, int min, int max) {
        const QJsonValue v = json.value(QLatin1String(key));
        if (v.isUndefined())
            return true;
        const std::optional<qint64> number = jsonWholeNumber(v, min, max);
        if (!number)
            return false;
        *out = int(*number);
        return true;
    };
    const auto boolean = [&](const char *key, bool *out) {
        const QJsonValue v = json.value(QLatin1String(key));
        if (v.isBool())
            *out = v.toBool();
    };
    // Text fields have a size a real one never reaches (a host name is at most 253
    // characters): a file that says more is refused rather than held in memory and shown.
    QString tooLong;
    const auto string = [&](const char *key, QString *out, qsizetype max) {
        const QJsonValue v = json.value(QLatin1String(key));
        if (!v.isString())
            return;
        const QString text = v.toString();
        if (text.size() > max && tooLong.isEmpty()) {
            tooLong = tr("%1 is %2 characters long; it can be at most %3.")
                          .arg(QLatin1String(key))
                          .arg(text.size())
                          .arg(max);
            return;
        }
        *out = text;
    };

    string("name", &c.name, MaxNameLength);
    string("bindAddress", &c.bindAddress, MaxHostLength);
    string("remoteHost", &c.remoteHost, MaxHostLength);
    string("multicastInterface", &c.multicastInterface, MaxHostLength);
    if (!tooLong.isEmpty())
        return fail(tooLong);
    if (!port("bindPort", &c.bindPort))
        return fail(tr("bindPort must be a port number from 0 to 65535."));
    if (!port("remotePort", &c.remotePort))
        return fail(tr("remotePort must be a port number from 0 to 65535."));
    if (!integer("backlog", &c.backlog, 1, 65535))
        return fail(tr("backlog must be from 1 to 65535."));
    if (!integer("maxClients", &c.maxClients, 0, 1000000))
        return fail(tr("maxClients must be from 0 (no limit) to 1000000."));
    if (!integer("connectTimeoutMs", &c.connectTimeoutMs, 1, 3600000))
        return fail(tr("connectTimeoutMs must be from 1 to 3600000."));
    if (!integer("reconnectMinMs", &c.reconnectMinMs, 1, 3600000) ||
        !integer("reconnectMaxMs", &c.reconnectMaxMs, 1, 3600000))
        return fail(tr("reconnectMinMs and reconnectMaxMs must be from 1 to 3600000."));
    // Linux's limits: TCP_KEEPIDLE and TCP_KEEPINTVL at most 32767 s, TCP_KEEPCNT 127.
    if (!integer("keepAliveIdleS", &c.keepAliveIdleS, 0, 32767))
        return fail(tr("keepAliveIdleS must be from 0 (keepalive off) to 32767 seconds."));
    if (!integer("keepAliveIntervalS", &c.keepAliveIntervalS, 1, 32767))
        return fail(tr("keepAliveIntervalS must be from 1 to 32767 seconds."));
    if (!integer("keepAliveCount", &c.keepAliveCount, 1, 127))
        return fail(tr("keepAliveCount must be from 1 to 127 probes."));
    for (auto [key, out] : {std::pair{"receiveBufferBytes", &c.receiveBufferBytes},
                            std::pair{"sendBufferBytes", &c.sendBufferBytes}}) {
        if (!integer(key, out, 0, MaxBufferBytes) || (*out != 0 && *out < 1024))
            return fail(tr("%1 must be 0 (the system's) or from 1024 to %2 bytes.")
                            .arg(QLatin1String(key))
                            .arg(MaxBufferBytes));
    }
    boolean("noDelay", &c.noDelay);
    boolean("keepHalfOpen", &c.keepHalfOpen);
    boolean("autoReconnect", &c.autoReconnect);
    boolean("clientBind", &c.clientBind);
    boolean("multicastLoopback", &c.multicastLoopback);
    for (const QJsonValue &g : json.value(QLatin1String("multicastGroups")).toArray())
        c.multicastGroups << g.toString();
    if (json.contains(QLatin1String("tls"))) {
        QString why;
        const auto tls = TlsSettings::fromJson(json.value(QLatin1String("tls")).toObject(), &why);
        if (!tls)
            return fail(why);
        if (tls->enabled && c.kind == SessionKind::Udp)
            return fail(tr("tls.enabled: TLS runs over TCP; a UDP session cannot use it."));
        c.tls = *tls;
    }
    if (!parseBindAddress(c.bindAddress))
        return fail(tr("bindAddress \"%1\" is not an address: use any, any4, any6 or an IP "
                       "address.")
                        .arg(c.bindAddress));
    return c;
}

bool SessionConfig::operator==(const SessionConfig &o) const
{
    return toJson() == o.toJson();
}

} // namespace sockeye
