#pragma once

#include "session.h"

#include <QAbstractSocket>
#include <QSslConfiguration>
#include <QSslError>

class QTcpSocket;
class QTimer;

namespace sockeye {

/**
 * A TCP client: connects to a host name or address literal, with a connect timeout, an optional
 * local bind, and auto-reconnect with exponential backoff. With TLS on, the connection counts
 * as made once the handshake is done; a failed handshake or verification is said in words
 * (TlsReport) and told apart from TCP's failures.
 */
class TcpClientSession : public Session
{
    Q_OBJECT
public:
    TcpClientSession(SessionId id, const SessionConfig &config, TrafficLog *log,
                     QObject *parent = nullptr);
    ~TcpClientSession() override;

    bool start() override;
    /// Disconnects (after pending data is written) and cancels any reconnect.
    void stop() override;
    /// Resets the connection at once (RST) and cancels any reconnect.
    void abort();

    SendResult send(const QByteArray &bytes, const QList<PeerId> &targets = {}) override;
    [[nodiscard]] qint64 bytesToWrite(const QList<PeerId> &targets = {}) const override;

    /// The delay before reconnect attempt `attempt` (1-based): min doubled per attempt, capped.
    [[nodiscard]] static int backoffMs(int attempt, int minMs, int maxMs);
    [[nodiscard]] int reconnectAttempt() const override { return m_attempt; }
    /// Stops (or, with `abort`, resets) the connection to the server, the one peer.
    bool disconnectPeer(PeerId id, CloseMode mode = CloseMode::Fin) override;
    void holdOpen(const QList<PeerId> &targets, bool hold) override;
    [[nodiscard]] qint64 acknowledgedBytes(PeerId peer) const override;
    [[nodiscard]] std::optional<TcpStats> tcpStats(PeerId peer,
                                                   QString *why = nullptr) const override;
    [[nodiscard]] quint16 localPort() const;

private:
    void connectNow();
    void onSocketStateChanged(QAbstractSocket::SocketState socketState);
    void onConnected();
    /// TCP is connected (and, with TLS, the handshake done): the server becomes the peer.
    void becomeConnected();
    void onEncrypted();
    /// The sentence for an attempt that ended during the TLS handshake.
    void failHandshake(QAbstractSocket::SocketError socketError);
    void onDisconnected();
    void onSocketError(QAbstractSocket::SocketError error);
    void onConnectTimeout();
    void failAttempt(SessionError error, const QString &message);
    void scheduleReconnectOrIdle();
    void dropSocket();

    QTcpSocket *m_socket = nullptr;
    std::optional<QSslConfiguration> m_tls; ///< made at start(), used by every attempt
    QList<QSslError> m_sslErrors;           ///< of this attempt's handshake
    std::optional<TlsAlert> m_alert;        ///< the alert the server sent, if any
    bool m_tcpConnected = false;            ///< this attempt got past TCP's handshake
    QTimer *m_connectTimer;
    QTimer *m_reconnectTimer;
    PeerId m_peer = NoPeer;
    PeerId m_endedPeer = NoPeer;     ///< the last connection's peer, once it ended
    qint64 m_endedAcknowledged = -1; ///< and what it had acknowledged
    qint64 m_connectStartedUs = 0;   ///< when this attempt's handshake began
    int m_attempt = 0;
    bool m_userStopped = false;
    bool m_closingByUs = false;
    bool m_resetByUs = false;      ///< the close was our RST
    bool m_halfClosedByUs = false; ///< sent our FIN; receiving until the server closes
};

} // namespace sockeye
