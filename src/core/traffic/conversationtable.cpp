#include "conversationtable.h"

#include "session/session.h"
#include "session/sessionmanager.h"
#include "trafficlog.h"

#include <algorithm>

namespace sockeye {

ConversationTable::ConversationTable(QObject *parent)
    : QObject(parent)
{}

Conversation ConversationTable::fromPeer(const Session &session, const Peer &peer)
{
    Conversation c;
    c.session = session.id();
    c.peer = peer.id;
    c.transport = session.kind() == SessionKind::Udp ? Transport::Udp : Transport::Tcp;
    c.weOpened = session.kind() == SessionKind::TcpClient;
    c.localAddress = peer.localAddress;
    c.localPort = peer.localPort;
    c.remoteAddress = peer.address;
    c.remotePort = peer.port;
    c.firstSeenUs = peer.connectedSinceUs;
    return c;
}

void ConversationTable::addSession(Session *session)
{
    if (!session)
        return;
    CaptureSession info;
    info.id = session->id();
    info.kind = session->kind();
    info.name = session->displayName();
    info.tls = session->config().tls.enabled;
    insertSession(info);
    m_live.insert(info.id, session);
    // Port 0 becomes a real port once bound; the name keeps it after the session stops.
    connect(session, &Session::stateChanged, this, [this, session] {
        if (session->boundPort() != 0 && m_sessions.contains(session->id()))
            m_sessions[session->id()].name = session->displayName();
    });
    for (const Peer &peer : session->peers())
        (void)find(info.id, peer.id);
    connect(session, &Session::peerAdded, this, [this, session](const Peer &peer) {
        if (!m_conversations.contains(key(session->id(), peer.id)))
            insert(fromPeer(*session, peer));
    });
    connect(session, &Session::peerRemoved, this, [this, id = info.id](PeerId peer) {
        if (m_log)
            m_departed.emplace_back(m_log->nextSequence(), key(id, peer));
    });
}

void ConversationTable::addSessions(SessionManager *manager)
{
    m_log = manager->log();
    connect(m_log, &TrafficLog::recordsEvicted, this, [this] {
        while (!m_departed.empty() && m_departed.front().first <= m_log->firstSequence()) {
            m_conversations.remove(m_departed.front().second);
            m_departed.pop_front();
        }
    });
    const auto sessions = manager->sessions();
    for (Session *session : sessions)
        addSession(session);
    connect(manager, &SessionManager::sessionAdded, this, &ConversationTable::addSession);
}

void ConversationTable::insertSession(const CaptureSession &session)
{
    if (!m_sessions.contains(session.id))
        m_sessionOrder << session.id;
    m_sessions.insert(session.id, session);
}

void ConversationTable::insert(const Conversation &conversation)
{
    m_conversations.insert(key(conversation.session, conversation.peer), conversation);
}

void ConversationTable::clear()
{
    m_sessions.clear();
    m_live.clear();
    m_conversations.clear();
    m_sessionOrder.clear();
    m_departed.clear();
}

std::optional<CaptureSession> ConversationTable::session(SessionId id) const
{
    const auto it = m_sessions.constFind(id);
    if (it == m_sessions.constEnd())
        return std::nullopt;
    return it.value();
}

QList<CaptureSession> ConversationTable::sessions() const
{
    QList<CaptureSession> list;
    for (SessionId id : m_sessionOrder)
        list << m_sessions.value(id);
    return list;
}

std::optional<Conversation> ConversationTable::find(SessionId session, PeerId peer) const
{
    if (peer == NoPeer)
        return std::nullopt;
    const auto it = m_conversations.constFind(key(session, peer));
    if (it != m_conversations.constEnd())
        return it.value();
    const QPointer<Session> live = m_live.value(session);
    if (!live)
        return std::nullopt;
    const auto p = live->peer(peer);
    if (!p)
        return std::nullopt;
    const Conversation c = fromPeer(*live, *p);
    m_conversations.insert(key(session, peer), c);
    return c;
}

QList<Conversation> ConversationTable::conversations() const
{
    QList<Conversation> list = m_conversations.values();
    std::sort(list.begin(), list.end(), [](const Conversation &a, const Conversation &b) {
        return a.session != b.session ? a.session < b.session : a.peer < b.peer;
    });
    return list;
}

QString ConversationTable::sessionName(SessionId id) const
{
    const auto it = m_sessions.constFind(id);
    if (it != m_sessions.constEnd() && !it->name.isEmpty())
        return it->name;
    return tr("Session %1").arg(id);
}

QString ConversationTable::peerLabel(SessionId session, PeerId peer) const
{
    if (peer == NoPeer)
        return {};
    const auto c = find(session, peer);
    return c ? c->remoteLabel() : tr("peer %1").arg(peer);
}

} // namespace sockeye
