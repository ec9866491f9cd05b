#include "tcpserversession.h"

#include "tcpclosedetector.h"
#include "tcpoptions.h"

#include "payload/escapecodec.h"

#include <QElapsedTimer>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>

#include <functional>
#include <memory>

namespace sockeye {

namespace {
// QTcpServer accepts until the kernel's queue is empty, so a burst of a thousand clients would be
// handled in one event-loop pass and freeze the GUI for ~100 ms. With at most AcceptBatch clients
// pending, Qt pauses accepting; acceptPending() takes them in later passes, for at most
// AcceptBudgetNs per pass so timers and painting run in between.
constexpr int AcceptBatch = 256;
constexpr qint64 AcceptBudgetNs = 8'000'000;

/// QSslServer drops a client whose first byte is not a TLS handshake without a word; this
/// tells it (with what the client sent instead), so the timeline can.
class TlsServer : public QSslServer
{
public:
    using QSslServer::QSslServer;
    std::function<void(const QString &who, const QByteArray &first)> notTls;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        QSslServer::incomingConnection(descriptor);
        auto *socket =
            children().isEmpty() ? nullptr : qobject_cast<QSslSocket *>(children().constLast());
        if (!socket || socket->socketDescriptor() != descriptor)
            return;
        // Connected after QSslServer's own look at the first byte, so this runs after it.
        // Who it is, while it is connected (Qt closes it before this runs).
        const QString who = endpointText(socket->peerAddress(), socket->peerPort());
        socket->setProperty("sockeyePeer", who);
        auto once = std::make_shared<QMetaObject::Connection>();
        *once = connect(socket, &QSslSocket::readyRead, this, [this, socket, once, who] {
            disconnect(*once);
            if (socket->mode() == QSslSocket::UnencryptedMode && notTls)
                notTls(who, socket->peek(24));
        });
    }
};
} // namespace

TcpServerSession::TcpServerSession(SessionId id, const SessionConfig &config, TrafficLog *log,
                                   QObject *parent)
    : Session(id, config, log, parent)
    , m_server(nullptr)
{
    makeServer();
}

void TcpServerSession::makeServer()
{
    const bool tls = config().tls.enabled;
    if (m_server && tls == bool(qobject_cast<QSslServer *>(m_server)))
        return;
    delete m_server;
    if (tls) {
        auto *server = new TlsServer(this);
        server->notTls = [this](const QString &who, const QByteArray &first) {
            const QString shown = EscapeCodec::escape(first, u"UTF-8");
            recordEvent(RecordKind::Error,
                        tr("TLS handshake failed: %1 does not speak TLS: it sent \"%2\", not a "
                           "TLS handshake (a plain TCP client on this TLS server?). Dropped it.")
                            .arg(who, shown));
        };
        connect(server, &QSslServer::alertReceived, this,
                [](QSslSocket *socket, QSsl::AlertLevel level, QSsl::AlertType type,
                   const QString &text) {
                    if (level == QSsl::AlertLevel::Fatal && !socket->isEncrypted()) {
                        socket->setProperty("sockeyeAlertType", int(type));
                        socket->setProperty("sockeyeAlertText", text);
                    }
                });
        connect(server, &QSslServer::errorOccurred, this, &TcpServerSession::onHandshakeFailed);
        m_server = server;
    } else {
        m_server = new QTcpServer(this);
    }
    m_server->setMaxPendingConnections(AcceptBatch);
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this,
            &TcpServerSession::scheduleAccept);
}

void TcpServerSession::onHandshakeFailed(QSslSocket *socket, QAbstractSocket::SocketError error)
{
    if (socket->isEncrypted())
        return; // an accepted client's errors end in its disconnected()
    // Taken as it connected: a socket Qt has closed no longer knows its peer.
    const QString who = socket->property("sockeyePeer").toString();
    const QList<QSslError> errors = socket->sslHandshakeErrors();
    QString text;
    if (!errors.isEmpty() && config().tls.requireClientCert) {
        text = TlsReport::verifyFailure(errors, who, TlsReport::Side::Client);
    } else {
        std::optional<TlsAlert> alert;
        if (socket->property("sockeyeAlertType").isValid())
            alert = TlsAlert{socket->property("sockeyeAlertType").toInt(),
                             socket->property("sockeyeAlertText").toString()};
        text = TlsReport::handshakeFailure(who, TlsReport::Side::Client, alert,
                                           error == QAbstractSocket::RemoteHostClosedError,
                                           socket->errorString());
    }
    if (error == QAbstractSocket::SocketTimeoutError)
        text = tr("%1 started no TLS handshake within %2 s.")
                   .arg(who)
                   .arg(qobject_cast<QSslServer *>(m_server)->handshakeTimeout() / 1000.0);
    recordEvent(RecordKind::Error, tr("TLS handshake failed: %1 Dropped it.").arg(text));
}

TcpServerSession::~TcpServerSession()
{
    // Sockets are children; make sure no signal reaches a half-destroyed session.
    for (QTcpSocket *socket : std::as_const(m_sockets))
        socket->disconnect(this);
}

bool TcpServerSession::start()
{
    if (m_server->isListening())
        return true;
    const SessionConfig &c = config();
    const QString action = tr("listen on %1").arg(endpointText(c.bindAddress, c.bindPort));
    const auto address = parseBindAddress(c.bindAddress);
    if (!address) {
        reportError(SessionError::InvalidAddress,
                    describeError(SessionError::InvalidAddress, action));
        return false;
    }
    makeServer();
    if (auto *tlsServer = qobject_cast<QSslServer *>(m_server)) {
        const auto tls = tlsConfiguration(TlsContext::Role::Server);
        if (!tls)
            return false;
        tlsServer->setSslConfiguration(*tls);
    }
    m_server->setListenBacklogSize(c.backlog);
    if (!m_server->listen(*address, c.bindPort)) {
        const SessionError error = classifySocketError(m_server->serverError());
        reportError(error, describeError(error, action, m_server->errorString()));
        return false;
    }
    m_overflowsAtListen = listenOverflows();
    recordEvent(
        RecordKind::Listening,
        tr("Listening on %1").arg(endpointText(m_server->serverAddress(), m_server->serverPort())));
    setState(State::Listening);
    return true;
}

bool TcpServerSession::isListening() const
{
    return m_server->isListening();
}

quint16 TcpServerSession::serverPort() const
{
    return m_server->serverPort();
}

quint16 TcpServerSession::boundPort() const
{
    return m_server->isListening() ? m_server->serverPort() : 0;
}

QHostAddress TcpServerSession::boundAddress() const
{
    return m_server->isListening() ? m_server->serverAddress() : QHostAddress();
}

void TcpServerSession::stop()
{
    stopListening(true);
}

void TcpServerSession::stopListening(bool dropClients)
{
    if (m_server->isListening()) {
        const QString where = endpointText(m_server->serverAddress(), m_server->serverPort());
        m_server->close();
        recordEvent(RecordKind::Stopped, tr("Stopped listening on %1").arg(where));
    }
    if (dropClients) {
        // Dropped at once, as the user stopped the server (the kernel sends FIN, or RST when
        // unread bytes remain).
        const QList<PeerId> ids = m_sockets.keys();
        for (PeerId id : ids) {
            if (QTcpSocket *socket = m_sockets.value(id)) {
                m_closingByUs.insert(id, CloseMode::Fin);
                socket->abort();
                onPeerDisconnected(id, socket);
            }
        }
    }
    setState(State::Idle);
}

void TcpServerSession::scheduleAccept()
{
    if (m_acceptScheduled)
        return;
    m_acceptScheduled = true;
    QMetaObject::invokeMethod(this, &TcpServerSession::acceptPending, Qt::QueuedConnection);
}

void TcpServerSession::acceptPending()
{
    m_acceptScheduled = false;
    QElapsedTimer spent;
    spent.start();
    while (spent.nsecsElapsed() < AcceptBudgetNs) {
        QTcpSocket *socket = m_server->nextPendingConnection();
        if (!socket)
            break;
        const int limit = config().maxClients;
        if (limit > 0 && m_sockets.size() >= limit) {
            const QString who = endpointText(socket->peerAddress(), socket->peerPort());
            recordEvent(
                RecordKind::Info,
                tr("Refused %1: the limit of %n client(s) is reached.", nullptr, limit).arg(who));
            socket->abort();
            socket->deleteLater();
            continue;
        }
        socket->setParent(this);
        const PeerId id = addPeer(socket->peerAddress(), socket->peerPort(), socket->localAddress(),
                                  socket->localPort());
        m_sockets.insert(id, socket);
        watchClose(socket, id);
        const auto peerLabel = peer(id)->label();
        recordEvent(RecordKind::Accepted, tr("Accepted %1").arg(peerLabel), id);
        if (auto *ssl = qobject_cast<QSslSocket *>(socket)) {
            Peer *story = storyOf(id);
            story->tls = TlsReport::infoOf(ssl, !ssl->peerCertificateChain().isEmpty() &&
                                                    ssl->sslHandshakeErrors().isEmpty());
            recordEvent(RecordKind::Info,
                        TlsReport::handshakeDone(story->tls, TlsReport::Side::Client), id);
            for (const QString &line : TlsReport::chainLines(story->tls.chain))
                recordEvent(RecordKind::Info, line, id);
        }
        const QString refused = TcpOptions::apply(socket->socketDescriptor(), config());
        if (!refused.isEmpty())
            recordEvent(RecordKind::Error, refused, id);
        connect(socket, &QTcpSocket::readyRead, this,
                [this, id, socket] { recordAvailable(id, socket); });
        connect(socket, &QTcpSocket::disconnected, this,
                [this, id, socket] { onPeerDisconnected(id, socket); });
        connect(socket, &QTcpSocket::bytesWritten, this, [this, id, socket](qint64 bytes) {
            emit bytesWritten(id, bytes);
            if (m_sockets.contains(id))
                resumeReading(id, socket);
        });
        // Qt holds at most this much unread: with reading paused (backpressure), the rest
        // waits in the kernel.
        socket->setReadBufferSize(SocketReadBuffer);

        // Handlers of peerAdded may send (a welcome) or even disconnect the peer at once.
        announcePeer(id);
        if (!m_sockets.contains(id))
            continue;
        // Data that arrived together with the connection; a client that already left while
        // queued (its disconnected signal fired before it was ours) is closed here.
        if (socket->bytesAvailable() > 0)
            recordAvailable(id, socket);
        if (socket->state() != QAbstractSocket::ConnectedState)
            onPeerDisconnected(id, socket);
    }
    if (m_server->hasPendingConnections())
        scheduleAccept();
}

void TcpServerSession::onPeerDisconnected(PeerId id, QTcpSocket *socket)
{
    if (!m_sockets.contains(id))
        return;
    if (socket->bytesAvailable() > 0)
        recordAvailable(id, socket, true); // the end: everything it sent is recorded
    const QString label = endpointText(socket->peerAddress(), socket->peerPort());
    const auto *detector = TcpCloseDetector::of(socket);
    m_halfClosedByUs.remove(id);
    const auto byUs = m_closingByUs.find(id);
    if (byUs != m_closingByUs.end()) {
        noteEnd(id, *byUs == CloseMode::Reset ? Peer::End::WeReset : Peer::End::WeClosed);
        if (*byUs == CloseMode::Reset)
            recordEvent(RecordKind::Closed, tr("Reset the connection to %1 (RST)").arg(label), id);
        else
            recordEvent(RecordKind::Closed, tr("Closed the connection to %1 (FIN)").arg(label), id);
        m_closingByUs.erase(byUs);
    } else if (detector && detector->wasReset()) {
        noteEnd(id, Peer::End::PeerReset);
        recordEvent(RecordKind::Reset, tr("%1 reset the connection").arg(label), id);
    } else {
        noteEnd(id, Peer::End::PeerClosed);
        recordEvent(RecordKind::ClosedByPeer, tr("%1 closed the connection").arg(label), id);
    }
    if (detector && detector->lastStats())
        emit connectionStatsAtEnd(id, *detector->lastStats());
    m_sockets.remove(id);
    socket->disconnect(this);
    socket->deleteLater();
    removePeer(id);
}

SendResult TcpServerSession::send(const QByteArray &bytes, const QList<PeerId> &targets)
{
    QList<PeerId> ids = targets;
    if (ids.isEmpty())
        ids = m_sockets.keys();
    if (ids.isEmpty())
        return sendError(SessionError::NotConnected, tr("send: no client is connected"));
    // All or nothing: check every target before writing to any.
    for (PeerId id : std::as_const(ids)) {
        const QTcpSocket *socket = m_sockets.value(id);
        if (!socket || socket->state() != QAbstractSocket::ConnectedState)
            return sendError(SessionError::NotConnected,
                             tr("send to client #%1: it is no longer connected").arg(id));
        if (m_halfClosedByUs.contains(id))
            return sendRefused(SessionError::NotConnected,
                               tr("Cannot send to %1: you half-closed this connection (sent "
                                  "FIN); it only receives now, until the client closes.")
                                   .arg(peer(id)->label()));
    }
    SendResult result;
    for (PeerId id : std::as_const(ids)) {
        QTcpSocket *socket = m_sockets.value(id);
        const qint64 written = socket->write(bytes);
        if (written != bytes.size()) {
            const SessionError error = classifySocketError(socket->error());
            result.error = error;
            result.message = describeError(error, tr("send to %1").arg(peer(id)->label()),
                                           socket->errorString());
            reportError(error, result.message, id);
            continue;
        }
        // Write now rather than at the next event loop pass: lower latency, and a reply to a
        // peer that half-closed (sent its request, then FIN) goes out before Qt sees the FIN
        // and closes the socket (QTcpSocket has no half-close).
        TcpCloseDetector::flush(socket);
        recordSent(id, bytes);
        ++result.peersSent;
    }
    return result;
}

bool TcpServerSession::disconnectPeer(PeerId id, CloseMode mode)
{
    QTcpSocket *socket = m_sockets.value(id);
    if (!socket)
        return false;
    switch (mode) {
    case CloseMode::Fin:
        m_closingByUs.insert(id, mode);
        socket->disconnectFromHost();
        break;
    case CloseMode::Reset:
        m_closingByUs.insert(id, mode);
        TcpCloseDetector::resetOnClose(socket);
        socket->abort(); // emits disconnected synchronously
        if (m_sockets.contains(id))
            onPeerDisconnected(id, socket);
        break;
    case CloseMode::HalfClose:
        if (m_halfClosedByUs.contains(id))
            return true;
        if (qobject_cast<QSslSocket *>(socket)) { // see TcpClientSession::disconnectPeer
            recordEvent(RecordKind::Error,
                        tr("A TLS connection cannot be half-closed: TLS ends both directions "
                           "together. Close it instead."),
                        id);
            return false;
        }
        if (!TcpCloseDetector::shutdownWrite(socket))
            return false;
        m_halfClosedByUs.insert(id);
        if (Peer *story = storyOf(id))
            story->weFinishedUs = nowUs();
        recordEvent(RecordKind::Info,
                    tr("Half-closed the connection to %1 (sent FIN): receiving until it closes")
                        .arg(peer(id)->label()),
                    id);
        break;
    }
    return true;
}

qint64 TcpServerSession::acknowledgedBytes(PeerId id) const
{
    const QTcpSocket *socket = m_sockets.value(id);
    const TcpCloseDetector *detector = socket ? TcpCloseDetector::of(socket) : nullptr;
    return detector ? detector->acknowledgedBytes() : -1;
}

std::optional<TcpStats> TcpServerSession::tcpStats(PeerId id, QString *why) const
{
    const QTcpSocket *socket = m_sockets.value(id);
    if (!socket) {
        if (why)
            *why = tr("That client is no longer connected.");
        return std::nullopt;
    }
    return TcpStats::read(socket->socketDescriptor(), why);
}

std::optional<AcceptQueue> TcpServerSession::acceptQueue() const
{
    return m_server->isListening() ? AcceptQueue::read(m_server->socketDescriptor()) : std::nullopt;
}

qint64 TcpServerSession::acceptQueueOverflows() const
{
    const qint64 now = listenOverflows();
    return now < 0 || m_overflowsAtListen < 0 ? -1 : now - m_overflowsAtListen;
}

void TcpServerSession::holdOpen(const QList<PeerId> &targets, bool hold)
{
    const QList<PeerId> ids = targets.isEmpty() ? m_sockets.keys() : targets;
    for (PeerId id : ids) {
        if (QTcpSocket *socket = m_sockets.value(id)) {
            if (TcpCloseDetector *detector = TcpCloseDetector::of(socket))
                hold ? detector->hold() : detector->release();
        }
    }
}

qint64 TcpServerSession::bytesToWrite(const QList<PeerId> &targets) const
{
    qint64 total = 0;
    if (targets.isEmpty()) {
        for (const QTcpSocket *socket : m_sockets)
            total += socket->bytesToWrite();
        return total;
    }
    for (PeerId id : targets) {
        if (const QTcpSocket *socket = m_sockets.value(id))
            total += socket->bytesToWrite();
    }
    return total;
}

} // namespace sockeye
