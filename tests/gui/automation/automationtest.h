#pragma once

// Shared by the GUI automation tests: a TCP server config on 127.0.0.1, a client that collects
// what it receives, and a rule from its one-line syntax.

#include "automation/replyrule.h"
#include "session/sessionmanager.h"
#include "session/tcpclientsession.h"
#include "session/tcpserversession.h"

#include <QtGlobal>

namespace sockeye::test {

inline SessionConfig serverConfig()
{
    SessionConfig config;
    config.kind = SessionKind::TcpServer;
    config.bindAddress = QStringLiteral("127.0.0.1");
    config.bindPort = 0;
    return config;
}

/// A client of `server` that collects what it receives into `received`.
inline TcpClientSession *connectClient(SessionManager &manager, TcpServerSession *server,
                                       QByteArray *received)
{
    SessionConfig config;
    config.kind = SessionKind::TcpClient;
    config.remoteHost = QStringLiteral("127.0.0.1");
    config.remotePort = server->serverPort();
    auto *client = qobject_cast<TcpClientSession *>(manager.createSession(config));
    QObject::connect(client, &Session::dataReceived, client,
                     [received](PeerId, const QByteArray &bytes) { *received += bytes; });
    client->start();
    return client;
}

inline ReplyRule rule(const QString &match, const QString &reply)
{
    QString error;
    const auto made = ReplyRule::fromMatchSyntax(match, reply, &error);
    if (!made)
        qFatal("bad test rule %s: %s", qPrintable(match), qPrintable(error));
    return *made;
}

} // namespace sockeye::test
