#pragma once

#include "conversation.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

#include <deque>
#include <optional>
#include <utility>

namespace sockeye {

class Session;
class SessionManager;
class TrafficLog;
struct Peer;

/**
 * Who talked to whom: the sessions and the addresses of every peer they ever had.
 *
 * Sessions forget a peer once it disconnects; exports and recordings still need its addresses,
 * so the table remembers each one from the moment it is first looked up or announced. Follow
 * live sessions with addSession() (or every session of a SessionManager), or fill the table
 * from a capture (CaptureReader does). Following a SessionManager, the table forgets a peer
 * that left once its manager's log has evicted every record of it: nothing can be exported
 * with its addresses any more (a recording looked them up when it wrote its records), and a
 * server of 100,000 short connections must not keep 100,000 conversations.
 */
class ConversationTable : public QObject
{
    Q_OBJECT
public:
    explicit ConversationTable(QObject *parent = nullptr);

    /// Follows a live session: its name and kind now, and each of its peers.
    void addSession(Session *session);
    /// Follows every session of the manager, present and future.
    void addSessions(SessionManager *manager);

    void insertSession(const CaptureSession &session);
    void insert(const Conversation &conversation);
    void clear();

    [[nodiscard]] std::optional<CaptureSession> session(SessionId id) const;
    [[nodiscard]] QList<CaptureSession> sessions() const;
    /// The conversation of a session's peer; asks the live session when it is not known yet.
    [[nodiscard]] std::optional<Conversation> find(SessionId session, PeerId peer) const;
    [[nodiscard]] QList<Conversation> conversations() const;

    /// The session's name, or "Session N" when unknown.
    [[nodiscard]] QString sessionName(SessionId id) const;
    /// The remote end as "address:port", or "peer N" when unknown; "" for NoPeer.
    [[nodiscard]] QString peerLabel(SessionId session, PeerId peer) const;

    /// A conversation made from a live peer.
    [[nodiscard]] static Conversation fromPeer(const Session &session, const Peer &peer);

private:
    static PeerKey key(SessionId session, PeerId peer) { return {session, peer}; }

    QHash<SessionId, CaptureSession> m_sessions;
    QHash<SessionId, QPointer<Session>> m_live;
    mutable QHash<PeerKey, Conversation> m_conversations;
    QList<SessionId> m_sessionOrder;
    QPointer<TrafficLog> m_log; ///< the followed manager's: its evictions end departed peers
    /// Peers that left, with the log's next sequence when they did, oldest first.
    std::deque<std::pair<quint64, PeerKey>> m_departed;
};

} // namespace sockeye
