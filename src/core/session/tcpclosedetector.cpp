#include "tcpclosedetector.h"

#include <QChildEvent>
#include <QEvent>
#include <QSocketNotifier>
#include <QTcpSocket>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <sys/socket.h>
#endif

namespace sockeye {

TcpCloseDetector::TcpCloseDetector(QTcpSocket *socket)
    : QObject(socket)
    , m_socket(socket)
{}

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

void TcpCloseDetector::check()
{
#ifdef Q_OS_UNIX
    if (m_reset)
        return;
    const qintptr fd = m_socket->socketDescriptor();
    if (fd >= 0) {
        char byte;
        const ssize_t n = ::recv(int(fd), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        if (n < 0 && errno == ECONNRESET)
            m_reset = true;
    }
#endif
}

bool TcpCloseDetector::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::SockAct) {
        check();
    } else if (event->type() == QEvent::ChildAdded) {
        // A notifier being made (not yet a QSocketNotifier here); its SockAct events are all
        // this filter looks at.
        if (QObject *child = static_cast<QChildEvent *>(event)->child(); child != this)
            child->installEventFilter(this);
    }
    return QObject::eventFilter(watched, event);
}

} // namespace sockeye
