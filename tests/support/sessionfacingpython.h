#pragma once

#include "externalpeer.h"
#include "session/session.h"
#include "session/sessionmanager.h"

#include <memory>

namespace sockeye::test {

/// A TCP session of `config` facing a python peer run from `script`, which takes the arguments
/// PyCloseWatcher takes: as a server (`server`), the session listens on 127.0.0.1 and the peer
/// connects to it ("client PORT"); as a client, the peer listens ("server PORT", printing
/// LISTENING) and the session connects to it, unless `startClient` is false (a test that
/// starts it as a user would). Returns the session, owned by `manager`, or nullptr when it
/// could not start.
inline Session *sessionFacingPython(SessionManager &manager, SessionConfig config, bool server,
                                    const QString &script, std::unique_ptr<ExternalPeer> &peer,
                                    bool startClient = true)
{
    if (server) {
        config.kind = SessionKind::TcpServer;
        config.bindAddress = QStringLiteral("127.0.0.1");
        Session *session = manager.createSession(config);
        if (!session->start())
            return nullptr;
        peer.reset(ExternalPeer::python(
            script, {QStringLiteral("client"), QString::number(session->boundPort())}));
        return session;
    }
    const quint16 port = freeTcpPort();
    peer.reset(ExternalPeer::python(script, {QStringLiteral("server"), QString::number(port)}));
    if (!peer->waitForOutput("LISTENING"))
        return nullptr;
    config.kind = SessionKind::TcpClient;
    config.remoteHost = QStringLiteral("127.0.0.1");
    config.remotePort = port;
    Session *session = manager.createSession(config);
    return !startClient || session->start() ? session : nullptr;
}

} // namespace sockeye::test
