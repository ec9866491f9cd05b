#include "tcpstats.h"

#include <QCoreApplication>
#include <QFile>
#include <QList>

#ifdef Q_OS_LINUX
#include <cerrno>
#include <cstring>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#endif

namespace sockeye {

std::optional<TcpStats> TcpStats::read(qintptr descriptor, QString *why)
{
#ifdef Q_OS_LINUX
    tcp_info info{};
    socklen_t length = sizeof info;
    if (descriptor < 0 ||
        ::getsockopt(int(descriptor), IPPROTO_TCP, TCP_INFO, &info, &length) != 0) {
        if (why) {
            *why = descriptor < 0
                       ? QCoreApplication::translate("sockeye::TcpStats",
                                                     "The connection is closed: the kernel has "
                                                     "no TCP statistics for it any more.")
                       : QCoreApplication::translate("sockeye::TcpStats",
                                                     "The kernel gave no TCP statistics (%1).")
                             .arg(QString::fromLocal8Bit(std::strerror(errno)));
        }
        return std::nullopt;
    }
    TcpStats stats;
    stats.rttMs = info.tcpi_rtt / 1000.0;
    stats.rttVarianceMs = info.tcpi_rttvar / 1000.0;
    stats.retransmissions = info.tcpi_total_retrans;
    stats.congestionWindow = info.tcpi_snd_cwnd;
    stats.mss = info.tcpi_snd_mss;
    stats.unacknowledged = info.tcpi_unacked;
    int queued = 0;
    if (::ioctl(int(descriptor), SIOCOUTQ, &queued) == 0)
        stats.sendQueueBytes = queued;
    if (::ioctl(int(descriptor), SIOCINQ, &queued) == 0)
        stats.receiveQueueBytes = queued;
    return stats;
#else
    Q_UNUSED(descriptor)
    if (why)
        *why = QCoreApplication::translate("sockeye::TcpStats",
                                           "TCP statistics are read from Linux's TCP_INFO, "
                                           "which this system does not have.");
    return std::nullopt;
#endif
}

QString TcpStats::formatRtt(double ms)
{
    if (ms < 1)
        return QCoreApplication::translate("sockeye::TcpStats", "%1 µs").arg(qRound(ms * 1000));
    return QCoreApplication::translate("sockeye::TcpStats", "%1 ms")
        .arg(ms, 0, 'f', ms < 100 ? 2 : 1);
}

QString TcpStats::summary() const
{
    return QCoreApplication::translate("sockeye::TcpStats",
                                       "RTT %1 (± %2), retransmitted segments %3, congestion "
                                       "window %4 segments, MSS %5 B, unacknowledged segments "
                                       "%6, send queue %7 B, receive queue %8 B")
        .arg(formatRtt(rttMs), formatRtt(rttVarianceMs))
        .arg(retransmissions)
        .arg(congestionWindow)
        .arg(mss)
        .arg(unacknowledged)
        .arg(sendQueueBytes)
        .arg(receiveQueueBytes);
}

std::optional<AcceptQueue> AcceptQueue::read(qintptr listeningDescriptor)
{
#ifdef Q_OS_LINUX
    // For a listener, Linux reports the accept queue in these two fields.
    tcp_info info{};
    socklen_t length = sizeof info;
    if (listeningDescriptor < 0 ||
        ::getsockopt(int(listeningDescriptor), IPPROTO_TCP, TCP_INFO, &info, &length) != 0 ||
        info.tcpi_state != TCP_LISTEN)
        return std::nullopt;
    return AcceptQueue{info.tcpi_unacked, info.tcpi_sacked};
#else
    Q_UNUSED(listeningDescriptor)
    return std::nullopt;
#endif
}

qint64 listenOverflows()
{
    // Two "TcpExt:" lines: the field names, then their values in the same order.
    QFile file(QStringLiteral("/proc/net/netstat"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    QList<QByteArray> names;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (!line.startsWith("TcpExt:"))
            continue;
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (names.isEmpty()) {
            names = fields;
            continue;
        }
        const qsizetype at = names.indexOf("ListenOverflows");
        if (at < 0 || at >= fields.size())
            return -1;
        bool ok = false;
        const qint64 value = fields.at(at).toLongLong(&ok);
        return ok ? value : -1;
    }
    return -1;
}

} // namespace sockeye
