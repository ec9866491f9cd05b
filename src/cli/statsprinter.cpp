#include "statsprinter.h"

#include "session/connectionstory.h"
#include "session/tcpserversession.h"

#include <QTimer>

namespace sockeye::cli {

StatsPrinter::StatsPrinter(Session *session, double intervalS, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    connect(session, &Session::connectionStatsAtEnd, this,
            [this](PeerId id, const TcpStats &stats) {
                const auto peer = m_session->peer(id);
                emit line(tr("TCP statistics of %1 as it closed: %2")
                              .arg(peer ? peer->label() : QString(), stats.summary()));
            });
    connect(
        session, &Session::peerEnded, this,
        [this](const Peer &peer, const TrafficCounters &counters) {
            emit line(
                tr("Story of %1: %2").arg(peer.label(), ConnectionStory::summary(peer, counters)));
        });
    if (intervalS > 0) {
        m_timer = new QTimer(this);
        m_timer->setInterval(qRound(intervalS * 1000));
        connect(m_timer, &QTimer::timeout, this, [this] { printEach(false); });
        m_timer->start();
    }
}

void StatsPrinter::printOpenConnections()
{
    printEach(true);
}

void StatsPrinter::printEach(bool atExit)
{
    if (auto *server = qobject_cast<TcpServerSession *>(m_session); server && !atExit) {
        const auto queue = server->acceptQueue();
        const qint64 overflows = server->acceptQueueOverflows();
        if (queue && overflows >= 0)
            emit line(tr("Accept queue: %1 waiting of %2; %3 dropped for a full queue since "
                         "listening (every listener on this system)")
                          .arg(queue->waiting)
                          .arg(queue->backlog)
                          .arg(overflows));
    }
    for (const Peer &peer : m_session->peers()) {
        QString why;
        const auto stats = m_session->tcpStats(peer.id, &why);
        if (!stats) {
            emit line(tr("No TCP statistics for %1: %2").arg(peer.label(), why));
            continue;
        }
        emit line(atExit
                      ? tr("TCP statistics of %1 at exit: %2").arg(peer.label(), stats->summary())
                      : tr("TCP statistics of %1: %2").arg(peer.label(), stats->summary()));
    }
}

} // namespace sockeye::cli
