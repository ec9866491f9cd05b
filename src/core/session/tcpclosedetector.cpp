#include "tcpclosedetector.h"

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
        if (notifier->type() == QSocketNotifier::Read)
            notifier->installEventFilter(detector);
    }
    return detector;
}

bool TcpCloseDetector::eventFilter(QObject *watched, QEvent *event)
{
#ifdef Q_OS_UNIX
    if (event->type() == QEvent::SockAct && !m_reset) {
        const qintptr fd = m_socket->socketDescriptor();
        if (fd >= 0) {
            char byte;
            const ssize_t n = ::recv(int(fd), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
            if (n < 0 && errno == ECONNRESET)
                m_reset = true;
        }
    }
#endif
    return QObject::eventFilter(watched, event);
}

} // namespace sockeye
