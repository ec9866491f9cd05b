#include "externalpeer.h"
#include "netns.h"
#include "session/udpsession.h"
#include "traffic/trafficlog.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace sockeye;
using sockeye::test::ExternalPeer;
using sockeye::test::freeUdpPort;
using sockeye::test::NetNamespace;

namespace {

QList<TrafficRecord> dataRecords(const TrafficLog &log, Direction direction)
{
    QList<TrafficRecord> records;
    for (qsizetype i = 0; i < log.size(); ++i) {
        if (log.at(i).isData() && log.at(i).direction == direction)
            records << log.at(i);
    }
    return records;
}

SessionConfig udpConfig(const QString &bind = QStringLiteral("127.0.0.1"))
{
    SessionConfig config;
    config.kind = SessionKind::Udp;
    config.bindAddress = bind;
    config.bindPort = 0;
    return config;
}

// python3 UDP receiver: binds argv[1]:argv[2], prints "READY", then "FROM port hex" per datagram.
const QString PyReceiver = QStringLiteral(R"(
import socket, sys, binascii
fam = socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET
s = socket.socket(fam, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2])))
print('READY', flush=True)
while True:
    d, a = s.recvfrom(70000)
    print('FROM %d %s' % (a[1], binascii.hexlify(d).decode()), flush=True)
)");

} // namespace

class tst_UdpSession : public QObject
{
    Q_OBJECT
private slots:
    void receiveFromPeers_data();
    void receiveFromPeers();
    void eachDatagramIsOneRecord();
    void sendToTarget_data();
    void sendToTarget();
    void replyToLastSender();
    void sendToKnownPeers();
    void broadcastOnLoopback();
    void limitedBroadcastInNamespace();
    void multicastInNamespace();
    void multicastGroupOfTheOtherFamily_data();
    void multicastGroupOfTheOtherFamily();
};

void tst_UdpSession::receiveFromPeers_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("arguments"); // %PORT% replaced
    QTest::addColumn<QByteArray>("payload");    // written to the peer's stdin

    QTest::newRow("socat") << QStringLiteral("socat")
                           << QStringList{QStringLiteral("-u"), QStringLiteral("-"),
                                          QStringLiteral("UDP-SENDTO:127.0.0.1:%PORT%")}
                           << QByteArray("socat says hi\x00\xff", 15);
    QTest::newRow("ncat") << QStringLiteral("ncat")
                          << QStringList{QStringLiteral("-u"), QStringLiteral("--send-only"),
                                         QStringLiteral("127.0.0.1"), QStringLiteral("%PORT%")}
                          << QByteArray("ncat datagram");
    QTest::newRow("python3")
        << QStringLiteral("python3")
        << QStringList{QStringLiteral("-c"),
                       QStringLiteral(
                           "import socket,sys\n"
                           "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
                           "s.sendto(sys.stdin.buffer.read(),('127.0.0.1',int(sys.argv[1])))\n"),
                       QStringLiteral("%PORT%")}
        << QByteArray("\x01\x03\x00\x00\x00\x0a", 6);
}

void tst_UdpSession::receiveFromPeers()
{
    QFETCH(QString, program);
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, payload);
    TrafficLog log;
    UdpSession session(1, udpConfig(), &log);
    QVERIFY(session.start());
    QCOMPARE(session.state(), Session::State::Bound);
    for (QString &a : arguments)
        a.replace(QLatin1String("%PORT%"), QString::number(session.localPort()));
    ExternalPeer peer(program, arguments);
    peer.write(payload);
    peer.closeWriteChannel();
    QTRY_COMPARE_WITH_TIMEOUT(dataRecords(log, Direction::Rx).size(), 1, 10000);
    const TrafficRecord record = dataRecords(log, Direction::Rx).constFirst();
    QCOMPARE(record.bytes, payload);
    const auto sender = session.peer(record.peer);
    QVERIFY(sender);
    QCOMPARE(sender->address, QHostAddress(QHostAddress::LocalHost));
    QVERIFY(sender->port != 0);
    QCOMPARE(session.lastSender(), record.peer);
}

void tst_UdpSession::eachDatagramIsOneRecord()
{
    TrafficLog log;
    UdpSession session(1, udpConfig(), &log);
    QVERIFY(session.start());
    ExternalPeer peer(QStringLiteral("python3"),
                      {QStringLiteral("-c"),
                       QStringLiteral("import socket,sys\n"
                                      "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
                                      "for d in (b'a', b'bb', b'', b'c'*1400, b'dddd'):\n"
                                      "  s.sendto(d,('127.0.0.1',int(sys.argv[1])))\n"),
                       QString::number(session.localPort())});
    QTRY_COMPARE_WITH_TIMEOUT(dataRecords(log, Direction::Rx).size(), 5, 10000);
    const auto records = dataRecords(log, Direction::Rx);
    const QList<QByteArray> expected{"a", "bb", "", QByteArray(1400, 'c'), "dddd"};
    for (int i = 0; i < 5; ++i)
        QCOMPARE(records.at(i).bytes, expected.at(i));
    QCOMPARE(session.peers().size(), 1); // one sender, remembered once
}

void tst_UdpSession::sendToTarget_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("bind");
    QTest::newRow("IPv4") << QStringLiteral("127.0.0.1") << QStringLiteral("127.0.0.1");
    QTest::newRow("IPv6") << QStringLiteral("::1") << QStringLiteral("::1");
    QTest::newRow("host name") << QStringLiteral("localhost") << QStringLiteral("127.0.0.1");
}

void tst_UdpSession::sendToTarget()
{
    QFETCH(QString, host);
    QFETCH(QString, bind);
    const quint16 port = freeUdpPort();
    ExternalPeer receiver(QStringLiteral("python3"), {QStringLiteral("-u"), QStringLiteral("-c"),
                                                      PyReceiver, bind, QString::number(port)});
    QVERIFY(receiver.waitForOutput("READY"));
    TrafficLog log;
    SessionConfig config =
        udpConfig(bind == QLatin1String("::1") ? QStringLiteral("any6") : QStringLiteral("any4"));
    config.remoteHost = host;
    config.remotePort = port;
    UdpSession session(1, config, &log);
    QVERIFY(session.start());
    const QByteArray payload("\x00\x01\x02hello\xfe", 9);
    const SendResult result = session.send(payload);
    QVERIFY2(result.ok(), qPrintable(result.message));
    QVERIFY(receiver.waitForOutput(QStringLiteral("FROM %1 %2")
                                       .arg(session.localPort())
                                       .arg(QString::fromLatin1(payload.toHex()))
                                       .toLatin1()));
    QCOMPARE(dataRecords(log, Direction::Tx).size(), 1);
    QCOMPARE(dataRecords(log, Direction::Tx).constFirst().bytes, payload);
}

void tst_UdpSession::replyToLastSender()
{
    TrafficLog log;
    UdpSession session(1, udpConfig(), &log);
    QVERIFY(session.start());
    QCOMPARE(session.replyToLastSender("nobody").error, SessionError::NotConnected);
    ExternalPeer peer(QStringLiteral("python3"),
                      {QStringLiteral("-u"), QStringLiteral("-c"),
                       QStringLiteral("import socket,sys\n"
                                      "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
                                      "s.settimeout(10)\n"
                                      "s.sendto(b'ping',('127.0.0.1',int(sys.argv[1])))\n"
                                      "d,a=s.recvfrom(100)\n"
                                      "print('GOT',d.decode(),a[1],flush=True)\n"),
                       QString::number(session.localPort())});
    QTRY_COMPARE_WITH_TIMEOUT(dataRecords(log, Direction::Rx).size(), 1, 10000);
    QVERIFY(session.replyToLastSender("pong").ok());
    QVERIFY(peer.waitForOutput(QStringLiteral("GOT pong %1").arg(session.localPort()).toLatin1()));
}

void tst_UdpSession::multicastGroupOfTheOtherFamily_data()
{
    QTest::addColumn<QString>("bind");
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("says");
    QTest::newRow("IPv6 group on an IPv4 socket")
        << QStringLiteral("127.0.0.1") << QStringLiteral("ff02::1")
        << QStringLiteral("it is an IPv6 group and this socket is bound to IPv4");
    QTest::newRow("IPv4 group on an IPv6-only socket")
        << QStringLiteral("::1") << QStringLiteral("239.1.2.3")
        << QStringLiteral("it is an IPv4 group and this socket is bound to IPv6 only");
}

// The kernel refuses these with an errno Qt reports as "Unknown error": say what is wrong.
void tst_UdpSession::multicastGroupOfTheOtherFamily()
{
    QFETCH(QString, bind);
    QFETCH(QString, group);
    QFETCH(QString, says);
    TrafficLog log;
    SessionConfig config = udpConfig();
    config.bindAddress = bind;
    UdpSession session(1, config, &log);
    if (!session.start())
        QSKIP("cannot bind here (no IPv6 loopback?)");
    QSignalSpy errors(&session, &Session::errorOccurred);
    QVERIFY(!session.joinMulticastGroup(group));
    QCOMPARE(errors.size(), 1);
    const QString message = errors.at(0).at(1).toString();
    QVERIFY2(message.contains(says), qPrintable(message));
    QVERIFY2(!message.contains(QLatin1String("Unknown error")), qPrintable(message));
    QCOMPARE(errors.at(0).at(0).value<SessionError>(), SessionError::InvalidMulticastGroup);
}

void tst_UdpSession::sendToKnownPeers()
{
    TrafficLog log;
    UdpSession session(1, udpConfig(), &log);
    QVERIFY(session.start());
    const QString script = QStringLiteral("import socket,sys\n"
                                          "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
                                          "s.settimeout(10)\n"
                                          "s.sendto(b'hello',('127.0.0.1',int(sys.argv[1])))\n"
                                          "print('GOT',s.recvfrom(100)[0].decode(),flush=True)\n");
    ExternalPeer a(QStringLiteral("python3"), {QStringLiteral("-u"), QStringLiteral("-c"), script,
                                               QString::number(session.localPort())});
    ExternalPeer b(QStringLiteral("python3"), {QStringLiteral("-u"), QStringLiteral("-c"), script,
                                               QString::number(session.localPort())});
    QTRY_COMPARE_WITH_TIMEOUT(session.peers().size(), 2, 10000);
    QList<PeerId> ids;
    for (const Peer &p : session.peers())
        ids << p.id;
    QCOMPARE(session.send("both", ids).peersSent, 2);
    QVERIFY(a.waitForOutput("GOT both"));
    QVERIFY(b.waitForOutput("GOT both"));
    QCOMPARE(session.send("x", {PeerId(999)}).error, SessionError::NotConnected);
}

void tst_UdpSession::broadcastOnLoopback()
{
    // 127.255.255.255 is the loopback network's broadcast address: it never leaves the machine.
    const quint16 port = freeUdpPort();
    ExternalPeer receiver(QStringLiteral("python3"),
                          {QStringLiteral("-u"), QStringLiteral("-c"), PyReceiver,
                           QStringLiteral("0.0.0.0"), QString::number(port)});
    QVERIFY(receiver.waitForOutput("READY"));
    TrafficLog log;
    UdpSession session(1, udpConfig(QStringLiteral("any4")), &log);
    QVERIFY(session.start());
    const SendResult result =
        session.broadcast("to everyone", port, QHostAddress(QStringLiteral("127.255.255.255")));
    QVERIFY2(result.ok(), qPrintable(result.message));
    QVERIFY(receiver.waitForOutput(QByteArray("to everyone").toHex()));
}

void tst_UdpSession::limitedBroadcastInNamespace()
{
    if (NetNamespace::insideTestNamespace()) {
        // Runs inside the namespace: 255.255.255.255 reaches every socket of this host.
        TrafficLog log;
        UdpSession receiver(1, udpConfig(QStringLiteral("any4")), &log);
        QVERIFY(receiver.start());
        UdpSession sender(2, udpConfig(QStringLiteral("any4")), &log);
        QVERIFY(sender.start());
        const SendResult result = sender.broadcast("limited broadcast", receiver.localPort());
        QVERIFY2(result.ok(), qPrintable(result.message));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.counters().framesIn, quint64(1), 5000);
        return;
    }
    NetNamespace ns;
    if (!ns.unavailableReason().isEmpty())
        QSKIP(qPrintable(ns.unavailableReason()));
    QString output;
    const int rc = ns.runTestFunction(QStringLiteral("limitedBroadcastInNamespace"), &output);
    QVERIFY2(rc == 0, qPrintable(output));
}

void tst_UdpSession::multicastInNamespace()
{
    if (NetNamespace::insideTestNamespace()) {
        const QString group = QStringLiteral("239.255.42.99");
        TrafficLog log;
        SessionConfig config = udpConfig(QStringLiteral("any4"));
        config.multicastGroups = {group};
        config.multicastInterface = QStringLiteral("lo");
        UdpSession member(1, config, &log);
        QVERIFY2(member.start(), qPrintable(member.lastErrorText()));
        QCOMPARE(member.joinedGroups(), QStringList{group});

        // A python3 sender in the same namespace, with the multicast interface set to lo.
        const QString script = QStringLiteral(
            "import socket,sys\n"
            "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
            "s.setsockopt(socket.IPPROTO_IP,socket.IP_MULTICAST_IF,socket.inet_aton('127.0.0.1'))\n"
            "s.sendto(sys.argv[3].encode(),(sys.argv[1],int(sys.argv[2])))\n");
        {
            ExternalPeer sender(QStringLiteral("python3"),
                                {QStringLiteral("-c"), script, group,
                                 QString::number(member.localPort()), QStringLiteral("first")});
            QVERIFY(sender.waitForFinished());
        }
        QTRY_COMPARE_WITH_TIMEOUT(dataRecords(log, Direction::Rx).size(), 1, 5000);
        QCOMPARE(dataRecords(log, Direction::Rx).constFirst().bytes, QByteArray("first"));

        QVERIFY(member.leaveMulticastGroup(group, QStringLiteral("lo")));
        QVERIFY(member.joinedGroups().isEmpty());
        {
            ExternalPeer sender(QStringLiteral("python3"),
                                {QStringLiteral("-c"), script, group,
                                 QString::number(member.localPort()), QStringLiteral("second")});
            QVERIFY(sender.waitForFinished());
        }
        // The sentinel, sent straight to the socket after: it arrives, the group's does not.
        {
            ExternalPeer sender(QStringLiteral("python3"),
                                {QStringLiteral("-c"), script, QStringLiteral("127.0.0.1"),
                                 QString::number(member.localPort()), QStringLiteral("third")});
            QVERIFY(sender.waitForFinished());
        }
        QTRY_COMPARE_WITH_TIMEOUT(dataRecords(log, Direction::Rx).size(), 2, 5000);
        QCOMPARE(dataRecords(log, Direction::Rx).constLast().bytes, QByteArray("third"));
        return;
    }
    NetNamespace ns;
    if (!ns.unavailableReason().isEmpty())
        QSKIP(qPrintable(ns.unavailableReason()));
    QString output;
    const int rc = ns.runTestFunction(QStringLiteral("multicastInNamespace"), &output);
    QVERIFY2(rc == 0, qPrintable(output));
}

QTEST_GUILESS_MAIN(tst_UdpSession)
#include "tst_udpsession.moc"
