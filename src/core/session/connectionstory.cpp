#include "connectionstory.h"

#include "sessionconfig.h" // endpointText

#include <QCoreApplication>

#include <algorithm>

namespace sockeye::ConnectionStory {

QString formatDuration(qint64 us)
{
    if (us < 1000)
        return QCoreApplication::translate("sockeye::ConnectionStory", "%1 µs").arg(us);
    if (us < 10'000)
        return QCoreApplication::translate("sockeye::ConnectionStory", "%1 ms")
            .arg(us / 1000.0, 0, 'f', 1);
    if (us < 1'000'000)
        return QCoreApplication::translate("sockeye::ConnectionStory", "%1 ms").arg(us / 1000);
    if (us < 60'000'000)
        return QCoreApplication::translate("sockeye::ConnectionStory", "%1 s")
            .arg(us / 1e6, 0, 'f', 1);
    const qint64 s = us / 1'000'000;
    return QCoreApplication::translate("sockeye::ConnectionStory", "%1 min %2 s")
        .arg(s / 60)
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

QList<Line> lines(const Peer &p, const TrafficCounters &c)
{
    QList<Line> story;
    const QString local = endpointText(p.localAddress, p.localPort);
    const auto since = [&p](qint64 us) {
        return formatDuration(qMax<qint64>(0, us - p.connectedSinceUs));
    };
    if (p.connectStartedUs > 0) {
        story.append({p.connectStartedUs, QCoreApplication::translate("sockeye::ConnectionStory",
                                                                      "Handshake with %1 began")
                                              .arg(p.label())});
        story.append(
            {p.connectedSinceUs,
             (p.kernelChoseLocalPort
                  ? QCoreApplication::translate("sockeye::ConnectionStory",
                                                "Connected after %1, from %2 (the local port "
                                                "the kernel chose)")
                  : QCoreApplication::translate("sockeye::ConnectionStory",
                                                "Connected after %1, from %2 (the local port "
                                                "you chose)"))
                 .arg(formatDuration(p.connectedSinceUs - p.connectStartedUs), local)});
    } else {
        story.append({p.connectedSinceUs,
                      QCoreApplication::translate("sockeye::ConnectionStory",
                                                  "Accepted %1 on %2 (the kernel had completed "
                                                  "the handshake)")
                          .arg(p.label(), local)});
    }
    if (c.framesIn > 0)
        story.append({c.firstInUs, QCoreApplication::translate("sockeye::ConnectionStory",
                                                               "First bytes in, %1 after "
                                                               "connecting")
                                       .arg(since(c.firstInUs))});
    if (c.framesOut > 0)
        story.append({c.firstOutUs, QCoreApplication::translate("sockeye::ConnectionStory",
                                                                "First bytes out, %1 after "
                                                                "connecting")
                                        .arg(since(c.firstOutUs))});
    if (p.peerFinishedUs > 0)
        story.append({p.peerFinishedUs,
                      QCoreApplication::translate("sockeye::ConnectionStory",
                                                  "The peer finished sending (FIN), %1 after "
                                                  "connecting; it can still be sent to")
                          .arg(since(p.peerFinishedUs))});
    if (p.weFinishedUs > 0)
        story.append({p.weFinishedUs,
                      QCoreApplication::translate("sockeye::ConnectionStory",
                                                  "We half-closed (FIN), %1 after connecting; "
                                                  "receiving until the peer closes")
                          .arg(since(p.weFinishedUs))});
    if (p.end != Peer::End::Open && p.endedUs > 0) {
        QString text;
        switch (p.end) {
        case Peer::End::PeerClosed:
            text =
                p.weFinishedUs > 0
                    ? QCoreApplication::translate(
                          "sockeye::ConnectionStory",
                          "The peer closed too (FIN), %1 after connecting: we "
                          "had closed first")
                    : QCoreApplication::translate("sockeye::ConnectionStory",
                                                  "The peer closed the connection (FIN), %1 after "
                                                  "connecting: it closed first");
            break;
        case Peer::End::PeerReset:
            text = QCoreApplication::translate(
                "sockeye::ConnectionStory",
                "The peer reset the connection (RST), %1 after connecting");
            break;
        case Peer::End::WeClosed:
            text =
                p.peerFinishedUs > 0
                    ? QCoreApplication::translate("sockeye::ConnectionStory",
                                                  "We closed (FIN), %1 after connecting: the peer "
                                                  "had finished first")
                    : QCoreApplication::translate("sockeye::ConnectionStory",
                                                  "We closed the connection (FIN), %1 after "
                                                  "connecting: we closed first");
            break;
        case Peer::End::WeReset:
            text = QCoreApplication::translate(
                "sockeye::ConnectionStory", "We reset the connection (RST), %1 after connecting");
            break;
        case Peer::End::Open:
            break;
        }
        story.append({p.endedUs, text.arg(since(p.endedUs))});
    }
    std::stable_sort(story.begin(), story.end(),
                     [](const Line &a, const Line &b) { return a.timeUs < b.timeUs; });
    return story;
}

QString summary(const Peer &p, const TrafficCounters &c)
{
    QStringList sentences;
    for (const Line &line : lines(p, c))
        sentences << line.text;
    sentences << QCoreApplication::translate("sockeye::ConnectionStory", "%1 B in, %2 B out")
                     .arg(c.bytesIn)
                     .arg(c.bytesOut);
    return sentences.join(QLatin1String(". ")) + QLatin1Char('.');
}

} // namespace sockeye::ConnectionStory
