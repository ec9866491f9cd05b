#include "tcpoptions.h"

#include "sessionconfig.h"

#include <QCoreApplication>
#include <QStringList>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

namespace sockeye::TcpOptions {

QString apply(qintptr fd, const SessionConfig &c)
{
#ifdef Q_OS_UNIX
    QStringList refused;
    const auto set = [&](int level, int name, int value, const char *what) {
        if (::setsockopt(int(fd), level, name, &value, sizeof value) != 0)
            refused << QStringLiteral("%1 (%2)").arg(QLatin1String(what),
                                                     QString::fromLocal8Bit(std::strerror(errno)));
    };
    if (c.noDelay)
        set(IPPROTO_TCP, TCP_NODELAY, 1, "TCP_NODELAY");
    if (c.keepAliveIdleS > 0) {
        set(SOL_SOCKET, SO_KEEPALIVE, 1, "SO_KEEPALIVE");
        set(IPPROTO_TCP, TCP_KEEPIDLE, c.keepAliveIdleS, "TCP_KEEPIDLE");
        set(IPPROTO_TCP, TCP_KEEPINTVL, c.keepAliveIntervalS, "TCP_KEEPINTVL");
        set(IPPROTO_TCP, TCP_KEEPCNT, c.keepAliveCount, "TCP_KEEPCNT");
    }
    if (c.receiveBufferBytes > 0)
        set(SOL_SOCKET, SO_RCVBUF, c.receiveBufferBytes, "SO_RCVBUF");
    if (c.sendBufferBytes > 0)
        set(SOL_SOCKET, SO_SNDBUF, c.sendBufferBytes, "SO_SNDBUF");
    if (refused.isEmpty())
        return {};
    return QCoreApplication::translate("sockeye::TcpOptions",
                                       "The system refused these socket options: %1. The "
                                       "connection goes on without them.")
        .arg(refused.join(QStringLiteral(", ")));
#else
    Q_UNUSED(fd)
    const bool asked =
        c.noDelay || c.keepAliveIdleS > 0 || c.receiveBufferBytes > 0 || c.sendBufferBytes > 0;
    return asked ? QCoreApplication::translate("sockeye::TcpOptions",
                                               "Socket options are only set on Linux and other "
                                               "Unix systems; the connection goes on without them.")
                 : QString();
#endif
}

} // namespace sockeye::TcpOptions
