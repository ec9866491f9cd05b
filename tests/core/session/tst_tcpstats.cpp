#include "externalpeer.h"
#include "session/sessionmanager.h"
#include "session/tcpserversession.h"
#include "sessionfacingpython.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace sockeye;
using sockeye::test::ExternalPeer;

/**
 * What the kernel says of a connection (TCP_INFO, SIOCOUTQ) and of a listener's accept queue,
 * as a user reads it in the details panel and from `sockeye-cli --stats`. The round-trip time
 * over a delaying link is checked in tst_impairedlink (a loopback's is a few microseconds).
 */
class tst_TcpStats : public QObject
{
    Q_OBJECT
private slots:
    void queuedForAPeerThatDoesNotRead_data();
    void queuedForAPeerThatDoesNotRead();
    void acceptQueueAndItsOverflows();
    void udpHasNone();
};

namespace {

/// argv "client PORT" connects, "server PORT" accepts one; with a small receive buffer and
/// never reading. Prints "LOCAL <port>", and ends (a reset: what it holds is unread) when its
/// standard input closes.
const QString PyNonReader = QStringLiteral(R"(
import socket, sys
role, port = sys.argv[1], int(sys.argv[2])
def small(s):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096); return s
if role == 'client':
    s = small(socket.socket()); s.connect(('127.0.0.1', port))
else:
    srv = small(socket.socket()); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(('127.0.0.1', port)); srv.listen(1); print('LISTENING', flush=True)
    s, _ = srv.accept()
print('LOCAL', s.getsockname()[1], flush=True)
sys.stdin.read()
)");

} // namespace

void tst_TcpStats::queuedForAPeerThatDoesNotRead_data()
{
    QTest::addColumn<bool>("server");
    QTest::newRow("server's client") << true;
    QTest::newRow("client's server") << false;
}

// A peer that does not read: what Sockeye sent waits in the kernel's send queue, unacknowledged,
// and the details say so; when the peer goes, the figures it ended with are told once.
void tst_TcpStats::queuedForAPeerThatDoesNotRead()
{
    QFETCH(bool, server);
    SessionManager manager;
    std::unique_ptr<ExternalPeer> peer;
    Session *session = sockeye::test::sessionFacingPython(manager, {}, server, PyNonReader, peer);
    QVERIFY(session);
    QVERIFY(peer->waitForOutput("LOCAL"));
    QTRY_COMPARE(session->peers().size(), 1);
    const PeerId id = session->peers().first().id;

    QString why;
    auto stats = session->tcpStats(id, &why);
    QVERIFY2(stats, qPrintable(why));
    QVERIFY(stats->mss > 0);
    QVERIFY(stats->congestionWindow > 0);
    QCOMPARE(stats->retransmissions, 0u);
    QCOMPARE(stats->sendQueueBytes, 0);

    QVERIFY(session->send(QByteArray(4 * 1024 * 1024, 'x'), {id}).ok());
    // The peer's window fills: bytes wait in our send queue, the kernel's own count.
    QTRY_VERIFY_WITH_TIMEOUT((stats = session->tcpStats(id)) && stats->sendQueueBytes > 0, 10000);
    QVERIFY(session->bytesToWrite({id}) > 0); // and Qt still holds the rest

    QSignalSpy atEnd(session, &Session::connectionStatsAtEnd);
    QSignalSpy removed(session, &Session::peerRemoved);
    // What was shown last is told at the end: before the peer is removed, so it still has
    // its address.
    connect(session, &Session::connectionStatsAtEnd, this, [&](PeerId ended, const TcpStats &s) {
        QCOMPARE(ended, id);
        QVERIFY(s.mss > 0);
        QVERIFY(session->peer(ended).has_value());
    });
    peer->closeWriteChannel();
    QTRY_COMPARE_WITH_TIMEOUT(removed.size(), 1, 10000);
    QCOMPARE(atEnd.size(), 1);
    QVERIFY(!session->tcpStats(id, &why));
    QVERIFY(!why.isEmpty());
}

// The server's accept queue while Sockeye does not accept (its event loop is busy): the kernel
// completes connections up to the backlog, then drops the rest and counts the overflows.
void tst_TcpStats::acceptQueueAndItsOverflows()
{
    if (listenOverflows() < 0)
        QSKIP("/proc/net/netstat has no ListenOverflows here");
    SessionConfig config;
    config.kind = SessionKind::TcpServer;
    config.bindAddress = QStringLiteral("127.0.0.1");
    config.backlog = 1;
    SessionManager manager;
    auto *server = qobject_cast<TcpServerSession *>(manager.createSession(config));
    QVERIFY(server && server->start());
    QCOMPARE(server->acceptQueue()->waiting, 0u);
    QCOMPARE(server->acceptQueue()->backlog, 1u);
    QCOMPARE(server->acceptQueueOverflows(), 0);

    // Six clients connect at once, without waiting for each other. The event loop does not run
    // until they have (QProcess's waits do not run it), as when the window is busy.
    QProcess clients;
    clients.start(QStringLiteral("python3"), {QStringLiteral("-c"), QStringLiteral(R"(
import socket, sys, time
ss = []
for _ in range(6):
    s = socket.socket(); s.setblocking(False)
    s.connect_ex(('127.0.0.1', int(sys.argv[1]))); ss.append(s)
time.sleep(0.5)
print('CONNECTED', flush=True)
sys.stdin.read()
)"),
                                              QString::number(server->boundPort())});
    QVERIFY(clients.waitForStarted());
    while (!clients.readAllStandardOutput().contains("CONNECTED"))
        QVERIFY(clients.waitForReadyRead(10000));
    // Linux lets a queue of backlog 1 hold two; the others' handshakes were dropped.
    QCOMPARE(server->acceptQueue()->waiting, 2u);
    QVERIFY2(server->acceptQueueOverflows() > 0,
             qPrintable(QString::number(server->acceptQueueOverflows())));

    // Once Sockeye accepts again, the queue empties.
    QTRY_VERIFY_WITH_TIMEOUT(server->peers().size() >= 2, 10000);
    QTRY_COMPARE(server->acceptQueue()->waiting, 0u);
    clients.closeWriteChannel();
    clients.waitForFinished();
}

void tst_TcpStats::udpHasNone()
{
    SessionConfig config;
    config.kind = SessionKind::Udp;
    config.bindAddress = QStringLiteral("127.0.0.1");
    SessionManager manager;
    Session *session = manager.createSession(config);
    QVERIFY(session->start());
    QString why;
    QVERIFY(!session->tcpStats(NoPeer, &why));
    QCOMPARE(why, QStringLiteral("UDP has no connection: there are no TCP statistics."));
}

QTEST_GUILESS_MAIN(tst_TcpStats)
#include "tst_tcpstats.moc"
