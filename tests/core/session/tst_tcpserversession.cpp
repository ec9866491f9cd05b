#include "externalpeer.h"
#include "logquery.h"
#include "session/tcpserversession.h"
#include "traffic/trafficlog.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace sockeye;
using sockeye::test::ExternalPeer;
using sockeye::test::loggedBytes;
using sockeye::test::loggedEvents;

namespace {

QByteArray allByteValues()
{
    QByteArray bytes;
    for (int i = 0; i < 256; ++i)
        bytes.append(char(i));
    return bytes;
}

/// Everything the session received, concatenated in order.
// A python3 client: connects to argv[1]:argv[2], sends stdin's hex-decoded argv[3], then prints
// what it receives (hex) until the server closes, then "EOF".
const QString PyClient = QStringLiteral(R"(
import socket, sys, binascii
s = socket.create_connection((sys.argv[1], int(sys.argv[2])))
s.sendall(binascii.unhexlify(sys.argv[3]))
got = b''
while True:
    try:
        d = s.recv(65536)
    except ConnectionResetError:
        print('RESET', flush=True)
        break
    if not d:
        break
    got += d
    print('RX ' + binascii.hexlify(got).decode(), flush=True)
print('EOF', flush=True)
)");

} // namespace

class tst_TcpServerSession : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void portZeroPicksAFreePort();
    void listenAddresses_data();
    void listenAddresses();
    void bytesBothWays_data();
    void bytesBothWays();
    void fiftyClientsBroadcastAndSelectiveSend();
    void burstOfClientsWhileBusy_data();
    void burstOfClientsWhileBusy();
    void kickOneClient();
    void resetCountersStartFromZero();
    void maxClientsRefusesTheRest();
    void stopListeningKeepsOrDropsClients();
    void finAndRstAreToldApart_data();
    void finAndRstAreToldApart();

private:
    std::unique_ptr<TcpServerSession> startServer(TrafficLog &log,
                                                  const QString &bind = QStringLiteral("127.0.0.1"),
                                                  int maxClients = 0);
};

void tst_TcpServerSession::initTestCase()
{
    for (const char *tool : {"python3", "socat", "ncat"}) {
        if (!ExternalPeer::available(QLatin1String(tool)))
            QFAIL(qPrintable(QStringLiteral("%1 is missing: run scripts/setup.sh --test")
                                 .arg(QLatin1String(tool))));
    }
}

std::unique_ptr<TcpServerSession>
tst_TcpServerSession::startServer(TrafficLog &log, const QString &bind, int maxClients)
{
    SessionConfig config;
    config.kind = SessionKind::TcpServer;
    config.bindAddress = bind;
    config.bindPort = 0;
    config.maxClients = maxClients;
    auto server = std::make_unique<TcpServerSession>(1, config, &log);
    if (!server->start())
        qWarning() << server->lastErrorText();
    return server;
}

void tst_TcpServerSession::portZeroPicksAFreePort()
{
    TrafficLog log;
    auto server = startServer(log);
    QCOMPARE(server->state(), Session::State::Listening);
    QVERIFY(server->serverPort() != 0);
    QCOMPARE(loggedEvents(log), QList<RecordKind>{RecordKind::Listening});
    QVERIFY(log.at(0).text.contains(QString::number(server->serverPort())));
    QCOMPARE(server->boundPort(), server->serverPort());
    QCOMPARE(server->displayName(), QStringLiteral("TCP server :%1").arg(server->serverPort()));
    server->stop();
    QCOMPARE(server->state(), Session::State::Idle);
    QVERIFY(!server->isListening());
    QCOMPARE(server->boundPort(), quint16(0));
    QCOMPARE(server->displayName(), QStringLiteral("TCP server :0"));
}

void tst_TcpServerSession::listenAddresses_data()
{
    QTest::addColumn<QString>("bind");
    QTest::addColumn<QString>("connectTo");

    QTest::newRow("IPv4 loopback") << QStringLiteral("127.0.0.1") << QStringLiteral("127.0.0.1");
    QTest::newRow("IPv6 loopback") << QStringLiteral("::1") << QStringLiteral("::1");
    QTest::newRow("all IPv4") << QStringLiteral("any4") << QStringLiteral("127.0.0.1");
    QTest::newRow("all IPv6") << QStringLiteral("any6") << QStringLiteral("::1");
    QTest::newRow("dual-stack via IPv4") << QStringLiteral("any") << QStringLiteral("127.0.0.1");
    QTest::newRow("dual-stack via IPv6") << QStringLiteral("any") << QStringLiteral("::1");
}

void tst_TcpServerSession::listenAddresses()
{
    QFETCH(QString, bind);
    QFETCH(QString, connectTo);
    TrafficLog log;
    auto server = startServer(log, bind);
    QVERIFY2(server->isListening(), qPrintable(server->lastErrorText()));
    QSignalSpy added(server.get(), &Session::peerAdded);
    std::unique_ptr<ExternalPeer> client(ExternalPeer::python(
        PyClient, {connectTo, QString::number(server->serverPort()), QStringLiteral("6869")}));
    QTRY_COMPARE_WITH_TIMEOUT(loggedBytes(log), QByteArray("hi"), 10000);
    QCOMPARE(added.count(), 1);
    const Peer peer = server->peers().constFirst();
    QVERIFY(peer.label().contains(connectTo));
}

void tst_TcpServerSession::bytesBothWays_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("arguments"); // %PORT% is replaced

    QTest::newRow("socat") << QStringLiteral("socat")
                           << QStringList{QStringLiteral("-"),
                                          QStringLiteral("TCP:127.0.0.1:%PORT%")};
    QTest::newRow("ncat") << QStringLiteral("ncat")
                          << QStringList{QStringLiteral("127.0.0.1"), QStringLiteral("%PORT%")};
    QTest::newRow("python3")
        << QStringLiteral("python3")
        << QStringList{QStringLiteral("-u"), QStringLiteral("-c"),
                       QStringLiteral("import socket,sys,threading\n"
                                      "s=socket.create_connection(('127.0.0.1',int(sys.argv[1])))\n"
                                      "def rx():\n"
                                      "  while True:\n"
                                      "    d=s.recv(65536)\n"
                                      "    if not d: break\n"
                                      "    sys.stdout.buffer.write(d); sys.stdout.flush()\n"
                                      "t=threading.Thread(target=rx); t.start()\n"
                                      "while True:\n"
                                      "  d=sys.stdin.buffer.read1(65536)\n"
                                      "  if not d: break\n"
                                      "  s.sendall(d)\n"
                                      "t.join()\n"),
                       QStringLiteral("%PORT%")};
}

void tst_TcpServerSession::bytesBothWays()
{
    QFETCH(QString, program);
    QFETCH(QStringList, arguments);
    TrafficLog log;
    auto server = startServer(log);
    for (QString &a : arguments)
        a.replace(QLatin1String("%PORT%"), QString::number(server->serverPort()));
    ExternalPeer peer(program, arguments);
    QVERIFY(peer.started());
    QTRY_COMPARE_WITH_TIMEOUT(server->peers().size(), 1, 10000);

    // Peer -> server: every byte value, then a larger block.
    QByteArray toServer = allByteValues();
    for (int i = 0; i < 2000; ++i)
        toServer += QByteArray::number(i) + ',';
    peer.write(toServer);
    QTRY_COMPARE_WITH_TIMEOUT(loggedBytes(log).size(), toServer.size(), 10000);
    QCOMPARE(loggedBytes(log), toServer);

    // Server -> peer.
    const QByteArray toPeer = allByteValues() + QByteArray(100000, 'z') + "\r\nend";
    const SendResult result = server->send(toPeer);
    QVERIFY2(result.ok(), qPrintable(result.message));
    QCOMPARE(result.peersSent, 1);
    QVERIFY(peer.waitForOutputSize(toPeer.size()));
    QCOMPARE(peer.output(), toPeer);
    QCOMPARE(loggedBytes(log, Direction::Tx), toPeer);

    const TrafficCounters counters = server->counters();
    QCOMPARE(counters.bytesIn, qint64(toServer.size()));
    QCOMPARE(counters.bytesOut, qint64(toPeer.size()));
    QCOMPARE(server->peerCounters(server->peers().constFirst().id).bytesOut, qint64(toPeer.size()));
}

void tst_TcpServerSession::fiftyClientsBroadcastAndSelectiveSend()
{
    TrafficLog log;
    auto server = startServer(log);
    const int clients = 60;
    // Each client sends its number, then prints what it receives; all stay connected until the
    // server closes them.
    const QString script = QStringLiteral(R"(
import socket, sys, selectors
port, n = int(sys.argv[1]), int(sys.argv[2])
sel = selectors.DefaultSelector()
socks = []
for i in range(n):
    s = socket.create_connection(('127.0.0.1', port))
    s.sendall(b'<%d>' % i)
    socks.append(s)
    sel.register(s, selectors.EVENT_READ, i)
print('CONNECTED', flush=True)
open_count = n
while open_count:
    for key, _ in sel.select(timeout=20):
        d = key.fileobj.recv(65536)
        if not d:
            sel.unregister(key.fileobj); open_count -= 1
            print('CLOSED %d' % key.data, flush=True)
        else:
            print('GOT %d %s' % (key.data, d.decode()), flush=True)
)");
    ExternalPeer peer(QStringLiteral("python3"),
                      {QStringLiteral("-u"), QStringLiteral("-c"), script,
                       QString::number(server->serverPort()), QString::number(clients)});
    QVERIFY(peer.waitForOutput("CONNECTED"));
    QTRY_COMPARE_WITH_TIMEOUT(server->peers().size(), clients, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(server->counters().framesIn >= quint64(clients) &&
                                  server->counters().bytesIn >= clients * 3,
                              true, 10000);

    // Send to all.
    QCOMPARE(server->send("ALL").peersSent, clients);
    for (int i = 0; i < clients; ++i)
        QVERIFY(peer.waitForOutput(QStringLiteral("GOT %1 ALL").arg(i).toLatin1()));

    // Send to several: find the peers that sent <3>, <7>, <11> (peer ids need not match).
    QList<PeerId> chosen;
    for (qsizetype i = 0; i < log.size(); ++i) {
        const TrafficRecord &r = log.at(i);
        if (r.isData() && r.direction == Direction::Rx &&
            (r.bytes == "<3>" || r.bytes == "<7>" || r.bytes == "<11>"))
            chosen << r.peer;
    }
    QCOMPARE(chosen.size(), 3);
    QCOMPARE(server->send("SOME", chosen).peersSent, 3);
    for (int i : {3, 7, 11})
        QVERIFY(peer.waitForOutput(QStringLiteral("GOT %1 SOME").arg(i).toLatin1()));
    // The sentinel, sent to all after: once every client has it, a stray SOME would be in.
    QCOMPARE(server->send("END").peersSent, clients);
    QTRY_COMPARE_WITH_TIMEOUT(peer.output().count("END"), clients, 10000);
    QCOMPARE(peer.output().count("SOME"), 3);

    // Disconnect all.
    server->disconnectAll();
    QVERIFY(peer.waitForFinished(15000));
    QCOMPARE(peer.output().count("CLOSED"), clients);
    QTRY_COMPARE(server->peers().size(), 0);
}

void tst_TcpServerSession::burstOfClientsWhileBusy_data()
{
    QTest::addColumn<int>("clients");
    QTest::addColumn<int>("closeEvery");
    // More clients than the session takes per event-loop pass, all queued while it is busy.
    QTest::newRow("600 stay connected") << 600 << 0;
    QTest::newRow("600, every 3rd sends and leaves before it is accepted") << 600 << 3;
    QTest::newRow("300, all send and leave before they are accepted") << 300 << 1;
}

void tst_TcpServerSession::burstOfClientsWhileBusy()
{
    QFETCH(int, clients);
    QFETCH(int, closeEvery);
    TrafficLog log;
    auto server = startServer(log);
    QTemporaryDir dir;
    const QString flag = dir.filePath(QStringLiteral("connected"));
    // Every client sends "<i>"; those picked by closeEvery close at once (FIN), the others stay
    // until the server closes them. The flag file says all are connected.
    const QString script = QStringLiteral(R"(
import socket, sys, time
port, n, every, flag = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
keep = []
for i in range(n):
    s = socket.create_connection(('127.0.0.1', port))
    s.sendall(b'<%d>' % i)
    if every and i % every == 0:
        s.close()
    else:
        keep.append(s)
open(flag, 'w').close()
for s in keep:
    s.settimeout(30)
    while s.recv(100): pass
print('CLOSED', len(keep), flush=True)
)");
    ExternalPeer peer(QStringLiteral("python3"),
                      {QStringLiteral("-u"), QStringLiteral("-c"), script,
                       QString::number(server->serverPort()), QString::number(clients),
                       QString::number(closeEvery), flag});
    // Keep the event loop away until every client is connected (and the leavers gone), so all
    // of them reach the server in one burst.
    QDeadlineTimer deadline(20000);
    while (!QFile::exists(flag) && !deadline.hasExpired())
        QThread::msleep(10);
    QVERIFY(QFile::exists(flag));

    int leavers = 0;
    for (int i = 0; closeEvery && i < clients; ++i)
        leavers += i % closeEvery == 0 ? 1 : 0;
    const int stayers = clients - leavers;
    // Wait for every byte and every accept: peers().size() alone says nothing while clients
    // are still queued (when all of them leave, it is 0 from the start).
    qint64 expectedBytes = 0;
    for (int i = 0; i < clients; ++i)
        expectedBytes += QByteArray::number(i).size() + 2;
    QTRY_COMPARE_WITH_TIMEOUT(loggedEvents(log).count(RecordKind::Accepted), clients, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(log.totals().bytesIn, expectedBytes, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(server->peers().size(), stayers, 20000);
    QTRY_COMPARE(loggedEvents(log).count(RecordKind::ClosedByPeer), leavers);

    // Every client's bytes arrived once, attributed to a peer of its own.
    QSet<QByteArray> seen;
    QSet<PeerId> peers;
    for (qsizetype i = 0; i < log.size(); ++i) {
        const TrafficRecord &r = log.at(i);
        if (r.isData() && r.direction == Direction::Rx) {
            QVERIFY2(!seen.contains(r.bytes), r.bytes.constData());
            seen.insert(r.bytes);
            peers.insert(r.peer);
        }
    }
    QCOMPARE(seen.size(), clients);
    QCOMPARE(peers.size(), clients);

    server->disconnectAll();
    QVERIFY(peer.waitForOutput(QStringLiteral("CLOSED %1").arg(stayers).toLatin1(), 30000));
    QTRY_COMPARE(server->peers().size(), 0);
}

void tst_TcpServerSession::kickOneClient()
{
    TrafficLog log;
    auto server = startServer(log);
    std::unique_ptr<ExternalPeer> a(ExternalPeer::python(
        PyClient, {QStringLiteral("127.0.0.1"), QString::number(server->serverPort()),
                   QStringLiteral("61")}));
    std::unique_ptr<ExternalPeer> b(ExternalPeer::python(
        PyClient, {QStringLiteral("127.0.0.1"), QString::number(server->serverPort()),
                   QStringLiteral("62")}));
    QTRY_COMPARE_WITH_TIMEOUT(loggedBytes(log).size(), 2, 10000);
    PeerId kicked = NoPeer;
    for (qsizetype i = 0; i < log.size(); ++i) {
        if (log.at(i).isData() && log.at(i).bytes == "a")
            kicked = log.at(i).peer;
    }
    QVERIFY(kicked != NoPeer);
    QSignalSpy removed(server.get(), &Session::peerRemoved);
    server->send("bye", {kicked});
    server->disconnectPeer(kicked);
    QVERIFY(a->waitForOutput("EOF"));
    QVERIFY(a->output().contains("RX 627965")); // "bye" arrived before the close
    QTRY_COMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(0).value<PeerId>(), kicked);
    QCOMPARE(server->peers().size(), 1);
    QVERIFY(loggedEvents(log).contains(RecordKind::Closed));
    QVERIFY(!b->output().contains("EOF"));
}

void tst_TcpServerSession::resetCountersStartFromZero()
{
    TrafficLog log;
    auto server = startServer(log);
    std::unique_ptr<ExternalPeer> a(ExternalPeer::python(
        PyClient, {QStringLiteral("127.0.0.1"), QString::number(server->serverPort()),
                   QStringLiteral("616161")}));
    std::unique_ptr<ExternalPeer> b(ExternalPeer::python(
        PyClient, {QStringLiteral("127.0.0.1"), QString::number(server->serverPort()),
                   QStringLiteral("6262")}));
    QTRY_COMPARE_WITH_TIMEOUT(server->counters().bytesIn, qint64(5), 10000);
    PeerId peerA = NoPeer;
    PeerId peerB = NoPeer;
    for (qsizetype i = 0; i < log.size(); ++i) {
        if (log.at(i).isData())
            (log.at(i).bytes == "aaa" ? peerA : peerB) = log.at(i).peer;
    }
    QVERIFY(peerA != NoPeer && peerB != NoPeer);

    // One peer: its counters only; the timeline says what they were.
    server->resetCounters(peerA);
    QCOMPARE(server->peerCounters(peerA).bytesIn, qint64(0));
    QCOMPARE(server->peerCounters(peerB).bytesIn, qint64(2));
    QCOMPARE(server->counters().bytesIn, qint64(5));
    QVERIFY2(log.at(log.size() - 1)
                 .text.contains(
                     QStringLiteral("were 3 bytes in 1 frame received, 0 bytes in 0 frames sent")),
             qPrintable(log.at(log.size() - 1).text));

    // The session: its own and every peer's; the totals lose what it had counted.
    server->resetCounters();
    QCOMPARE(server->counters().bytesIn, qint64(0));
    QCOMPARE(server->counters().framesIn, quint64(0));
    QCOMPARE(server->peerCounters(peerB).bytesIn, qint64(0));
    QCOMPARE(log.totals().bytesIn, qint64(0));
    QVERIFY(log.at(log.size() - 1).text.startsWith(QStringLiteral("Counters reset (were 5 bytes")));

    // What comes next counts from zero: the server's reply, then its echo of nothing else.
    QVERIFY(server->send("hi", {peerB}).ok());
    QVERIFY(b->waitForOutput("RX 6869"));
    QCOMPARE(server->counters().bytesOut, qint64(2));
    QCOMPARE(server->peerCounters(peerB).bytesOut, qint64(2));
    QCOMPARE(server->peerCounters(peerA).bytesOut, qint64(0));
}

void tst_TcpServerSession::maxClientsRefusesTheRest()
{
    TrafficLog log;
    auto server = startServer(log, QStringLiteral("127.0.0.1"), 2);
    QList<std::shared_ptr<ExternalPeer>> clients;
    for (int i = 0; i < 3; ++i) {
        clients << std::shared_ptr<ExternalPeer>(ExternalPeer::python(
            PyClient, {QStringLiteral("127.0.0.1"), QString::number(server->serverPort()),
                       QStringLiteral("78")}));
        QTRY_COMPARE_WITH_TIMEOUT(loggedBytes(log).size() + (i == 2 ? 1 : 0), i + 1, 10000);
    }
    QVERIFY(clients.at(2)->waitForOutput("EOF")); // closed at once (RST or FIN)
    QCOMPARE(server->peers().size(), 2);
    bool refusedNoted = false;
    for (qsizetype i = 0; i < log.size(); ++i)
        refusedNoted |=
            log.at(i).kind == RecordKind::Info && log.at(i).text.contains(QLatin1String("limit"));
    QVERIFY(refusedNoted);
}

void tst_TcpServerSession::stopListeningKeepsOrDropsClients()
{
    TrafficLog log;
    auto server = startServer(log);
    const quint16 port = server->serverPort();
    ExternalPeer peer(QStringLiteral("socat"),
                      {QStringLiteral("-"), QStringLiteral("TCP:127.0.0.1:%1").arg(port)});
    QTRY_COMPARE_WITH_TIMEOUT(server->peers().size(), 1, 10000);

    server->stopListening(false);
    QVERIFY(!server->isListening());
    peer.write("still here");
    QTRY_COMPARE_WITH_TIMEOUT(loggedBytes(log), QByteArray("still here"), 10000);
    QCOMPARE(server->send("pong").peersSent, 1);
    QVERIFY(peer.waitForOutput("pong"));

    // A new client is refused now.
    ExternalPeer late(QStringLiteral("socat"), {QStringLiteral("-u"), QStringLiteral("-"),
                                                QStringLiteral("TCP:127.0.0.1:%1").arg(port)});
    QVERIFY(late.waitForFinished());
    QVERIFY(late.exitCode() != 0);

    server->stopListening(true);
    QCOMPARE(server->peers().size(), 0);
    QVERIFY(peer.waitForFinished());
}

void tst_TcpServerSession::finAndRstAreToldApart_data()
{
    QTest::addColumn<bool>("reset");
    QTest::addColumn<RecordKind>("expected");
    QTest::newRow("orderly close (FIN)") << false << RecordKind::ClosedByPeer;
    QTest::newRow("reset (RST)") << true << RecordKind::Reset;
}

void tst_TcpServerSession::finAndRstAreToldApart()
{
    QFETCH(bool, reset);
    QFETCH(RecordKind, expected);
    TrafficLog log;
    auto server = startServer(log);
    const QString script =
        QStringLiteral("import socket,struct,sys,time\n"
                       "s=socket.create_connection(('127.0.0.1',int(sys.argv[1])))\n"
                       "s.sendall(b'x'); time.sleep(0.3)\n"
                       "if sys.argv[2]=='1': "
                       "s.setsockopt(socket.SOL_SOCKET,socket.SO_LINGER,struct.pack('ii',1,0))\n"
                       "s.close()\n");
    ExternalPeer peer(QStringLiteral("python3"),
                      {QStringLiteral("-c"), script, QString::number(server->serverPort()),
                       reset ? QStringLiteral("1") : QStringLiteral("0")});
    QTRY_COMPARE_WITH_TIMEOUT(server->peers().size(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(server->peers().size(), 0, 10000);
    const QList<RecordKind> kinds = loggedEvents(log);
    QCOMPARE(kinds.constLast(), expected);
    QCOMPARE(loggedBytes(log), QByteArray("x"));
}

QTEST_GUILESS_MAIN(tst_TcpServerSession)
#include "tst_tcpserversession.moc"
