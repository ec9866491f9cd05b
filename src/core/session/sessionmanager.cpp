#include "sessionmanager.h"

#include "tcpclientsession.h"
#include "tcpserversession.h"
#include "traffic/trafficlog.h"
#include "udpsession.h"

namespace sockeye {

SessionManager::SessionManager(QObject *parent)
    : QObject(parent)
    , m_log(new TrafficLog(this))
{}

SessionManager::~SessionManager()
{
    // Sessions write to the log while they close; delete them first.
    const auto sessions = m_sessions;
    for (Session *s : sessions)
        delete s;
}

Session *SessionManager::createSession(const SessionConfig &config)
{
    const SessionId id = m_nextId++;
    Session *s = nullptr;
    switch (config.kind) {
    case SessionKind::TcpServer:
        s = new TcpServerSession(id, config, m_log, this);
        break;
    case SessionKind::TcpClient:
        s = new TcpClientSession(id, config, m_log, this);
        break;
    case SessionKind::Udp:
        s = new UdpSession(id, config, m_log, this);
        break;
    }
    m_sessions << s;
    emit sessionAdded(s);
    return s;
}

void SessionManager::removeSession(SessionId id)
{
    Session *s = session(id);
    if (!s)
        return;
    m_sessions.removeOne(s);
    s->stop();
    s->deleteLater();
    emit sessionRemoved(id);
}

Session *SessionManager::session(SessionId id) const
{
    for (Session *s : m_sessions) {
        if (s->id() == id)
            return s;
    }
    return nullptr;
}

} // namespace sockeye
