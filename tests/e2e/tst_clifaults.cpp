// Defects found under faults and bad input (issue "Nothing lost, nothing silent"), each kept
// fixed against real peers: numbers that are not numbers, UDP to host names, misleading
// sentences, rules files of the wrong shape, replies that cannot be built, the Modbus example.
#include "cliprocess.h"
#include "externalpeer.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using sockeye::test::ExternalPeer;
using sockeye::test::freeTcpPort;
using sockeye::test::freeUdpPort;
using Cli = sockeye::test::CliProcess;

namespace {

/// A UDP receiver on 127.0.0.1 (or ::1 with "6"): prints "PORT n", then one line per
/// datagram: its length and its bytes in hex.
const QString PyUdpReceiver = QStringLiteral(R"(
import socket, sys
family = socket.AF_INET6 if sys.argv[1] == '6' else socket.AF_INET
s = socket.socket(family, socket.SOCK_DGRAM)
s.bind(('::1' if family == socket.AF_INET6 else '127.0.0.1', 0))
print('PORT', s.getsockname()[1], flush=True)
s.settimeout(10)
while True:
    d = s.recv(70000)
    print('DGRAM', len(d), d[:16].hex(), flush=True)
)");

/// A Modbus TCP client written here, byte by byte: a request split over two segments, then
/// two requests in one segment; prints each answer in hex.
const QString PyModbusSegments = QStringLiteral(R"(
import socket, sys, time
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.settimeout(5)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
def read(n):
    got = b''
    while len(got) < n: got += s.recv(n - len(got))
    return got
req = lambda tid: bytes([0, tid, 0, 0, 0, 6, 1, 3, 0, 0, 0, 2])
s.sendall(req(1)[:5]); time.sleep(0.2); s.sendall(req(1)[5:])
print('split', read(13).hex(), flush=True)
s.sendall(req(2) + req(3))
print('two', read(13).hex(), read(13).hex(), flush=True)
)");

quint16 firstPort(ExternalPeer &peer)
{
    if (!peer.waitForOutput("\n"))
        return 0;
    const QList<QByteArray> words = peer.output().split('\n').first().split(' ');
    return words.size() == 2 ? quint16(words.at(1).toUInt()) : 0;
}

} // namespace

class tst_CliFaults : public QObject
{
    Q_OBJECT
private slots:
    void numbersThatAreNotNumbers_data();
    void numbersThatAreNotNumbers();
    void udpToAHostName();
    void udpToANameThatDoesNotResolve();
    void bindAddressesAsWritten_data();
    void bindAddressesAsWritten();
    void rulesFilesOfTheWrongShape_data();
    void rulesFilesOfTheWrongShape();
    void replyBeyondTheRequestIsSaid();
    void modbusExampleFramesItsRequests();
    void largeFileOverUdpIsSaid();
    void ipv6DatagramLimit();
    void exportToStandardOutput();
    void hostileRegexDoesNotFreeze_data();
    void hostileRegexDoesNotFreeze();

private:
    QTemporaryDir m_dir;
};

void tst_CliFaults::numbersThatAreNotNumbers_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("option");
    const QStringList connect{QStringLiteral("connect"), QStringLiteral("127.0.0.1"),
                              QString::number(freeTcpPort()), QStringLiteral("--send"),
                              QStringLiteral("x")};
    const QStringList listen{QStringLiteral("listen"), QStringLiteral("0")};
    QTest::newRow("--timeout nan")
        << connect + QStringList{QStringLiteral("--timeout"), QStringLiteral("nan")}
        << QStringLiteral("--timeout nan");
    QTest::newRow("--timeout inf")
        << connect + QStringList{QStringLiteral("--timeout"), QStringLiteral("inf")}
        << QStringLiteral("--timeout inf");
    QTest::newRow("--repeat nan") << connect + QStringList{QStringLiteral("--repeat"),
                                                           QStringLiteral("nan")}
                                  << QStringLiteral("--repeat nan");
    QTest::newRow("--connect-timeout nan")
        << connect + QStringList{QStringLiteral("--connect-timeout"), QStringLiteral("nan")}
        << QStringLiteral("--connect-timeout nan");
    QTest::newRow("--interval -nan")
        << connect + QStringList{QStringLiteral("--interval"), QStringLiteral("-nan")}
        << QStringLiteral("--interval -nan");
    // Over 24.8 days Qt's timers would be disabled silently.
    QTest::newRow("--duration 1e7")
        << listen + QStringList{QStringLiteral("--duration"), QStringLiteral("1e7")}
        << QStringLiteral("--duration 1e7");
    QTest::newRow("--timeout 1e7")
        << connect + QStringList{QStringLiteral("--timeout"), QStringLiteral("1e7")}
        << QStringLiteral("--timeout 1e7");
}

void tst_CliFaults::numbersThatAreNotNumbers()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, option);
    Cli cli(arguments);
    QCOMPARE(cli.wait(), 2);
    const QString err = QString::fromUtf8(cli.err());
    QVERIFY2(err.contains(option + QLatin1String(" is out of range")), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("from ")), qPrintable(err)); // says what is allowed
}

void tst_CliFaults::udpToAHostName()
{
    std::unique_ptr<ExternalPeer> receiver(
        ExternalPeer::python(PyUdpReceiver, {QStringLiteral("4")}));
    const quint16 port = firstPort(*receiver);
    QVERIFY(port != 0);
    Cli cli({QStringLiteral("connect"), QStringLiteral("--udp"), QStringLiteral("localhost"),
             QString::number(port), QStringLiteral("--send"), QStringLiteral("x"),
             QStringLiteral("--send"), QStringLiteral("y"), QStringLiteral("--send"),
             QStringLiteral("z")});
    QCOMPARE(cli.wait(), 0);
    // All three arrive (none did: the CLI finished before the name resolved).
    QVERIFY2(receiver->waitForOutput("DGRAM 1 7a"), receiver->output().constData());
    QCOMPARE(receiver->output().count("DGRAM 1 "), 3);
    QVERIFY(receiver->output().indexOf("78") < receiver->output().indexOf("7a"));
}

void tst_CliFaults::udpToANameThatDoesNotResolve()
{
    Cli cli({QStringLiteral("connect"), QStringLiteral("--udp"),
             QStringLiteral("no-such-host.invalid"), QString::number(freeUdpPort()),
             QStringLiteral("--send"), QStringLiteral("x")});
    QCOMPARE(cli.wait(), 3);
    QVERIFY2(cli.err().contains("could not be resolved"), cli.err().constData());
}

void tst_CliFaults::bindAddressesAsWritten_data()
{
    QTest::addColumn<QString>("bind");
    QTest::addColumn<QString>("says");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("none: every address")
        << QString() << QStringLiteral("Listening on all IPv4 and IPv6 addresses, port ") << 0;
    QTest::newRow("any4") << QStringLiteral("any4")
                          << QStringLiteral("Listening on all IPv4 addresses, port ") << 0;
    QTest::newRow("localhost, a host name")
        << QStringLiteral("localhost") << QStringLiteral("Listening on 127.0.0.1, port ") << 0;
    QTest::newRow("[::1] as written beside a port")
        << QStringLiteral("[::1]") << QStringLiteral("Listening on ::1, port ") << 0;
    QTest::newRow("a name that does not resolve")
        << QStringLiteral("no-such-host.invalid") << QStringLiteral("no such host") << 2;
}

void tst_CliFaults::bindAddressesAsWritten()
{
    QFETCH(QString, bind);
    QFETCH(QString, says);
    QFETCH(int, exitCode);
    QStringList arguments{QStringLiteral("listen"), QStringLiteral("0"),
                          QStringLiteral("--duration"), QStringLiteral("0.3")};
    if (!bind.isEmpty())
        arguments << QStringLiteral("--bind") << bind;
    Cli cli(arguments);
    QCOMPARE(cli.wait(), exitCode);
    const QString err = QString::fromUtf8(cli.err());
    QVERIFY2(err.contains(says), qPrintable(err));
    QVERIFY2(!err.contains(QLatin1String("[[")), qPrintable(err));
}

void tst_CliFaults::rulesFilesOfTheWrongShape_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("says");
    QTest::newRow("an empty list") << QByteArray("[]") << QStringLiteral("holds no rules");
    QTest::newRow("rules that are an object")
        << QByteArray(R"({"rules": {}})") << QStringLiteral("must be a list");
    QTest::newRow("no rules key") << QByteArray(R"({"rule": []})")
                                  << QStringLiteral("no \"rules\" list");
    QTest::newRow("items that are not rules")
        << QByteArray(R"([1, "x", null])") << QStringLiteral("Rule 1 of the list is not a rule");
    QTest::newRow("delayMs as text")
        << QByteArray(R"({"rules": [{"name": "d", "match": "any", "action": "echo",
                                     "delayMs": "500"}]})")
        << QStringLiteral("delayMs must be a whole number");
    QTest::newRow("delayMs of 1e300")
        << QByteArray(R"({"rules": [{"name": "d", "match": "any", "action": "echo",
                                     "delayMs": 1e300}]})")
        << QStringLiteral("delayMs must be a whole number");
    QTest::newRow("a framing that does not parse")
        << QByteArray(R"({"framing": "fixed:0", "rules": [{"match": "any", "action": "echo"}]})")
        << QStringLiteral("is not a framing spec");
}

void tst_CliFaults::rulesFilesOfTheWrongShape()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, says);
    const QString path = m_dir.filePath(QStringLiteral("rules.json"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(content);
    }
    Cli cli({QStringLiteral("listen"), QStringLiteral("0"), QStringLiteral("--rules"), path});
    QCOMPARE(cli.wait(), 2);
    const QString err = QString::fromUtf8(cli.err());
    QVERIFY2(err.contains(says), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("rules.json")), qPrintable(err));
}

void tst_CliFaults::replyBeyondTheRequestIsSaid()
{
    Cli device({QStringLiteral("listen"), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                QStringLiteral("0"), QStringLiteral("--reply"), QStringLiteral("exact:PING=PONG"),
                QStringLiteral("--reply"), QStringLiteral("any=hex:{req:100:4}")});
    const quint16 port = device.listeningPort();
    QVERIFY(port != 0);
    ExternalPeer client(QStringLiteral("python3"), {QStringLiteral("-c"), QStringLiteral(R"(
import socket, sys, time
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.settimeout(5)
s.sendall(b'ab'); time.sleep(0.3); s.sendall(b'PING')
print(s.recv(100), flush=True)
)"),
                                                    QString::number(port)});
    QVERIFY(client.waitForFinished(10000));
    // Nothing went out for "ab" (the sentinel's PONG is all that arrived), and it was said.
    QCOMPARE(client.output().trimmed(), QByteArray("b'PONG'"));
    QVERIFY2(device.err().contains("{req:100:4} reaches byte 104, but the request has 2 byte"),
             device.err().constData());
}

void tst_CliFaults::modbusExampleFramesItsRequests()
{
    Cli device({QStringLiteral("listen"), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                QStringLiteral("0"), QStringLiteral("--rules"),
                QStringLiteral(SOCKEYE_SOURCE_DIR "/examples/rules/modbus-tcp-device.json")});
    const quint16 port = device.listeningPort();
    QVERIFY(port != 0);
    ExternalPeer client(QStringLiteral("python3"),
                        {QStringLiteral("-c"), PyModbusSegments, QString::number(port)});
    QVERIFY(client.waitForFinished(10000));
    QCOMPARE(client.output(), QByteArray("split 000100000007010304002a0100\n"
                                         "two 000200000007010304002a0100 "
                                         "000300000007010304002a0100\n"));
}

void tst_CliFaults::largeFileOverUdpIsSaid()
{
    std::unique_ptr<ExternalPeer> receiver(
        ExternalPeer::python(PyUdpReceiver, {QStringLiteral("4")}));
    const quint16 port = firstPort(*receiver);
    QVERIFY(port != 0);
    const QString path = m_dir.filePath(QStringLiteral("70000.bin"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(70000, 'u'));
    }
    Cli cli({QStringLiteral("connect"), QStringLiteral("--udp"), QStringLiteral("127.0.0.1"),
             QString::number(port), QStringLiteral("--send-file"), path});
    QCOMPARE(cli.wait(), 0);
    QVERIFY2(cli.err().contains("70000 bytes: over UDP it goes out as 2 datagrams of at most "
                                "65507 bytes each"),
             cli.err().constData());
    QVERIFY(receiver->waitForOutput("DGRAM 4493"));
    QVERIFY(receiver->output().contains("DGRAM 65507"));
}

void tst_CliFaults::ipv6DatagramLimit()
{
    std::unique_ptr<ExternalPeer> receiver(
        ExternalPeer::python(PyUdpReceiver, {QStringLiteral("6")}));
    const quint16 port = firstPort(*receiver);
    if (port == 0)
        QSKIP("no IPv6 loopback here");
    // 65,527 bytes fit an IPv6 datagram (65,507 is IPv4's limit); one more does not.
    Cli fits({QStringLiteral("connect"), QStringLiteral("--udp"), QStringLiteral("::1"),
              QString::number(port), QStringLiteral("--send"),
              QStringLiteral("hex:") + QString::fromLatin1(QByteArray(65527, 'a').toHex())});
    QCOMPARE(fits.wait(), 0);
    QVERIFY2(receiver->waitForOutput("DGRAM 65527"), receiver->output().constData());
    Cli over({QStringLiteral("connect"), QStringLiteral("--udp"), QStringLiteral("::1"),
              QString::number(port), QStringLiteral("--send"),
              QStringLiteral("hex:") + QString::fromLatin1(QByteArray(65528, 'a').toHex())});
    QCOMPARE(over.wait(), 3);
    QVERIFY2(over.err().contains("65,527 over IPv6"), over.err().constData());
}

// `export IN -` wrote a file named "-"; "-" is standard output.
void tst_CliFaults::exportToStandardOutput()
{
    const QString capture = m_dir.filePath(QStringLiteral("session.pcapng"));
    {
        Cli device({QStringLiteral("listen"), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                    QStringLiteral("0"), QStringLiteral("--record"), capture});
        const quint16 port = device.listeningPort();
        QVERIFY(port != 0);
        ExternalPeer client(QStringLiteral("python3"),
                            {QStringLiteral("-c"),
                             QStringLiteral("import socket,sys\n"
                                            "s=socket.create_connection(('127.0.0.1',"
                                            "int(sys.argv[1])))\n"
                                            "s.sendall(b'hello export')\ns.close()\n"),
                             QString::number(port)});
        QVERIFY(client.waitForFinished());
        QTRY_VERIFY(device.err().contains("closed the connection"));
        device.signal(SIGINT);
        QCOMPARE(device.wait(), 0);
    }
    QDir::setCurrent(m_dir.path());
    Cli cli({QStringLiteral("export"), capture, QStringLiteral("-"), QStringLiteral("--format"),
             QStringLiteral("text")});
    QCOMPARE(cli.wait(), 0);
    QVERIFY2(cli.out().contains("hello export"), cli.out().constData());
    QVERIFY2(cli.err().contains("to standard output"), cli.err().constData());
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("-"))));
}

void tst_CliFaults::hostileRegexDoesNotFreeze_data()
{
    QTest::addColumn<QString>("regex");
    QTest::addColumn<int>("size");
    QTest::addColumn<char>("filler");
    QTest::newRow("(a+)+$ against 64 KiB of a and a !") << QStringLiteral("(a+)+$") << 65536 << 'a';
    QTest::newRow("(x+x+)+y against 64 KiB of x") << QStringLiteral("(x+x+)+y") << 65536 << 'x';
    QTest::newRow("(a|aa)+$ against 64 KiB of a and a !")
        << QStringLiteral("(a|aa)+$") << 65536 << 'a';
}

// A peer's frame against a rule with catastrophic backtracking: the match is bounded (PCRE2's
// JIT and match limit), so the next request is still answered at once.
void tst_CliFaults::hostileRegexDoesNotFreeze()
{
    QFETCH(QString, regex);
    QFETCH(int, size);
    QFETCH(char, filler);
    Cli device({QStringLiteral("listen"), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                QStringLiteral("0"), QStringLiteral("--framing"), QStringLiteral("delim:\\n"),
                QStringLiteral("--reply"), QStringLiteral("exact:PING=PONG"),
                QStringLiteral("--reply"), QStringLiteral("regex:") + regex + QStringLiteral("=M"),
                QStringLiteral("--reply"), QStringLiteral("any=N")});
    const quint16 port = device.listeningPort();
    QVERIFY(port != 0);
    ExternalPeer client(QStringLiteral("python3"),
                        {QStringLiteral("-c"), QStringLiteral(R"(
import socket, sys, time
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.settimeout(10)
s.sendall(sys.argv[2].encode() * int(sys.argv[3]) + b'!\n')
s.sendall(b'PING\n')
got = b''
start = time.monotonic()
while not got.endswith(b'PONG'): got += s.recv(100)
print(got.decode(), round(time.monotonic() - start, 3), flush=True)
)"),
                         QString::number(port), QString(QLatin1Char(filler)),
                         QString::number(size)});
    QVERIFY2(client.waitForFinished(15000), client.errorOutput().constData());
    // The hostile frame got its answer (no match: N), then the sentinel its PONG.
    QVERIFY2(client.output().startsWith("NPONG "), client.output().constData());
}

QTEST_GUILESS_MAIN(tst_CliFaults)
#include "tst_clifaults.moc"
