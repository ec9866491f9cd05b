#pragma once

#include "peer.h"
#include "sessionconfig.h"
#include "sessionerror.h"
#include "tcpstats.h"
#include "tls/tlscontext.h"
#include "traffic/trafficcounters.h"
#include "traffic/trafficrecord.h"

#include <QIODevice>
#include <QList>
#include <QObject>
#include <QSet>

#include <map>
#include <optional>

class QTcpSocket;

namespace sockeye {

class TrafficLog;

/// What a send did: nothing is sent unless every target can take the whole payload.
struct SendResult
{
    SessionError error = SessionError::None;
    QString message;   ///< the sentence for the user when error != None
    int peersSent = 0; ///< how many peers got the payload

    [[nodiscard]] bool ok() const { return error == SessionError::None; }
};

/**
 * A TCP server, TCP client or UDP socket the user started, with its peers.
 *
 * Every byte in or out and every connection event goes to the TrafficLog as a record. State
 * changes and errors are signals; an error always comes with a sentence a user understands.
 */
class Session : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Idle,         ///< not started, or stopped
        Resolving,    ///< client: looking up the host name
        Connecting,   ///< client: TCP handshake under way
        Connected,    ///< client: connected
        Listening,    ///< server: accepting clients
        Bound,        ///< UDP: bound and receiving
        Closing,      ///< client: closing the connection
        Reconnecting, ///< client: waiting before the next connect attempt
    };
    Q_ENUM(State)

    /// How Sockeye ends a TCP connection.
    enum class CloseMode {
        Fin,       ///< once what waits is written: FIN (an orderly close)
        Reset,     ///< at once: RST (SO_LINGER 0), what waits is dropped
        HalfClose, ///< FIN once what waits is written, then receive on until the peer closes
    };
    /// "fin", "rst", "half": the CLI's words (`--close`).
    [[nodiscard]] static QString closeModeName(CloseMode mode);
    [[nodiscard]] static std::optional<CloseMode> closeModeFromName(const QString &name);

    /// The most one received record holds. Reads are cut at this size so that record buffers
    /// come from (and return to) the allocator's heap rather than fresh mappings, which keeps
    /// memory near the log's budget, and so views and exporters deal in modest pieces.
    static constexpr qint64 MaxRecordBytes = 64 * 1024;
    /// Backpressure: while more than this waits to be sent to a peer (echo, replies, a file
    /// it does not read), nothing more is read from it; its bytes wait in the kernel, whose
    /// full window slows the peer down. Reading resumes below half of it.
    static constexpr qint64 MaxPeerBacklog = 1024 * 1024;
    /// What Qt may hold for a TCP socket that is not read (setReadBufferSize()).
    static constexpr qint64 SocketReadBuffer = 1024 * 1024;

    Session(SessionId id, const SessionConfig &config, TrafficLog *log, QObject *parent = nullptr);
    ~Session() override;

    [[nodiscard]] SessionId id() const { return m_id; }
    [[nodiscard]] SessionKind kind() const { return m_config.kind; }
    [[nodiscard]] const SessionConfig &config() const { return m_config; }
    /// Takes effect at the next start().
    void setConfig(const SessionConfig &config);
    /// The local port actually listened on or bound (what port 0 picked), or 0 when not bound.
    [[nodiscard]] virtual quint16 boundPort() const { return 0; }
    /// The local address listened on or bound (null when not bound; Any for every interface).
    [[nodiscard]] virtual QHostAddress boundAddress() const { return {}; }
    /// Client: the attempt the next reconnect will be (as the timeline numbers it); else 0.
    [[nodiscard]] virtual int reconnectAttempt() const { return 0; }
    /// The config's display name, with the bound port when the config says port 0.
    [[nodiscard]] QString displayName() const;
    [[nodiscard]] TrafficLog *log() const { return m_log; }

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] static QString stateText(State state);
    [[nodiscard]] SessionError lastError() const { return m_lastError; }
    [[nodiscard]] QString lastErrorText() const { return m_lastErrorText; }

    /// Listens, connects or binds. Returns false (and reports the error) when that fails at once;
    /// failures that come later (connection refused...) arrive through errorOccurred().
    virtual bool start() = 0;
    /// Stops listening / disconnects / unbinds and drops every peer.
    virtual void stop() = 0;
    [[nodiscard]] bool isActive() const { return m_state != State::Idle; }

    /// Sends to the given peers; an empty list means every peer (server), the server (client)
    /// or the default target (UDP).
    virtual SendResult send(const QByteArray &bytes, const QList<PeerId> &targets = {}) = 0;

    /// Bytes sent to these peers (empty: every peer) that wait in the sockets' buffers for
    /// the system to take them. UDP queues none, except datagrams to a host name whose lookup
    /// is under way (for any target). Whoever sends a lot (a file) keeps this bounded and sends
    /// on at bytesWritten(); whoever must not stop early waits until it is 0.
    [[nodiscard]] virtual qint64 bytesToWrite(const QList<PeerId> &targets = {}) const;

    /// Closes one peer's connection as `mode` says; the timeline tells which. Sending to a
    /// peer half-closed by us is refused. Returns false when the session has no connection to
    /// close for that peer (UDP, or a peer that is gone).
    virtual bool disconnectPeer(PeerId id, CloseMode mode = CloseMode::Fin);
    /// disconnectPeer() for every peer; the session itself stays started (a server listens on).
    virtual void disconnectAll(CloseMode mode = CloseMode::Fin);
    /// While held, a TCP peer's half-close (its FIN) does not end the connection: sending to
    /// it goes on (a file). Released, the connection ends as usual once what waits is written.
    /// `targets` as for send(); hold and release pair up. No-op for UDP.
    virtual void holdOpen(const QList<PeerId> &targets, bool hold);
    /// TCP: of the bytes sent to this peer, how many it has acknowledged (the kernel's count,
    /// sampled as the connection went; for a client also after it ended, and NoPeer means its
    /// server), or -1 when unknown.
    [[nodiscard]] virtual qint64 acknowledgedBytes(PeerId peer) const;
    /// TCP: the kernel's statistics of this peer's connection, read now (for a client, NoPeer
    /// means its server). Empty for UDP, a peer that is gone or a system without TCP_INFO;
    /// `why` then says which.
    [[nodiscard]] virtual std::optional<TcpStats> tcpStats(PeerId peer,
                                                           QString *why = nullptr) const;

    [[nodiscard]] QList<Peer> peers() const;
    [[nodiscard]] std::optional<Peer> peer(PeerId id) const;
    [[nodiscard]] TrafficCounters counters() const;
    [[nodiscard]] TrafficCounters peerCounters(PeerId id) const;
    /// Sets the session's counters and its peers' (NoPeer) or one peer's back to zero, and
    /// says so in the timeline with what they were.
    void resetCounters(PeerId peer = NoPeer);

signals:
    void stateChanged(sockeye::Session::State state);
    void errorOccurred(sockeye::SessionError error, const QString &message);
    void peerAdded(const sockeye::Peer &peer);
    void peerRemoved(sockeye::PeerId id);
    /// A peer is about to be removed: the whole of it (its story) and its counters, which
    /// the log forgets next. Emitted before peerRemoved.
    void peerEnded(const sockeye::Peer &peer, const sockeye::TrafficCounters &counters);
    /// A TCP connection ends: its statistics as last read (just before its end), emitted
    /// before peerRemoved.
    void connectionStatsAtEnd(sockeye::PeerId id, const sockeye::TcpStats &stats);
    /// Bytes received from a peer (already recorded in the log).
    void dataReceived(sockeye::PeerId peer, const QByteArray &bytes);
    /// `bytes` more of what was sent to a peer left Sockeye (bytesToWrite() went down): the
    /// system took it, or a UDP lookup failed and its datagrams were reported as not sent.
    void bytesWritten(sockeye::PeerId peer, qint64 bytes);

protected:
    void setState(State state);
    /// The TLS configuration the config's settings make (every file read and checked), or
    /// nothing, with the error reported (TlsPassphrase when the key's passphrase is needed).
    std::optional<QSslConfiguration> tlsConfiguration(TlsContext::Role role);
    /// Records an Error event, remembers it and emits errorOccurred().
    void reportError(SessionError error, const QString &message, PeerId peer = NoPeer);
    SendResult sendError(SessionError error, const QString &action);
    /// A send refused for a reason of its own, said in `message` (a whole sentence).
    SendResult sendRefused(SessionError error, const QString &message);
    void recordEvent(RecordKind kind, const QString &text, PeerId peer = NoPeer);
    void recordReceived(PeerId peer, const QByteArray &bytes);
    /// Records everything `device` has buffered, as records of at most MaxRecordBytes each,
    /// unless more than MaxPeerBacklog waits to be sent to that peer: then reading pauses
    /// (told once per peer in the timeline) until resumeReading() sees it drained. `always`
    /// reads regardless (a connection's end: nothing received is lost).
    void recordAvailable(PeerId peer, QIODevice *device, bool always = false);
    /// Call from a socket's bytesWritten: reads what waited once the peer has caught up.
    void resumeReading(PeerId peer, QIODevice *device);
    void recordSent(PeerId peer, const QByteArray &bytes);
    /// The timeline's line for a TCP peer that sent its FIN while something is still for it.
    void recordHalfClose(PeerId peer);
    /// Attaches a TcpCloseDetector to a peer's connected socket: its half-close is told in
    /// the timeline, and with keepHalfOpen the connection stays open after the peer's FIN.
    void watchClose(QTcpSocket *socket, PeerId peer);
    /// Remembers a new peer; announcePeer() then emits peerAdded, once the subclass can send to
    /// it (so a welcome message sent from a peerAdded handler reaches it).
    PeerId addPeer(const QHostAddress &address, quint16 port, const QHostAddress &localAddress = {},
                   quint16 localPort = 0);
    void announcePeer(PeerId id);
    /// The peer itself, to write its story in; nullptr when it is gone.
    Peer *storyOf(PeerId id);
    /// How the peer's connection ended, for its story (call before removePeer()).
    void noteEnd(PeerId id, Peer::End end);
    void removePeer(PeerId id);
    void removeAllPeers();

private:
    SessionId m_id;
    SessionConfig m_config;
    TrafficLog *m_log;
    State m_state = State::Idle;
    SessionError m_lastError = SessionError::None;
    QString m_lastErrorText;
    std::map<PeerId, Peer> m_peers;
    QSet<PeerId> m_readPaused;
    QSet<PeerId> m_pauseTold; ///< peers whose first pause is in the timeline
    PeerId m_nextPeerId = 1;
};

} // namespace sockeye
