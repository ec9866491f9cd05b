#include "session.h"

#include "tcpclosedetector.h"

#include "traffic/trafficlog.h"

#include <QAbstractSocket>
#include <QTcpSocket>

namespace sockeye {

Session::Session(SessionId id, const SessionConfig &config, TrafficLog *log, QObject *parent)
    : QObject(parent)
    , m_id(id)
    , m_config(config)
    , m_log(log)
{
    Q_ASSERT(log);
}

Session::~Session() = default;

void Session::setConfig(const SessionConfig &config)
{
    m_config = config;
}

QString Session::stateText(State state)
{
    switch (state) {
    case State::Idle:
        return tr("Idle");
    case State::Resolving:
        return tr("Resolving host");
    case State::Connecting:
        return tr("Connecting");
    case State::Connected:
        return tr("Connected");
    case State::Listening:
        return tr("Listening");
    case State::Bound:
        return tr("Bound");
    case State::Closing:
        return tr("Closing");
    case State::Reconnecting:
        return tr("Waiting to reconnect");
    }
    return {};
}

std::optional<QSslConfiguration> Session::tlsConfiguration(TlsContext::Role role)
{
    TlsSetupProblem problem;
    auto conf = TlsContext::build(m_config.tls, role, &problem);
    if (!conf) {
        const bool passphrase = problem.kind == TlsSetupProblem::Kind::NeedsPassphrase ||
                                problem.kind == TlsSetupProblem::Kind::WrongPassphrase;
        reportError(passphrase ? SessionError::TlsPassphrase : SessionError::TlsSetup,
                    problem.message);
    }
    return conf;
}

void Session::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void Session::reportError(SessionError error, const QString &message, PeerId peer)
{
    m_lastError = error;
    m_lastErrorText = message;
    recordEvent(RecordKind::Error, message, peer);
    emit errorOccurred(error, message);
}

SendResult Session::sendError(SessionError error, const QString &action)
{
    SendResult result;
    result.error = error;
    result.message = describeError(error, action);
    reportError(error, result.message);
    return result;
}

SendResult Session::sendRefused(SessionError error, const QString &message)
{
    SendResult result;
    result.error = error;
    result.message = message;
    reportError(error, message);
    return result;
}

void Session::recordEvent(RecordKind kind, const QString &text, PeerId peer)
{
    TrafficRecord record;
    record.session = m_id;
    record.peer = peer;
    record.kind = kind;
    record.text = text;
    m_log->append(std::move(record));
}

void Session::recordReceived(PeerId peer, const QByteArray &bytes)
{
    TrafficRecord record;
    record.session = m_id;
    record.peer = peer;
    record.direction = Direction::Rx;
    record.bytes = bytes;
    m_log->append(std::move(record));
    emit dataReceived(peer, bytes);
}

void Session::recordAvailable(PeerId peer, QIODevice *device, bool always)
{
    if (!always && bytesToWrite({peer}) > MaxPeerBacklog) {
        // Backpressure: a peer that sends faster than it reads what we answer (echo, rules)
        // must not fill our memory. Its bytes stay in the kernel until it catches up.
        if (!m_readPaused.contains(peer)) {
            m_readPaused.insert(peer);
            if (!m_pauseTold.contains(peer)) {
                m_pauseTold.insert(peer);
                const auto p = this->peer(peer);
                recordEvent(RecordKind::Info,
                            tr("Reading from %1 paused: %2 bytes wait to be sent to it, which "
                               "it does not read as fast as it sends. Reading resumes as it "
                               "catches up (later pauses are not listed).")
                                .arg(p ? p->label() : QString::number(peer))
                                .arg(bytesToWrite({peer})),
                            peer);
            }
        }
        return;
    }
    m_readPaused.remove(peer);
    // read(n) allocates n bytes up front: ask only for what is there.
    for (qint64 n = device->bytesAvailable(); n > 0; n = device->bytesAvailable()) {
        QByteArray bytes = device->read(qMin(n, MaxRecordBytes));
        // read() may hand over the socket's own buffer block, which can be far larger than
        // its data; the log would keep all of it alive.
        if (bytes.capacity() > bytes.size() + bytes.size() / 8 + 64)
            bytes.squeeze();
        recordReceived(peer, bytes);
    }
}

void Session::resumeReading(PeerId peer, QIODevice *device)
{
    if (!m_readPaused.contains(peer) || bytesToWrite({peer}) > MaxPeerBacklog / 2)
        return;
    recordAvailable(peer, device);
    // Qt turned the socket's read notifier off when its buffer filled, and turns it on again
    // only when a read asks for more than it holds, which recordAvailable() never does; a new
    // buffer size makes it look again.
    if (auto *socket = qobject_cast<QAbstractSocket *>(device)) {
        socket->setReadBufferSize(SocketReadBuffer + 1);
        socket->setReadBufferSize(SocketReadBuffer);
    }
}

void Session::recordSent(PeerId peer, const QByteArray &bytes)
{
    TrafficRecord record;
    record.session = m_id;
    record.peer = peer;
    record.direction = Direction::Tx;
    record.bytes = bytes;
    m_log->append(std::move(record));
}

PeerId Session::addPeer(const QHostAddress &address, quint16 port, const QHostAddress &localAddress,
                        quint16 localPort)
{
    Peer peer;
    peer.id = m_nextPeerId++;
    peer.address = address;
    peer.port = port;
    peer.localAddress = localAddress;
    peer.localPort = localPort;
    peer.connectedSinceUs = nowUs();
    m_peers.emplace(peer.id, peer);
    return peer.id;
}

void Session::announcePeer(PeerId id)
{
    const auto it = m_peers.find(id);
    if (it != m_peers.end())
        emit peerAdded(it->second);
}

Peer *Session::storyOf(PeerId id)
{
    const auto it = m_peers.find(id);
    return it == m_peers.end() ? nullptr : &it->second;
}

void Session::noteEnd(PeerId id, Peer::End end)
{
    if (Peer *p = storyOf(id))
        p->end = end;
}

void Session::removePeer(PeerId id)
{
    if (Peer *p = storyOf(id)) {
        p->endedUs = nowUs();
        emit peerEnded(*p, m_log->peerCounters(m_id, id));
    }
    m_readPaused.remove(id);
    m_pauseTold.remove(id);
    m_log->forgetPeer(m_id, id);
    if (m_peers.erase(id) > 0)
        emit peerRemoved(id);
}

void Session::removeAllPeers()
{
    while (!m_peers.empty())
        removePeer(m_peers.begin()->first);
}

QList<Peer> Session::peers() const
{
    QList<Peer> list;
    list.reserve(qsizetype(m_peers.size()));
    for (const auto &entry : m_peers)
        list << entry.second;
    return list;
}

std::optional<Peer> Session::peer(PeerId id) const
{
    const auto it = m_peers.find(id);
    if (it == m_peers.end())
        return std::nullopt;
    return it->second;
}

TrafficCounters Session::counters() const
{
    return m_log->sessionCounters(m_id);
}

TrafficCounters Session::peerCounters(PeerId id) const
{
    return m_log->peerCounters(m_id, id);
}

void Session::resetCounters(PeerId peer)
{
    const TrafficCounters was = peer == NoPeer ? counters() : peerCounters(peer);
    const std::optional<Peer> p = peer == NoPeer ? std::nullopt : this->peer(peer);
    const QString peerLabel = p ? p->label() : tr("peer %1").arg(peer);
    m_log->resetCounters(m_id, peer);
    const auto amount = [](qint64 bytes, quint64 frames) {
        return frames == 1 ? tr("%1 bytes in 1 frame").arg(bytes)
                           : tr("%1 bytes in %2 frames").arg(bytes).arg(frames);
    };
    const QString counts =
        tr("were %1 received, %2 sent")
            .arg(amount(was.bytesIn, was.framesIn), amount(was.bytesOut, was.framesOut));
    if (peer == NoPeer)
        recordEvent(RecordKind::Info, tr("Counters reset (%1)").arg(counts));
    else
        recordEvent(RecordKind::Info, tr("Counters of %1 reset (%2)").arg(peerLabel, counts), peer);
}

QString Session::displayName() const
{
    return m_config.displayName(boundPort());
}

qint64 Session::bytesToWrite(const QList<PeerId> &) const
{
    return 0;
}

bool Session::disconnectPeer(PeerId, CloseMode)
{
    return false;
}

void Session::holdOpen(const QList<PeerId> &, bool) {}

qint64 Session::acknowledgedBytes(PeerId) const
{
    return -1;
}

void Session::recordHalfClose(PeerId id)
{
    if (Peer *story = storyOf(id))
        story->peerFinishedUs = nowUs();
    const auto p = peer(id);
    recordEvent(RecordKind::Info,
                config().keepHalfOpen
                    ? tr("%1 finished sending (FIN); you can still send to it: the connection "
                         "stays half-open until you close it")
                          .arg(p ? p->label() : QString())
                    : tr("%1 finished sending (FIN); you can still send to it: what is for it "
                         "goes out before the connection ends")
                          .arg(p ? p->label() : QString()),
                id);
}

void Session::watchClose(QTcpSocket *socket, PeerId id)
{
    TcpCloseDetector *detector = TcpCloseDetector::attach(socket);
    TcpCloseDetector::closeOnCloseNotify(socket);
    connect(detector, &TcpCloseDetector::peerHalfClosed, this, [this, id] { recordHalfClose(id); });
    if (config().keepHalfOpen)
        detector->hold(); // never released: the user (or the peer's own close) ends it
}

std::optional<TcpStats> Session::tcpStats(PeerId peer, QString *why) const
{
    Q_UNUSED(peer)
    if (why)
        *why = tr("UDP has no connection: there are no TCP statistics.");
    return std::nullopt;
}

void Session::disconnectAll(CloseMode mode)
{
    for (const Peer &p : peers())
        disconnectPeer(p.id, mode);
}

QString Session::closeModeName(CloseMode mode)
{
    switch (mode) {
    case CloseMode::Fin:
        return QStringLiteral("fin");
    case CloseMode::Reset:
        return QStringLiteral("rst");
    case CloseMode::HalfClose:
        return QStringLiteral("half");
    }
    return {};
}

std::optional<Session::CloseMode> Session::closeModeFromName(const QString &name)
{
    for (CloseMode mode : {CloseMode::Fin, CloseMode::Reset, CloseMode::HalfClose}) {
        if (name == closeModeName(mode))
            return mode;
    }
    return std::nullopt;
}

} // namespace sockeye
