#pragma once

#include <QByteArray>
#include <QHashFunctions>
#include <QString>
#include <QtGlobal>

namespace sockeye {

using SessionId = quint32;
using PeerId = quint32;
/// No peer: events about the session itself (listening, bound, stopped).
inline constexpr PeerId NoPeer = 0;

/// One peer of one session: the key of every per-peer table (counters, labels, conversations,
/// framers). A peer id is only unique within its session.
struct PeerKey
{
    SessionId session = 0;
    PeerId peer = NoPeer;

    /// One number for item data and the like (`session` in the high half).
    [[nodiscard]] quint64 packed() const { return (quint64(session) << 32) | peer; }
    [[nodiscard]] static PeerKey unpacked(quint64 packed)
    {
        return {SessionId(packed >> 32), PeerId(packed & 0xffffffffu)};
    }
    friend bool operator==(PeerKey a, PeerKey b)
    {
        return a.session == b.session && a.peer == b.peer;
    }
    friend bool operator!=(PeerKey a, PeerKey b) { return !(a == b); }
};

inline size_t qHash(PeerKey key, size_t seed = 0) noexcept
{
    return ::qHash(key.packed(), seed);
}

enum class Direction : quint8 {
    Rx,  ///< received from the peer
    Tx,  ///< sent to the peer
    None ///< events
};

enum class RecordKind : quint8 {
    Data,
    Listening,    ///< a server started listening / a UDP socket was bound
    Stopped,      ///< a server stopped listening / a UDP socket was closed
    Accepted,     ///< a server accepted a client
    Connected,    ///< a client connected
    ClosedByPeer, ///< orderly close by the peer (FIN)
    Reset,        ///< the peer reset the connection (RST)
    Closed,       ///< we closed the connection
    Error,        ///< something failed; the text says what
    Info          ///< anything else worth a line in the timeline (reconnecting, group joined...)
};

/**
 * One entry of the traffic timeline: a chunk of bytes that crossed the wire or an event.
 * The bytes are implicitly shared with the socket read that produced them and are never copied.
 */
struct TrafficRecord
{
    quint64 sequence = 0;   ///< assigned by TrafficLog, strictly increasing
    qint64 timestampUs = 0; ///< microseconds since the Unix epoch
    SessionId session = 0;
    PeerId peer = NoPeer;
    Direction direction = Direction::None;
    RecordKind kind = RecordKind::Data;
    QByteArray bytes; ///< payload for Data records
    QString text;     ///< the sentence for events

    [[nodiscard]] bool isData() const { return kind == RecordKind::Data; }
    [[nodiscard]] PeerKey peerKey() const { return {session, peer}; }
};

/// Microseconds since the Unix epoch, from the system clock.
[[nodiscard]] qint64 nowUs();

[[nodiscard]] QString recordKindName(RecordKind kind);

} // namespace sockeye
