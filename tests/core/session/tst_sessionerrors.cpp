#include "externalpeer.h"
#include "netns.h"
#include "session/tcpclientsession.h"
#include "session/tcpserversession.h"
#include "session/udpsession.h"
#include "traffic/trafficlog.h"

#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>

#include <memory>
#include <unistd.h>

using namespace sockeye;
using sockeye::test::ExternalPeer;
using sockeye::test::freeTcpPort;
using sockeye::test::NetNamespace;

namespace {

SessionConfig config(SessionKind kind, const QString &host = {}, quint16 port = 0)
{
    SessionConfig c;
    c.kind = kind;
    c.bindAddress = QStringLiteral("127.0.0.1");
    c.remoteHost = host;
    c.remotePort = port;
    return c;
}

/// The error must come as a signal, be remembered, be in the log, and read as a sentence that
/// names what failed and says what to try.
void checkError(Session &session, QSignalSpy &spy, SessionError expected,
                const QStringList &mustMention)
{
    QTRY_VERIFY_WITH_TIMEOUT(spy.count() > 0, 10000);
    const auto error = spy.constLast().at(0).value<SessionError>();
    const QString message = spy.constLast().at(1).toString();
    QCOMPARE(error, expected);
    QCOMPARE(session.lastError(), expected);
    QCOMPARE(session.lastErrorText(), message);
    QVERIFY2(message.startsWith(QLatin1String("Cannot ")), qPrintable(message));
    QVERIFY2(message.endsWith(QLatin1Char('.')), qPrintable(message));
    for (const QString &word : mustMention)
        QVERIFY2(message.contains(word, Qt::CaseInsensitive),
                 qPrintable(QStringLiteral("\"%1\" does not mention \"%2\"").arg(message, word)));
    bool logged = false;
    for (qsizetype i = 0; i < session.log()->size(); ++i)
        logged |=
            session.log()->at(i).kind == RecordKind::Error && session.log()->at(i).text == message;
    QVERIFY(logged);
}

/// Runs `function` of this test binary inside a fresh network namespace.
void runInNamespace(const QString &function)
{
    NetNamespace ns;
    if (!ns.unavailableReason().isEmpty())
        QSKIP(qPrintable(ns.unavailableReason()));
    QString output;
    const int rc = ns.runTestFunction(function, &output);
    QVERIFY2(rc == 0, qPrintable(output));
}

} // namespace

class tst_SessionErrors : public QObject
{
    Q_OBJECT
private slots:
    void portInUse_data();
    void portInUse();
    void permissionDenied();
    void addressNotAvailable();
    void invalidAddress();
    void hostNotFound();
    void connectionRefused();
    void connectTimeout();
    void networkUnreachable();
    void firewalled_data();
    void firewalled();
    void resetByPeer();
    void sendOnClosedConnection_data();
    void sendOnClosedConnection();
    void datagramTooLarge();
    void invalidMulticastGroup_data();
    void invalidMulticastGroup();
};

void tst_SessionErrors::portInUse_data()
{
    QTest::addColumn<SessionKind>("kind");
    QTest::newRow("TCP server") << SessionKind::TcpServer;
    QTest::newRow("UDP") << SessionKind::Udp;
}

void tst_SessionErrors::portInUse()
{
    QFETCH(SessionKind, kind);
    TrafficLog log;
    std::unique_ptr<Session> first, second;
    if (kind == SessionKind::TcpServer) {
        first = std::make_unique<TcpServerSession>(1, config(kind), &log);
        QVERIFY(first->start());
        SessionConfig c = config(kind);
        c.bindPort = static_cast<TcpServerSession *>(first.get())->serverPort();
        second = std::make_unique<TcpServerSession>(2, c, &log);
    } else {
        first = std::make_unique<UdpSession>(1, config(kind), &log);
        QVERIFY(first->start());
        SessionConfig c = config(kind);
        c.bindPort = static_cast<UdpSession *>(first.get())->localPort();
        second = std::make_unique<UdpSession>(2, c, &log);
    }
    QSignalSpy spy(second.get(), &Session::errorOccurred);
    QVERIFY(!second->start());
    QCOMPARE(second->state(), Session::State::Idle);
    checkError(*second, spy, SessionError::PortInUse,
               {QStringLiteral("in use"), QStringLiteral("another port")});
}

void tst_SessionErrors::permissionDenied()
{
    if (qEnvironmentVariableIsSet("SOCKEYE_NO_BIND_SERVICE") || ::geteuid() != 0) {
        TrafficLog log;
        SessionConfig c = config(SessionKind::TcpServer);
        c.bindPort = 81;
        TcpServerSession server(1, c, &log);
        QSignalSpy spy(&server, &Session::errorOccurred);
        QVERIFY(!server.start());
        checkError(server, spy, SessionError::PermissionDenied,
                   {QStringLiteral("127.0.0.1:81"), QStringLiteral("1024")});
        return;
    }
    // As root, run this test again without the right to bind low ports.
    const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
    if (setpriv.isEmpty())
        QSKIP("setpriv (util-linux) is needed to drop CAP_NET_BIND_SERVICE as root");
    QProcess child;
    child.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SOCKEYE_NO_BIND_SERVICE"), QStringLiteral("1"));
    child.setProcessEnvironment(env);
    child.start(setpriv,
                {QStringLiteral("--inh-caps=-net_bind_service"),
                 QStringLiteral("--bounding-set=-net_bind_service"),
                 QCoreApplication::applicationFilePath(), QStringLiteral("permissionDenied")});
    QVERIFY(child.waitForFinished(30000));
    QVERIFY2(child.exitCode() == 0, child.readAll().constData());
}

void tst_SessionErrors::addressNotAvailable()
{
    TrafficLog log;
    SessionConfig c = config(SessionKind::TcpServer);
    c.bindAddress = QStringLiteral("192.0.2.254"); // TEST-NET-1, never a local address here
    TcpServerSession server(1, c, &log);
    QSignalSpy spy(&server, &Session::errorOccurred);
    QVERIFY(!server.start());
    checkError(server, spy, SessionError::AddressNotAvailable, {QStringLiteral("192.0.2.254")});
}

void tst_SessionErrors::invalidAddress()
{
    TrafficLog log;
    SessionConfig c = config(SessionKind::TcpServer);
    c.bindAddress = QStringLiteral("300.1.1.1");
    TcpServerSession server(1, c, &log);
    QSignalSpy spy(&server, &Session::errorOccurred);
    QVERIFY(!server.start());
    checkError(server, spy, SessionError::InvalidAddress, {QStringLiteral("300.1.1.1")});
}

void tst_SessionErrors::hostNotFound()
{
    // In a namespace with no route anywhere the resolver cannot reach any DNS server, so the
    // lookup fails without a packet leaving the machine.
    if (!NetNamespace::insideTestNamespace())
        return runInNamespace(QStringLiteral("hostNotFound"));
    TrafficLog log;
    TcpClientSession client(
        1, config(SessionKind::TcpClient, QStringLiteral("no-such-host.invalid"), 80), &log);
    QSignalSpy spy(&client, &Session::errorOccurred);
    QVERIFY(client.start());
    checkError(client, spy, SessionError::HostNotFound,
               {QStringLiteral("no-such-host.invalid"), QStringLiteral("resolve")});
    QCOMPARE(client.state(), Session::State::Idle);

    // UDP resolves without blocking; the queued datagram is reported, not silently dropped.
    UdpSession udp(2, config(SessionKind::Udp), &log);
    QVERIFY(udp.start());
    QSignalSpy udpSpy(&udp, &Session::errorOccurred);
    const SendResult queued = udp.sendTo(QStringLiteral("no-such-host.invalid"), 9, "x");
    QVERIFY(queued.ok());
    QCOMPARE(queued.peersSent, 0);
    checkError(udp, udpSpy, SessionError::HostNotFound,
               {QStringLiteral("no-such-host.invalid"), QStringLiteral("1 datagram")});
    QCOMPARE(udp.counters().framesOut, quint64(0));
}

void tst_SessionErrors::connectionRefused()
{
    TrafficLog log;
    const quint16 port = freeTcpPort();
    TcpClientSession client(1, config(SessionKind::TcpClient, QStringLiteral("127.0.0.1"), port),
                            &log);
    QSignalSpy spy(&client, &Session::errorOccurred);
    QVERIFY(client.start());
    checkError(client, spy, SessionError::ConnectionRefused,
               {QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("refused")});
    QTRY_COMPARE(client.state(), Session::State::Idle);
}

void tst_SessionErrors::connectTimeout()
{
    // A python3 listener with a backlog of 0 that never accepts: once one connection fills its
    // queue, the kernel drops further SYNs and a connect hangs until our timeout.
    ExternalPeer listener(
        QStringLiteral("python3"),
        {QStringLiteral("-u"), QStringLiteral("-c"),
         QStringLiteral("import socket,time\n"
                        "s=socket.socket(); s.bind(('127.0.0.1',0)); s.listen(0)\n"
                        "p=s.getsockname()[1]\n"
                        "f=socket.create_connection(('127.0.0.1',p))\n"
                        "print(p, flush=True)\n"
                        "time.sleep(60)\n")});
    QVERIFY(listener.waitForOutput("\n"));
    const quint16 port = quint16(listener.output().trimmed().toUInt());
    TrafficLog log;
    SessionConfig c = config(SessionKind::TcpClient, QStringLiteral("127.0.0.1"), port);
    c.connectTimeoutMs = 300;
    TcpClientSession client(1, c, &log);
    QSignalSpy spy(&client, &Session::errorOccurred);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(client.start());
    checkError(client, spy, SessionError::ConnectTimeout,
               {QStringLiteral("300 ms"), QStringLiteral("timeout")});
    QVERIFY(timer.elapsed() >= 290);
    QCOMPARE(client.state(), Session::State::Idle);
}

void tst_SessionErrors::networkUnreachable()
{
    // In a namespace that has only a loopback interface nothing is routable.
    if (!NetNamespace::insideTestNamespace())
        return runInNamespace(QStringLiteral("networkUnreachable"));
    TrafficLog log;
    TcpClientSession client(1, config(SessionKind::TcpClient, QStringLiteral("10.1.2.3"), 80),
                            &log);
    QSignalSpy spy(&client, &Session::errorOccurred);
    QVERIFY(client.start());
    checkError(client, spy, SessionError::NetworkUnreachable,
               {QStringLiteral("10.1.2.3:80"), QStringLiteral("route")});
}

void tst_SessionErrors::firewalled_data()
{
    QTest::addColumn<QStringList>("rule"); // iptables -j ..., for TCP to the port
    QTest::addColumn<int>("error");        // SessionError
    QTest::addColumn<QString>("mentions");
    // Qt tries the connection again after an ICMP error: the answer takes up to ~2 s.
    QTest::addColumn<int>("timeoutMs");
    QTest::newRow("REJECT with a reset")
        << QStringList{QStringLiteral("REJECT"), QStringLiteral("--reject-with"),
                       QStringLiteral("tcp-reset")}
        << int(SessionError::ConnectionRefused) << QStringLiteral("the server is running") << 5000;
    QTest::newRow("REJECT with ICMP host unreachable")
        << QStringList{QStringLiteral("REJECT"), QStringLiteral("--reject-with"),
                       QStringLiteral("icmp-host-unreachable")}
        << int(SessionError::HostUnreachable) << QStringLiteral("ICMP host unreachable") << 5000;
    QTest::newRow("DROP") << QStringList{QStringLiteral("DROP")}
                          << int(SessionError::ConnectTimeout)
                          << QStringLiteral("a firewall drops the connection") << 1000;
}

// A server listens, but a firewall rule stands in front of it (iptables in a namespace of the
// test's own): each way a firewall says no reads as what it is.
void tst_SessionErrors::firewalled()
{
    if (!NetNamespace::insideTestNamespace())
        return runInNamespace(QStringLiteral("firewalled:") +
                              QString::fromLatin1(QTest::currentDataTag()));
    QFETCH(QStringList, rule);
    QFETCH(int, error);
    QFETCH(QString, mentions);
    QFETCH(int, timeoutMs);
    QTcpServer listener; // something listens: only the firewall can say no
    QVERIFY(listener.listen(QHostAddress::LocalHost, 7001));
    QString why;
    QVERIFY2(sockeye::test::runCommand(QStringList{QStringLiteral("iptables"), QStringLiteral("-A"),
                                                   QStringLiteral("INPUT"), QStringLiteral("-p"),
                                                   QStringLiteral("tcp"), QStringLiteral("--dport"),
                                                   QStringLiteral("7001"), QStringLiteral("-j")} +
                                           rule,
                                       &why),
             qPrintable(why));
    TrafficLog log;
    SessionConfig c = config(SessionKind::TcpClient, QStringLiteral("127.0.0.1"), 7001);
    c.connectTimeoutMs = timeoutMs;
    TcpClientSession client(1, c, &log);
    QSignalSpy spy(&client, &Session::errorOccurred);
    QVERIFY(client.start());
    checkError(client, spy, SessionError(error), {QStringLiteral("127.0.0.1:7001"), mentions});
    QCOMPARE(client.state(), Session::State::Idle);
}

void tst_SessionErrors::resetByPeer()
{
    ExternalPeer server(
        QStringLiteral("python3"),
        {QStringLiteral("-u"), QStringLiteral("-c"),
         QStringLiteral("import socket,struct\n"
                        "s=socket.socket(); s.bind(('127.0.0.1',0)); s.listen(1)\n"
                        "print(s.getsockname()[1], flush=True)\n"
                        "c,_=s.accept(); c.recv(10)\n"
                        "c.setsockopt(socket.SOL_SOCKET,socket.SO_LINGER,struct.pack('ii',1,0))\n"
                        "c.close()\n")});
    QVERIFY(server.waitForOutput("\n"));
    const quint16 port = quint16(server.output().trimmed().toUInt());
    TrafficLog log;
    TcpClientSession client(1, config(SessionKind::TcpClient, QStringLiteral("127.0.0.1"), port),
                            &log);
    QSignalSpy spy(&client, &Session::errorOccurred);
    QVERIFY(client.start());
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Session::State::Connected, 10000);
    QVERIFY(client.send("trigger").ok());
    checkError(client, spy, SessionError::ResetByPeer, {QStringLiteral("reset")});
}

void tst_SessionErrors::sendOnClosedConnection_data()
{
    QTest::addColumn<SessionKind>("kind");
    QTest::newRow("client never connected") << SessionKind::TcpClient;
    QTest::newRow("server without clients") << SessionKind::TcpServer;
    QTest::newRow("UDP not bound") << SessionKind::Udp;
}

void tst_SessionErrors::sendOnClosedConnection()
{
    QFETCH(SessionKind, kind);
    TrafficLog log;
    std::unique_ptr<Session> session;
    SessionConfig c = config(kind, QStringLiteral("127.0.0.1"), 9);
    switch (kind) {
    case SessionKind::TcpClient:
        session = std::make_unique<TcpClientSession>(1, c, &log);
        break;
    case SessionKind::TcpServer:
        session = std::make_unique<TcpServerSession>(1, c, &log);
        QVERIFY(session->start());
        break;
    case SessionKind::Udp:
        session = std::make_unique<UdpSession>(1, c, &log);
        break;
    }
    QSignalSpy spy(session.get(), &Session::errorOccurred);
    const SendResult result = session->send("data");
    QCOMPARE(result.error, SessionError::NotConnected);
    QCOMPARE(result.peersSent, 0);
    checkError(*session, spy, SessionError::NotConnected, {QStringLiteral("connect")});
    QCOMPARE(session->counters().bytesOut, qint64(0)); // nothing went out
}

void tst_SessionErrors::datagramTooLarge()
{
    TrafficLog log;
    UdpSession session(1, config(SessionKind::Udp, QStringLiteral("127.0.0.1"), 9), &log);
    QVERIFY(session.start());
    QSignalSpy spy(&session, &Session::errorOccurred);
    const SendResult result = session.send(QByteArray(UdpSession::MaxDatagramSize + 1, 'x'));
    QCOMPARE(result.error, SessionError::DatagramTooLarge);
    checkError(session, spy, SessionError::DatagramTooLarge, {QStringLiteral("65,507")});
    QCOMPARE(session.counters().framesOut, quint64(0));
}

void tst_SessionErrors::invalidMulticastGroup_data()
{
    QTest::addColumn<QString>("group");
    QTest::newRow("unicast address") << QStringLiteral("10.1.2.3");
    QTest::newRow("not an address") << QStringLiteral("group-one");
    QTest::newRow("broadcast") << QStringLiteral("255.255.255.255");
}

void tst_SessionErrors::invalidMulticastGroup()
{
    QFETCH(QString, group);
    TrafficLog log;
    UdpSession session(1, config(SessionKind::Udp), &log);
    QVERIFY(session.start());
    QSignalSpy spy(&session, &Session::errorOccurred);
    QVERIFY(!session.joinMulticastGroup(group));
    checkError(session, spy, SessionError::InvalidMulticastGroup,
               {group, QStringLiteral("224.0.0.0")});
    QVERIFY(session.joinedGroups().isEmpty());
}

QTEST_GUILESS_MAIN(tst_SessionErrors)
#include "tst_sessionerrors.moc"
