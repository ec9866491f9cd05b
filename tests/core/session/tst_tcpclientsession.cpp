#include "externalpeer.h"
#include "logquery.h"
#include "session/tcpclientsession.h"
#include "traffic/trafficlog.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace sockeye;
using sockeye::test::ExternalPeer;
using sockeye::test::freeTcpPort;
using sockeye::test::loggedBytes;
using sockeye::test::loggedEvents;

namespace {

SessionConfig clientConfig(const QString &host, quint16 port)
{
    SessionConfig config;
    config.kind = SessionKind::TcpClient;
    config.remoteHost = host;
    config.remotePort = port;
    config.connectTimeoutMs = 5000;
    return config;
}

// python3 server on 127.0.0.1:argv[1] (or ::1 when argv[2] == '6'): prints "READY", echoes
// what it receives to stdout (raw) and sends stdin to the client.
const QString PyServer = QStringLiteral(R"(
import socket, sys, threading
fam = socket.AF_INET6 if sys.argv[2] == '6' else socket.AF_INET
host = '::1' if sys.argv[2] == '6' else '127.0.0.1'
srv = socket.socket(fam); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind((host, int(sys.argv[1]))); srv.listen(1)
print('READY', flush=True)
c, addr = srv.accept()
print('PEER %d' % addr[1], flush=True)
def tx():
    while True:
        d = sys.stdin.buffer.read1(65536)
        if not d: break
        c.sendall(d)
threading.Thread(target=tx, daemon=True).start()
while True:
    d = c.recv(65536)
    if not d: break
    sys.stdout.buffer.write(d); sys.stdout.flush()
)");

} // namespace

class tst_TcpClientSession : public QObject
{
    Q_OBJECT
private slots:
    void bytesBothWays_data();
    void bytesBothWays();
    void hostNameIsResolved();
    void localBind();
    void statesOfAConnection();
    void finAndRstAreToldApart_data();
    void finAndRstAreToldApart();
    void autoReconnectAfterServerRestart();
    void backoff_data();
    void backoff();
    void stopCancelsReconnect();
};

void tst_TcpClientSession::bytesBothWays_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("arguments"); // %PORT% is replaced
    QTest::addColumn<QString>("host");

    QTest::newRow("socat") << QStringLiteral("socat")
                           << QStringList{QStringLiteral(
                                              "TCP-LISTEN:%PORT%,bind=127.0.0.1,reuseaddr"),
                                          QStringLiteral("-")}
                           << QStringLiteral("127.0.0.1");
    QTest::newRow("ncat") << QStringLiteral("ncat")
                          << QStringList{QStringLiteral("-l"), QStringLiteral("127.0.0.1"),
                                         QStringLiteral("%PORT%")}
                          << QStringLiteral("127.0.0.1");
    QTest::newRow("python3 IPv4") << QStringLiteral("python3")
                                  << QStringList{QStringLiteral("-u"), QStringLiteral("-c"),
                                                 PyServer, QStringLiteral("%PORT%"),
                                                 QStringLiteral("4")}
                                  << QStringLiteral("127.0.0.1");
    QTest::newRow("python3 IPv6 literal")
        << QStringLiteral("python3")
        << QStringList{QStringLiteral("-u"), QStringLiteral("-c"), PyServer,
                       QStringLiteral("%PORT%"), QStringLiteral("6")}
        << QStringLiteral("::1");
}

void tst_TcpClientSession::bytesBothWays()
{
    QFETCH(QString, program);
    QFETCH(QStringList, arguments);
    QFETCH(QString, host);
    const quint16 port = freeTcpPort();
    for (QString &a : arguments)
        a.replace(QLatin1String("%PORT%"), QString::number(port));
    ExternalPeer server(program, arguments);
    QVERIFY(server.started());

    TrafficLog log;
    SessionConfig config = clientConfig(host, port);
    config.autoReconnect = true; // the peer may need a moment to listen
    config.reconnectMinMs = 50;
    TcpClientSession client(1, config, &log);
    QVERIFY(client.start());
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Session::State::Connected, 10000);
    QCOMPARE(client.peers().size(), 1);
    QVERIFY(client.peers().constFirst().label().contains(host));

    QByteArray toServer;
    for (int i = 0; i < 256; ++i)
        toServer.append(char(i));
    toServer += QByteArray(200000, 'q');
    const SendResult result = client.send(toServer);
    QVERIFY2(result.ok(), qPrintable(result.message));
    QVERIFY(server.waitForOutputSize(toServer.size()));
    QCOMPARE(server.output().right(toServer.size()), toServer);

    QByteArray toClient("\x00\xff\r\n", 4);
    toClient += QByteArray(50000, 'w');
    server.write(toClient);
    QTRY_COMPARE_WITH_TIMEOUT(loggedBytes(log, Direction::Rx).size(), toClient.size(), 10000);
    QCOMPARE(loggedBytes(log, Direction::Rx), toClient);
    QCOMPARE(loggedBytes(log, Direction::Tx), toServer);
}

void tst_TcpClientSession::hostNameIsResolved()
{
    const quint16 port = freeTcpPort();
    ExternalPeer server(QStringLiteral("python3"),
                        {QStringLiteral("-u"), QStringLiteral("-c"), PyServer,
                         QString::number(port), QStringLiteral("4")});
    QVERIFY(server.waitForOutput("READY"));
    TrafficLog log;
    TcpClientSession client(1, clientConfig(QStringLiteral("localhost"), port), &log);
    QSignalSpy states(&client, &Session::stateChanged);
    QVERIFY(client.start());
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Session::State::Connected, 10000);
    QCOMPARE(states.first().at(0).value<Session::State>(), Session::State::Resolving);
}

void tst_TcpClientSession::localBind()
{
    const quint16 port = freeTcpPort();
    const quint16 localPort = freeTcpPort();
    ExternalPeer server(QStringLiteral("python3"),
                        {QStringLiteral("-u"), QStringLiteral("-c"), PyServer,
                         QString::number(port), QStringLiteral("4")});
    QVERIFY(server.waitForOutput("READY"));
    TrafficLog log;
    SessionConfig config = clientConfig(QStringLiteral("127.0.0.1"), port);
    config.clientBind = true;
    config.bindAddress = QStringLiteral("127.0.0.1");
    config.bindPort = localPort;
    TcpClientSession client(1, config, &log);
    QVERIFY(client.start());
    QTRY_VERIFY2_WITH_TIMEOUT(client.state() == Session::State::Connected,
                              qPrintable(sockeye::test::loggedText(log)), 10000);
    QCOMPARE(client.localPort(), localPort);
    QVERIFY(server.waitForOutput(QStringLiteral("PEER %1").arg(localPort).toLatin1()));
}

void tst_TcpClientSession::statesOfAConnection()
{
    const quint16 port = freeTcpPort();
    ExternalPeer server(QStringLiteral("python3"),
                        {QStringLiteral("-u"), QStringLiteral("-c"), PyServer,
                         QString::number(port), QStringLiteral("4")});
    QVERIFY(server.waitForOutput("READY"));
    TrafficLog log;
    TcpClientSession client(1, clientConfig(QStringLiteral("127.0.0.1"), port), &log);
    QSignalSpy states(&client, &Session::stateChanged);
    QCOMPARE(client.state(), Session::State::Idle);
    QVERIFY(client.start());
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Session::State::Connected, 10000);
    client.send("last words");
    client.stop();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Session::State::Idle, 10000);
    QVERIFY(server.waitForOutput("last words")); // pending data is written before closing
    QList<Session::State> seen;
    for (const auto &args : states)
        seen << args.at(0).value<Session::State>();
    const QList<Session::State> expected{Session::State::Connecting, Session::State::Connected,
                                         Session::State::Closing, Session::State::Idle};
    QCOMPARE(seen, expected);
    QCOMPARE(loggedEvents(log), (QList<RecordKind>{RecordKind::Connected, RecordKind::Closed}));
    QCOMPARE(client.peers().size(), 0);
}

void tst_TcpClientSession::finAndRstAreToldApart_data()
{
    QTest::addColumn<bool>("reset");
    QTest::addColumn<RecordKind>("expected");
    QTest::addColumn<int>("errors");
    QTest::newRow("orderly close (FIN)") << false << RecordKind::ClosedByPeer << 0;
    QTest::newRow("reset (RST)") << true << RecordKind::Reset << 1;
}

void tst_TcpClientSession::finAndRstAreToldApart()
{
    QFETCH(bool, reset);
    QFETCH(RecordKind, expected);
    QFETCH(int, errors);
    const QString script =
        QStringLiteral("import socket,struct,sys,time\n"
                       "srv=socket.socket(); srv.bind(('127.0.0.1',0)); srv.listen(1)\n"
                       "print(srv.getsockname()[1], flush=True)\n"
                       "c,_=srv.accept(); c.sendall(b'hello'); time.sleep(0.3)\n"
                       "if sys.argv[1]=='1': "
                       "c.setsockopt(socket.SOL_SOCKET,socket.SO_LINGER,struct.pack('ii',1,0))\n"
                       "c.close()\n");
    ExternalPeer server(QStringLiteral("python3"),
                        {QStringLiteral("-u"), QStringLiteral("-c"), script,
                         reset ? QStringLiteral("1") : QStringLiteral("0")});
    QVERIFY(server.waitForOutput("\n"));
    const quint16 port = quint16(server.output().trimmed().toUInt());
    TrafficLog log;
    TcpClientSession client(1, clientConfig(QStringLiteral("127.0.0.1"), port), &log);
    QSignalSpy errorSpy(&client, &Session::errorOccurred);
    QVERIFY(client.start());
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Session::State::Connected, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Session::State::Idle, 10000);
    const QList<RecordKind> kinds = loggedEvents(log);
    QVERIFY(kinds.contains(expected));
    QVERIFY(!kinds.contains(reset ? RecordKind::ClosedByPeer : RecordKind::Reset));
    QCOMPARE(loggedBytes(log, Direction::Rx), QByteArray("hello"));
    QCOMPARE(errorSpy.count(), errors);
    if (errors)
        QCOMPARE(errorSpy.at(0).at(0).value<SessionError>(), SessionError::ResetByPeer);
}

void tst_TcpClientSession::autoReconnectAfterServerRestart()
{
    const quint16 port = freeTcpPort();
    const QStringList socatArgs{QStringLiteral("TCP-LISTEN:%1,bind=127.0.0.1,reuseaddr").arg(port),
                                QStringLiteral("-")};
    auto server = std::make_unique<ExternalPeer>(QStringLiteral("socat"), socatArgs);
    TrafficLog log;
    SessionConfig config = clientConfig(QStringLiteral("127.0.0.1"), port);
    config.autoReconnect = true;
    config.reconnectMinMs = 50;
    config.reconnectMaxMs = 400;
    TcpClientSession client(1, config, &log);
    QVERIFY(client.start());
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Session::State::Connected, 10000);
    QVERIFY(client.send("one").ok());
    QVERIFY(server->waitForOutput("one"));

    server.reset(); // the server goes away
    QTRY_COMPARE_WITH_TIMEOUT(client.state() == Session::State::Reconnecting ||
                                  client.state() == Session::State::Connecting,
                              true, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(client.reconnectAttempt() >= 2, 10000); // refused, tried again

    server = std::make_unique<ExternalPeer>(QStringLiteral("socat"), socatArgs);
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Session::State::Connected, 10000);
    QCOMPARE(client.reconnectAttempt(), 0);
    QVERIFY(client.send("two").ok());
    QVERIFY(server->waitForOutput("two"));
    QCOMPARE(loggedEvents(log).count(RecordKind::Connected), 2);
    QVERIFY(loggedEvents(log).contains(RecordKind::Info)); // "Reconnecting in ..."
    client.stop();
}

void tst_TcpClientSession::backoff_data()
{
    QTest::addColumn<int>("attempt");
    QTest::addColumn<int>("expected");
    QTest::newRow("first") << 1 << 500;
    QTest::newRow("second doubles") << 2 << 1000;
    QTest::newRow("fourth") << 4 << 4000;
    QTest::newRow("capped") << 10 << 30000;
    QTest::newRow("far past the cap") << 1000 << 30000;
}

void tst_TcpClientSession::backoff()
{
    QFETCH(int, attempt);
    QFETCH(int, expected);
    QCOMPARE(TcpClientSession::backoffMs(attempt, 500, 30000), expected);
}

void tst_TcpClientSession::stopCancelsReconnect()
{
    TrafficLog log;
    SessionConfig config = clientConfig(QStringLiteral("127.0.0.1"), freeTcpPort());
    config.autoReconnect = true;
    config.reconnectMinMs = 50;
    TcpClientSession client(1, config, &log);
    QVERIFY(client.start());
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Session::State::Reconnecting, 5000);
    client.stop();
    QCOMPARE(client.state(), Session::State::Idle);
    const int attempts = client.reconnectAttempt();
    // The sentinel: a timer due after several reconnect delays fires after any attempt would.
    bool sentinel = false;
    QTimer::singleShot(6 * config.reconnectMinMs, &client, [&sentinel] { sentinel = true; });
    QTRY_VERIFY(sentinel);
    QCOMPARE(client.reconnectAttempt(), attempts);
    QCOMPARE(client.state(), Session::State::Idle);
}

QTEST_GUILESS_MAIN(tst_TcpClientSession)
#include "tst_tcpclientsession.moc"
