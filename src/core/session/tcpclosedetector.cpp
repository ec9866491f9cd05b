#include "tcpclosedetector.h"

#include <QChildEvent>
#include <QEvent>
#include <QSocketNotifier>
#include <QSslSocket>
#include <QTcpSocket>

#include <memory>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <sys/socket.h>
#endif
#ifdef Q_OS_LINUX
#include <linux/sockios.h>
#include <sys/ioctl.h>
#endif

namespace sockeye {

TcpCloseDetector::TcpCloseDetector(QTcpSocket *socket)
    : QObject(socket)
    , m_socket(socket)
{
    connect(socket, &QTcpSocket::bytesWritten, this, [this](qint64 bytes) {
        m_handed += bytes;
        if (!m_reset)
            sampleAcknowledged();
        if (m_heldNotifier && m_socket->bytesToWrite() == 0 && m_holds == 0)
            releaseHeldNotifier();
    });
    // A write can fail only for a reset: to a peer that sent FIN it still succeeds, and Qt
    // reads the end of the stream only after a peek here has seen it. So a close Qt reports
    // before any peek saw the end is a reset whose RST arrived between the peek and Qt's write.
    connect(socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
        if (e == QAbstractSocket::RemoteHostClosedError && !m_sawEnd)
            m_reset = true;
    });
    // Closing or aborting while draining: Qt needs its notifier back (or deletes it).
    connect(socket, &QTcpSocket::stateChanged, this, [this](QAbstractSocket::SocketState state) {
        if (state == QAbstractSocket::ClosingState)
            sampleStats(); // our FIN: Qt closes the descriptor once its buffer is written
        if (m_heldNotifier && state != QAbstractSocket::ConnectedState)
            releaseHeldNotifier();
    });
}

void TcpCloseDetector::sampleAcknowledged()
{
#ifdef Q_OS_LINUX
    const qintptr fd = m_socket->socketDescriptor();
    int unacknowledged = 0;
    if (fd >= 0 && ::ioctl(int(fd), SIOCOUTQ, &unacknowledged) == 0)
        m_acknowledged = qMax<qint64>(m_acknowledged, m_handed - unacknowledged);
#endif
}

void TcpCloseDetector::sampleStats()
{
    const qintptr fd = m_socket->socketDescriptor();
    if (fd < 0)
        return;
    if (auto stats = TcpStats::read(fd))
        m_lastStats = stats;
}

void TcpCloseDetector::release()
{
    m_holds = qMax(0, m_holds - 1);
    if (m_heldNotifier && m_holds == 0 && m_socket->bytesToWrite() == 0)
        releaseHeldNotifier();
}

void TcpCloseDetector::releaseHeldNotifier()
{
    QSocketNotifier *notifier = m_heldNotifier;
    m_heldNotifier = nullptr;
    if (notifier && m_socket->state() == QAbstractSocket::ConnectedState)
        notifier->setEnabled(true); // Qt now reads the end of the stream and closes
}

TcpCloseDetector *TcpCloseDetector::attach(QTcpSocket *socket)
{
    auto *detector = new TcpCloseDetector(socket);
    const auto notifiers = socket->findChildren<QSocketNotifier *>();
    for (QSocketNotifier *notifier : notifiers) {
        notifier->installEventFilter(detector);
        // The socket engine makes its write notifier only when there is something to write:
        // watch it for new children.
        if (notifier->parent() && notifier->parent() != socket)
            notifier->parent()->installEventFilter(detector);
    }
    return detector;
}

TcpCloseDetector *TcpCloseDetector::of(const QTcpSocket *socket)
{
    return socket->findChild<TcpCloseDetector *>(QString(), Qt::FindDirectChildrenOnly);
}

void TcpCloseDetector::flush(QTcpSocket *socket)
{
    if (TcpCloseDetector *detector = of(socket))
        detector->check();
    socket->flush();
}

void TcpCloseDetector::resetOnClose(QTcpSocket *socket)
{
#ifdef Q_OS_UNIX
    const qintptr fd = socket->socketDescriptor();
    if (TcpCloseDetector *detector = of(socket))
        detector->sampleStats();
    if (fd >= 0) {
        const linger reset{1, 0};
        ::setsockopt(int(fd), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    }
#else
    Q_UNUSED(socket)
#endif
}

void TcpCloseDetector::closeOnCloseNotify(QTcpSocket *socket)
{
    auto *ssl = qobject_cast<QSslSocket *>(socket);
    if (!ssl)
        return;
    QObject::connect(ssl, &QAbstractSocket::errorOccurred, ssl,
                     [ssl](QAbstractSocket::SocketError error) {
                         if (error == QAbstractSocket::RemoteHostClosedError &&
                             ssl->isEncrypted() && ssl->state() == QAbstractSocket::ConnectedState)
                             ssl->disconnectFromHost();
                     });
}

bool TcpCloseDetector::shutdownWrite(QTcpSocket *socket)
{
#ifdef Q_OS_UNIX
    if (socket->socketDescriptor() < 0)
        return false;
    flush(socket);
    const auto shutdownNow = [socket] {
        const qintptr fd = socket->socketDescriptor();
        if (fd >= 0)
            ::shutdown(int(fd), SHUT_WR);
    };
    if (socket->bytesToWrite() == 0) {
        shutdownNow();
        return true;
    }
    // What was sent before goes first: the FIN follows the last byte of Qt's buffer.
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = QObject::connect(socket, &QTcpSocket::bytesWritten, socket,
                                   [socket, connection, shutdownNow] {
                                       if (socket->bytesToWrite() > 0)
                                           return;
                                       QObject::disconnect(*connection);
                                       shutdownNow();
                                   });
    return true;
#else
    Q_UNUSED(socket)
    return false;
#endif
}

int TcpCloseDetector::peek()
{
#ifdef Q_OS_UNIX
    const qintptr fd = m_socket->socketDescriptor();
    if (fd < 0)
        return 1;
    char byte;
    const ssize_t n = ::recv(int(fd), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n < 0 && errno == ECONNRESET) {
        m_reset = true;
        sampleStats(); // Qt closes the descriptor when it sees the reset
    }
    if (n == 0) {
        if (!m_sawEnd)
            sampleStats(); // the peer's FIN: Qt may close the descriptor next
        m_sawEnd = true;
        return 0;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return -1;
#endif
    return 1;
}

void TcpCloseDetector::check()
{
    if (!m_reset)
        (void)peek();
}

bool TcpCloseDetector::eventFilter(QObject *watched, QEvent *event)
{
    // After a reset there is nothing to learn: Qt sees it as it is.
    if (event->type() == QEvent::SockAct && !m_reset) {
        auto *notifier = qobject_cast<QSocketNotifier *>(watched);
        const bool reading = notifier && notifier->type() == QSocketNotifier::Read;
        const bool atEnd = peek() == 0;
        // Before Qt may close the descriptor in this notification; not after a reset, which
        // empties the send queue (everything would look acknowledged).
        if (!m_reset)
            sampleAcknowledged();
        if (atEnd && reading && (m_socket->bytesToWrite() > 0 || m_holds > 0) &&
            m_socket->state() == QAbstractSocket::ConnectedState) {
            // The peer's FIN with bytes still for it: hold Qt's close back until they are
            // written (bytesWritten or release() lets it go). A level-triggered notifier would
            // fire again at once, so it is switched off meanwhile.
            m_heldNotifier = notifier;
            notifier->setEnabled(false);
            if (!m_halfCloseTold) {
                m_halfCloseTold = true;
                emit peerHalfClosed();
            }
            return true;
        }
    } else if (event->type() == QEvent::ChildAdded) {
        // A notifier being made (not yet a QSocketNotifier here); its SockAct events are all
        // this filter looks at.
        if (QObject *child = static_cast<QChildEvent *>(event)->child(); child != this)
            child->installEventFilter(this);
    }
    return QObject::eventFilter(watched, event);
}

} // namespace sockeye
