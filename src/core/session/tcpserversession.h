#pragma once

#include "session.h"

#include <QHash>
#include <QSet>

class QSslSocket;
class QTcpServer;
class QTcpSocket;

namespace sockeye {

/// A TCP server: listens on an address and port and keeps one Peer per accepted client. With
/// TLS on (a QSslServer), a client becomes a peer once its handshake is done; a failed one is
/// told in the timeline in words.
class TcpServerSession : public Session
{
    Q_OBJECT
public:
    TcpServerSession(SessionId id, const SessionConfig &config, TrafficLog *log,
                     QObject *parent = nullptr);
    ~TcpServerSession() override;

    bool start() override;
    /// Stops listening and disconnects every client.
    void stop() override;
    /// Stops accepting new clients; existing clients stay connected unless `dropClients`.
    void stopListening(bool dropClients);
    [[nodiscard]] bool isListening() const;
    /// The port actually listened on (useful when the config says 0).
    [[nodiscard]] quint16 serverPort() const;
    [[nodiscard]] quint16 boundPort() const override;
    [[nodiscard]] QHostAddress boundAddress() const override;

    SendResult send(const QByteArray &bytes, const QList<PeerId> &targets = {}) override;
    [[nodiscard]] qint64 bytesToWrite(const QList<PeerId> &targets = {}) const override;
    bool disconnectPeer(PeerId id, CloseMode mode = CloseMode::Fin) override;
    void holdOpen(const QList<PeerId> &targets, bool hold) override;
    [[nodiscard]] qint64 acknowledgedBytes(PeerId peer) const override;
    [[nodiscard]] std::optional<TcpStats> tcpStats(PeerId peer,
                                                   QString *why = nullptr) const override;
    /// The listening socket's accept queue (connections the kernel completed that wait for
    /// Sockeye to accept them), or empty when not listening or not known here.
    [[nodiscard]] std::optional<AcceptQueue> acceptQueue() const;
    /// Connections the kernel dropped for a full accept queue since this server started
    /// listening (any listener of the network namespace: the kernel counts them together),
    /// or -1 where that cannot be read.
    [[nodiscard]] qint64 acceptQueueOverflows() const;

private:
    /// A QSslServer when the config asks for TLS, else a QTcpServer (made anew if that changed).
    void makeServer();
    void onHandshakeFailed(QSslSocket *socket, QAbstractSocket::SocketError error);
    void scheduleAccept();
    void acceptPending();
    void onPeerDisconnected(PeerId id, QTcpSocket *socket);

    QTcpServer *m_server;
    QHash<PeerId, QTcpSocket *> m_sockets;
    QHash<PeerId, CloseMode> m_closingByUs; ///< closed by us, and how
    QSet<PeerId> m_halfClosedByUs;          ///< sent our FIN; receiving until the peer closes
    qint64 m_overflowsAtListen = -1;        ///< listenOverflows() when listening began
    bool m_acceptScheduled = false;
};

} // namespace sockeye
