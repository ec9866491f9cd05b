#include "tcpclientsession.h"

#include "tcpclosedetector.h"
#include "tcpoptions.h"

#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

namespace sockeye {

TcpClientSession::TcpClientSession(SessionId id, const SessionConfig &config, TrafficLog *log,
                                   QObject *parent)
    : Session(id, config, log, parent)
    , m_connectTimer(new QTimer(this))
    , m_reconnectTimer(new QTimer(this))
{
    m_connectTimer->setSingleShot(true);
    m_reconnectTimer->setSingleShot(true);
    connect(m_connectTimer, &QTimer::timeout, this, &TcpClientSession::onConnectTimeout);
    connect(m_reconnectTimer, &QTimer::timeout, this, &TcpClientSession::connectNow);
}

TcpClientSession::~TcpClientSession()
{
    if (m_socket)
        m_socket->disconnect(this);
}

int TcpClientSession::backoffMs(int attempt, int minMs, int maxMs)
{
    qint64 delay = qMax(minMs, 1);
    for (int i = 1; i < attempt && delay < maxMs; ++i)
        delay *= 2;
    return int(qMin<qint64>(delay, qMax(maxMs, minMs)));
}

quint16 TcpClientSession::localPort() const
{
    return m_socket ? m_socket->localPort() : 0;
}

bool TcpClientSession::start()
{
    const SessionConfig &c = config();
    const QString action = tr("connect to %1").arg(endpointText(c.remoteHost, c.remotePort));
    if (c.remoteHost.trimmed().isEmpty() || c.remotePort == 0) {
        reportError(SessionError::InvalidAddress,
                    tr("Cannot %1: enter the server's host name or address and a port from 1 "
                       "to 65535.")
                        .arg(action));
        return false;
    }
    if (c.clientBind && !parseBindAddress(c.bindAddress)) {
        reportError(
            SessionError::InvalidAddress,
            describeError(SessionError::InvalidAddress, tr("bind to %1").arg(c.bindAddress)));
        return false;
    }
    m_tls.reset();
    if (c.tls.enabled) {
        m_tls = tlsConfiguration(TlsContext::Role::Client);
        if (!m_tls)
            return false;
    }
    m_userStopped = false;
    m_attempt = 0;
    m_reconnectTimer->stop();
    connectNow();
    return true;
}

void TcpClientSession::connectNow()
{
    dropSocket();
    const SessionConfig &c = config();
    m_closingByUs = false;
    m_resetByUs = false;
    m_halfClosedByUs = false;
    m_tcpConnected = false;
    m_sslErrors.clear();
    m_alert.reset();
    if (m_tls) {
        auto *ssl = new QSslSocket(this);
        ssl->setSslConfiguration(*m_tls);
        connect(ssl, &QSslSocket::sslErrors, this,
                [this](const QList<QSslError> &errors) { m_sslErrors = errors; });
        connect(ssl, &QSslSocket::alertReceived, this,
                [this](QSsl::AlertLevel level, QSsl::AlertType type, const QString &text) {
                    if (level != QSsl::AlertLevel::Fatal)
                        return;
                    if (m_peer == NoPeer) {
                        m_alert = TlsAlert{int(type), text};
                        return;
                    }
                    // TLS 1.3: the server checks our certificate after our handshake is done,
                    // so its refusal comes as an alert on the connection.
                    const SessionConfig &now = config();
                    reportError(SessionError::TlsHandshakeFailed,
                                TlsReport::handshakeFailure(
                                    endpointText(now.remoteHost.trimmed(), now.remotePort),
                                    TlsReport::Side::Server, TlsAlert{int(type), text}, false, {}),
                                m_peer);
                });
        connect(ssl, &QSslSocket::encrypted, this, &TcpClientSession::onEncrypted);
        m_socket = ssl;
    } else {
        m_socket = new QTcpSocket(this);
    }
    connect(m_socket, &QTcpSocket::stateChanged, this, &TcpClientSession::onSocketStateChanged);
    connect(m_socket, &QTcpSocket::connected, this, &TcpClientSession::onConnected);
    connect(m_socket, &QTcpSocket::disconnected, this, &TcpClientSession::onDisconnected);
    connect(m_socket, &QTcpSocket::readyRead, this, [this] {
        if (m_socket && m_peer != NoPeer)
            recordAvailable(m_peer, m_socket);
    });
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this](qint64 bytes) {
        if (m_peer != NoPeer)
            emit bytesWritten(m_peer, bytes);
        if (m_socket && m_peer != NoPeer)
            resumeReading(m_peer, m_socket);
    });
    m_socket->setReadBufferSize(SocketReadBuffer); // see TcpServerSession

    if (c.clientBind) {
        const QHostAddress local = *parseBindAddress(c.bindAddress);
        if (!m_socket->bind(local, c.bindPort)) {
            const SessionError error = classifySocketError(m_socket->error());
            failAttempt(error,
                        describeError(error, tr("bind to %1").arg(endpointText(local, c.bindPort)),
                                      m_socket->errorString()));
            return;
        }
    }
    // Only now: a failed bind() reports its error synchronously, and it is said above with the
    // local address (onSocketError() would drop the socket under our feet and blame connect).
    connect(m_socket, &QTcpSocket::errorOccurred, this, &TcpClientSession::onSocketError);
    m_connectTimer->start(c.connectTimeoutMs);
    m_connectStartedUs = nowUs();
    if (m_tls) {
        const QString host = c.remoteHost.trimmed();
        const QString name = c.tls.serverName.trimmed();
        static_cast<QSslSocket *>(m_socket)->connectToHostEncrypted(host, c.remotePort,
                                                                    name.isEmpty() ? host : name);
    } else {
        m_socket->connectToHost(c.remoteHost.trimmed(), c.remotePort);
    }
}

void TcpClientSession::onSocketStateChanged(QAbstractSocket::SocketState socketState)
{
    switch (socketState) {
    case QAbstractSocket::HostLookupState:
        // Qt passes through a lookup even for address literals; only names are resolved.
        if (QHostAddress(config().remoteHost.trimmed()).isNull())
            setState(State::Resolving);
        break;
    case QAbstractSocket::ConnectingState:
        setState(State::Connecting);
        break;
    case QAbstractSocket::ClosingState:
        setState(State::Closing);
        break;
    default:
        break;
    }
}

void TcpClientSession::onConnected()
{
    m_tcpConnected = true;
    if (!m_tls) {
        becomeConnected();
        return;
    }
    recordEvent(RecordKind::Info,
                tr("TCP connected to %1 from %2; TLS handshake under way")
                    .arg(endpointText(m_socket->peerAddress(), m_socket->peerPort()),
                         endpointText(m_socket->localAddress(), m_socket->localPort())));
}

void TcpClientSession::onEncrypted()
{
    becomeConnected();
}

void TcpClientSession::becomeConnected()
{
    m_connectTimer->stop();
    m_attempt = 0;
    m_peer = addPeer(m_socket->peerAddress(), m_socket->peerPort(), m_socket->localAddress(),
                     m_socket->localPort());
    watchClose(m_socket, m_peer);
    if (Peer *story = storyOf(m_peer)) {
        story->connectStartedUs = m_connectStartedUs;
        story->kernelChoseLocalPort = !config().clientBind || config().bindPort == 0;
        if (m_tls)
            story->tls = TlsReport::infoOf(static_cast<QSslSocket *>(m_socket),
                                           config().tls.verifyPeer && m_sslErrors.isEmpty());
    }
    recordEvent(RecordKind::Connected,
                tr("Connected to %1 from %2")
                    .arg(peer(m_peer)->label(),
                         endpointText(m_socket->localAddress(), m_socket->localPort())),
                m_peer);
    if (m_tls) {
        const TlsPeerInfo &tls = storyOf(m_peer)->tls;
        recordEvent(tls.verified ? RecordKind::Info : RecordKind::Error,
                    TlsReport::handshakeDone(tls, TlsReport::Side::Server), m_peer);
        for (const QString &line : TlsReport::chainLines(tls.chain))
            recordEvent(RecordKind::Info, line, m_peer);
    }
    const QString refused = TcpOptions::apply(m_socket->socketDescriptor(), config());
    if (!refused.isEmpty())
        recordEvent(RecordKind::Error, refused, m_peer);
    // Handlers of these signals may send, or stop the session (which drops the socket).
    setState(State::Connected);
    if (!m_socket)
        return;
    announcePeer(m_peer);
    if (m_socket && m_peer != NoPeer && m_socket->bytesAvailable() > 0)
        recordAvailable(m_peer, m_socket);
}

void TcpClientSession::onDisconnected()
{
    if (!m_socket || m_peer == NoPeer)
        return; // a failed attempt; onSocketError handles it
    if (m_socket->bytesAvailable() > 0)
        recordAvailable(m_peer, m_socket, true); // the end: everything is recorded
    const QString label = peer(m_peer)->label();
    const auto *detector = TcpCloseDetector::of(m_socket);
    if (m_closingByUs && m_resetByUs) {
        noteEnd(m_peer, Peer::End::WeReset);
        recordEvent(RecordKind::Closed, tr("Reset the connection to %1 (RST)").arg(label), m_peer);
    } else if (m_closingByUs) {
        noteEnd(m_peer, Peer::End::WeClosed);
        recordEvent(RecordKind::Closed, tr("Closed the connection to %1 (FIN)").arg(label), m_peer);
    } else if (detector && detector->wasReset()) {
        noteEnd(m_peer, Peer::End::PeerReset);
        recordEvent(RecordKind::Reset, tr("%1 reset the connection").arg(label), m_peer);
        reportError(
            SessionError::ResetByPeer,
            describeError(SessionError::ResetByPeer, tr("keep the connection to %1").arg(label)),
            m_peer);
    } else {
        noteEnd(m_peer, Peer::End::PeerClosed);
        recordEvent(RecordKind::ClosedByPeer, tr("%1 closed the connection").arg(label), m_peer);
    }
    m_endedPeer = m_peer;
    m_endedAcknowledged = detector ? detector->acknowledgedBytes() : -1;
    if (detector && detector->lastStats())
        emit connectionStatsAtEnd(m_peer, *detector->lastStats());
    removePeer(m_peer);
    m_peer = NoPeer;
    dropSocket();
    scheduleReconnectOrIdle();
}

void TcpClientSession::onSocketError(QAbstractSocket::SocketError socketError)
{
    if (!m_socket)
        return;
    if (m_peer != NoPeer)
        return; // errors of an established connection end in disconnected()
    if (m_tls && m_tcpConnected) {
        failHandshake(socketError);
        return;
    }
    const SessionConfig &c = config();
    const SessionError error = classifySocketError(socketError, m_socket->errorString());
    failAttempt(error, describeError(
                           error, tr("connect to %1").arg(endpointText(c.remoteHost, c.remotePort)),
                           m_socket->errorString()));
}

void TcpClientSession::failHandshake(QAbstractSocket::SocketError socketError)
{
    const SessionConfig &c = config();
    const QString endpoint = endpointText(c.remoteHost.trimmed(), c.remotePort);
    const QString name =
        c.tls.serverName.trimmed().isEmpty() ? c.remoteHost.trimmed() : c.tls.serverName.trimmed();
    if (!m_sslErrors.isEmpty() && c.tls.verifyPeer) {
        failAttempt(SessionError::TlsNotVerified,
                    TlsReport::verifyFailure(m_sslErrors, name, TlsReport::Side::Server));
        return;
    }
    const bool closed = socketError == QAbstractSocket::RemoteHostClosedError;
    failAttempt(SessionError::TlsHandshakeFailed,
                TlsReport::handshakeFailure(endpoint, TlsReport::Side::Server, m_alert, closed,
                                            m_socket->errorString()));
}

void TcpClientSession::onConnectTimeout()
{
    if (!m_socket || m_peer != NoPeer)
        return;
    const SessionConfig &c = config();
    if (m_tls && m_tcpConnected) {
        failAttempt(SessionError::TlsHandshakeFailed,
                    tr("The TLS handshake with %1 did not finish within %2 ms: the server "
                       "accepted TCP but does not answer in TLS (a plain TCP service that waits "
                       "for us to speak first?).")
                        .arg(endpointText(c.remoteHost, c.remotePort))
                        .arg(c.connectTimeoutMs));
        return;
    }
    failAttempt(SessionError::ConnectTimeout,
                describeError(SessionError::ConnectTimeout,
                              tr("connect to %1 within %2 ms")
                                  .arg(endpointText(c.remoteHost, c.remotePort))
                                  .arg(c.connectTimeoutMs)));
}

void TcpClientSession::failAttempt(SessionError error, const QString &message)
{
    m_connectTimer->stop();
    dropSocket();
    reportError(error, message);
    scheduleReconnectOrIdle();
}

void TcpClientSession::scheduleReconnectOrIdle()
{
    const SessionConfig &c = config();
    if (m_userStopped || !c.autoReconnect) {
        setState(State::Idle);
        return;
    }
    ++m_attempt;
    const int delay = backoffMs(m_attempt, c.reconnectMinMs, c.reconnectMaxMs);
    recordEvent(RecordKind::Info, tr("Reconnecting to %1 in %2 ms (attempt %3)")
                                      .arg(endpointText(c.remoteHost, c.remotePort))
                                      .arg(delay)
                                      .arg(m_attempt));
    setState(State::Reconnecting);
    m_reconnectTimer->start(delay);
}

void TcpClientSession::dropSocket()
{
    if (!m_socket)
        return;
    QTcpSocket *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

void TcpClientSession::stop()
{
    m_userStopped = true;
    m_reconnectTimer->stop();
    m_connectTimer->stop();
    if (m_socket && m_peer != NoPeer) {
        m_closingByUs = true;
        setState(State::Closing);
        m_socket->disconnectFromHost(); // disconnected() follows once pending data is written
        return;
    }
    dropSocket();
    setState(State::Idle);
}

qint64 TcpClientSession::acknowledgedBytes(PeerId id) const
{
    if (id == NoPeer) // the server: of this connection, or of the last one once it ended
        id = m_peer != NoPeer ? m_peer : m_endedPeer;
    if (id == m_endedPeer && id != m_peer)
        return m_endedAcknowledged;
    const TcpCloseDetector *detector =
        (m_socket && id == m_peer) ? TcpCloseDetector::of(m_socket) : nullptr;
    return detector ? detector->acknowledgedBytes() : -1;
}

std::optional<TcpStats> TcpClientSession::tcpStats(PeerId id, QString *why) const
{
    if (m_peer == NoPeer || !m_socket || (id != NoPeer && id != m_peer)) {
        if (why)
            *why = tr("Not connected.");
        return std::nullopt;
    }
    return TcpStats::read(m_socket->socketDescriptor(), why);
}

void TcpClientSession::holdOpen(const QList<PeerId> &targets, bool hold)
{
    if (!m_socket || (!targets.isEmpty() && !targets.contains(m_peer)))
        return;
    if (TcpCloseDetector *detector = TcpCloseDetector::of(m_socket))
        hold ? detector->hold() : detector->release();
}

bool TcpClientSession::disconnectPeer(PeerId id, CloseMode mode)
{
    if (id == NoPeer || id != m_peer || !m_socket)
        return false;
    switch (mode) {
    case CloseMode::Fin:
        stop();
        break;
    case CloseMode::Reset:
        m_resetByUs = true;
        TcpCloseDetector::resetOnClose(m_socket);
        abort();
        break;
    case CloseMode::HalfClose:
        if (m_halfClosedByUs)
            return true;
        if (m_tls) { // a FIN under TLS without its close_notify reads as a truncation attack
            recordEvent(RecordKind::Error,
                        tr("A TLS connection cannot be half-closed: TLS ends both directions "
                           "together. Close it instead."),
                        m_peer);
            return false;
        }
        if (!TcpCloseDetector::shutdownWrite(m_socket))
            return false;
        m_halfClosedByUs = true;
        if (Peer *story = storyOf(m_peer))
            story->weFinishedUs = nowUs();
        m_userStopped = true; // the server's close that follows is the end, not a drop
        m_reconnectTimer->stop();
        recordEvent(RecordKind::Info,
                    tr("Half-closed the connection to %1 (sent FIN): receiving until it closes")
                        .arg(peer(m_peer)->label()),
                    m_peer);
        break;
    }
    return true;
}

void TcpClientSession::abort()
{
    m_userStopped = true;
    m_reconnectTimer->stop();
    m_connectTimer->stop();
    if (m_socket && m_peer != NoPeer) {
        m_closingByUs = true;
        m_socket->abort(); // emits disconnected()
        return;
    }
    dropSocket();
    setState(State::Idle);
}

SendResult TcpClientSession::send(const QByteArray &bytes, const QList<PeerId> &targets)
{
    Q_UNUSED(targets)
    const SessionConfig &c = config();
    const QString action = tr("send to %1").arg(endpointText(c.remoteHost, c.remotePort));
    if (!m_socket || m_peer == NoPeer || m_closingByUs ||
        m_socket->state() != QAbstractSocket::ConnectedState)
        return sendError(SessionError::NotConnected, action);
    if (m_halfClosedByUs)
        return sendRefused(SessionError::NotConnected,
                           tr("Cannot %1: you half-closed this connection (sent FIN); it only "
                              "receives now, until the server closes.")
                               .arg(action));
    if (m_socket->write(bytes) != bytes.size()) {
        const SessionError error = classifySocketError(m_socket->error());
        return sendError(error, action);
    }
    TcpCloseDetector::flush(m_socket); // see TcpServerSession::send
    recordSent(m_peer, bytes);
    SendResult result;
    result.peersSent = 1;
    return result;
}

qint64 TcpClientSession::bytesToWrite(const QList<PeerId> &) const
{
    // One peer, the server: whatever the targets, it is this socket's queue.
    return m_socket ? m_socket->bytesToWrite() : 0;
}

} // namespace sockeye
