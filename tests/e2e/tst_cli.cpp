// End-to-end tests of sockeye-cli against peers we did not write (socat, ncat, python3) and
// against itself, all on loopback.
#include "cliprocess.h"
#include "externalpeer.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryFile>
#include <QTest>

#include <memory>

#include <csignal>
#include <sys/types.h>

using sockeye::test::ExternalPeer;
using sockeye::test::freeTcpPort;
using sockeye::test::freeUdpPort;
using sockeye::test::waitUntilListening;

namespace {

using Cli = sockeye::test::CliProcess;

QString port(quint16 p)
{
    return QString::number(p);
}

// CRC-16/MODBUS in python, written independently of Sockeye's.
const QString PyModbusClient = QStringLiteral(R"(
import socket, sys, struct
def crc(d):
    c = 0xFFFF
    for b in d:
        c ^= b
        for _ in range(8):
            c = (c >> 1) ^ 0xA001 if c & 1 else c >> 1
    return struct.pack('<H', c)
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.settimeout(5)
# RTU over TCP: read 2 holding registers from address 0x10 of unit 1.
req = bytes([1, 3, 0, 0x10, 0, 2]); req += crc(req)
s.sendall(req)
r = b''
while len(r) < 9: r += s.recv(100)
assert r[:3] == bytes([1, 3, 4]), r.hex()
assert crc(r[:-2]) == r[-2:], 'bad CRC ' + r.hex()
print('RTU registers', struct.unpack('>HH', r[3:7]), flush=True)
# TCP: MBAP header with transaction id 0x1234.
req = bytes([0x12, 0x34, 0, 0, 0, 6, 1, 3, 0, 0, 0, 2])
s.sendall(req)
r = b''
while len(r) < 13: r += s.recv(100)
tid, proto, length, unit, fn, count = struct.unpack('>HHHBBB', r[:9])
assert tid == 0x1234 and proto == 0 and length == 7 and fn == 3 and count == 4, r.hex()
print('TCP registers', struct.unpack('>HH', r[9:13]), flush=True)
)");

} // namespace

class tst_Cli : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void exitCodes_data();
    void exitCodes();
    void connectToSocatEcho();
    void connectReadsFromNcat();
    void modbusDeviceRulesWithCrc();
    void regexRule();
    void echoAndWelcomeWithSocat();
    void periodicSendKeepsTime();
    void periodicSendSaysWhatItMissed();
    void stdinPayload();
    void againstItself();
    void udpListenFramesAndFormats();
    void rawOutputIsExact();
    void framesShowWhileConnected_data();
    void framesShowWhileConnected();
};

void tst_Cli::initTestCase()
{
    QVERIFY(QFile::exists(QStringLiteral(SOCKEYE_CLI)));
    for (const char *tool : {"python3", "socat", "ncat"})
        QVERIFY2(ExternalPeer::available(QLatin1String(tool)), tool);
}

void tst_Cli::exitCodes_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("expected");
    QTest::addColumn<QString>("stderrMentions");

    const QString closed = port(freeTcpPort());
    QTest::newRow("help is 0") << QStringList{QStringLiteral("--help")} << 0 << QString();
    QTest::newRow("no command is 2") << QStringList{} << 2 << QStringLiteral("no command");
    QTest::newRow("unknown option is 2")
        << QStringList{QStringLiteral("listen"), QStringLiteral("1"), QStringLiteral("--bogus")}
        << 2 << QStringLiteral("bogus");
    QTest::newRow("option without its value is 2")
        << QStringList{QStringLiteral("listen"), QStringLiteral("1"), QStringLiteral("--format")}
        << 2 << QStringLiteral("format");
    QTest::newRow("bad hex is 2 with position")
        << QStringList{QStringLiteral("connect"), QStringLiteral("127.0.0.1"), closed,
                       QStringLiteral("--send"), QStringLiteral("hex:01 0g")}
        << 2 << QStringLiteral("position 5"); // the fifth character, 'g'
    QTest::newRow("bad format is 2")
        << QStringList{QStringLiteral("listen"), QStringLiteral("0"), QStringLiteral("--format"),
                       QStringLiteral("html")}
        << 2 << QStringLiteral("html");
    QTest::newRow("bad framing is 2")
        << QStringList{QStringLiteral("listen"), QStringLiteral("0"), QStringLiteral("--framing"),
                       QStringLiteral("fixed:zero")}
        << 2 << QStringLiteral("framing");
    QTest::newRow("option for the other command is 2")
        << QStringList{QStringLiteral("listen"), QStringLiteral("0"), QStringLiteral("--send"),
                       QStringLiteral("x")}
        << 2 << QStringLiteral("connect only");
    QTest::newRow("connection refused is 3")
        << QStringList{QStringLiteral("connect"), QStringLiteral("127.0.0.1"), closed} << 3
        << QStringLiteral("refused");
}

void tst_Cli::exitCodes()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, expected);
    QFETCH(QString, stderrMentions);
    Cli cli(arguments);
    QCOMPARE(cli.wait(), expected);
    QVERIFY2(QString::fromUtf8(cli.err()).contains(stderrMentions), cli.err().constData());
    if (expected != 0) {
        QVERIFY(cli.out().isEmpty());                               // stdout carries only data
        QCOMPARE(cli.err().count('\n'), 1);                         // a one-line message
        QVERIFY2(!cli.err().contains(".."), cli.err().constData()); // one sentence, one period
    }
}

void tst_Cli::connectToSocatEcho()
{
    const quint16 p = freeTcpPort();
    ExternalPeer echo(QStringLiteral("socat"),
                      {QStringLiteral("TCP-LISTEN:%1,bind=127.0.0.1,reuseaddr,fork").arg(p),
                       QStringLiteral("EXEC:cat")});
    QVERIFY(waitUntilListening(p));
    {
        Cli cli({QStringLiteral("connect"), QStringLiteral("127.0.0.1"), port(p),
                 QStringLiteral("--send"), QStringLiteral("text:hello\\r\\n"),
                 QStringLiteral("--expect"), QStringLiteral("hello\\r\\n")});
        QCOMPARE(cli.wait(), 0);
        QCOMPARE(cli.out(), QByteArray("hello\\r\\n\n")); // text format escapes CR LF
    }
    {
        // An expectation that is not met ends with 1 at the time-out.
        Cli cli({QStringLiteral("connect"), QStringLiteral("127.0.0.1"), port(p),
                 QStringLiteral("--send"), QStringLiteral("ping"), QStringLiteral("--expect"),
                 QStringLiteral("pong"), QStringLiteral("--timeout"), QStringLiteral("0.5")});
        QCOMPARE(cli.wait(), 1);
        QVERIFY(cli.err().contains("timed out"));
    }
    {
        // The checksum option appends CRC-16/MODBUS; hex output shows it.
        Cli cli({QStringLiteral("connect"), QStringLiteral("127.0.0.1"), port(p),
                 QStringLiteral("--send"), QStringLiteral("hex:01 03 00 00 00 02"),
                 QStringLiteral("--checksum"), QStringLiteral("crc16-modbus"),
                 QStringLiteral("--format"), QStringLiteral("hex"), QStringLiteral("--count"),
                 QStringLiteral("1")});
        QCOMPARE(cli.wait(), 0);
        QCOMPARE(cli.out(), QByteArray("01 03 00 00 00 02 C4 0B\n"));
    }
}

void tst_Cli::connectReadsFromNcat()
{
    const quint16 p = freeTcpPort();
    ExternalPeer server(QStringLiteral("ncat"),
                        {QStringLiteral("-l"), QStringLiteral("127.0.0.1"), port(p)});
    server.write("banner from ncat\n");
    QVERIFY(waitUntilListening(p));
    Cli cli({QStringLiteral("connect"), QStringLiteral("127.0.0.1"), port(p),
             QStringLiteral("--expect-regex"), QStringLiteral("banner from \\w+")});
    QCOMPARE(cli.wait(), 0);
    QCOMPARE(cli.out(), QByteArray("banner from ncat\\n\n"));
}

void tst_Cli::modbusDeviceRulesWithCrc()
{
    Cli device({QStringLiteral("listen"), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                QStringLiteral("0"), QStringLiteral("--rules"),
                QStringLiteral(SOCKEYE_SOURCE_DIR "/examples/rules/modbus-device.json"),
                QStringLiteral("--format"), QStringLiteral("hex")});
    const quint16 p = device.listeningPort();
    QVERIFY(p != 0);
    ExternalPeer client(QStringLiteral("python3"),
                        {QStringLiteral("-u"), QStringLiteral("-c"), PyModbusClient, port(p)});
    QVERIFY(client.waitForFinished());
    QVERIFY2(client.exitCode() == 0, client.errorOutput().constData());
    QCOMPARE(client.output(), QByteArray("RTU registers (42, 256)\nTCP registers (42, 256)\n"));
    QTRY_VERIFY(device.out().contains("01 03 00 10 00 02")); // the requests, shown in hex
}

void tst_Cli::regexRule()
{
    Cli device({QStringLiteral("listen"), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                QStringLiteral("0"), QStringLiteral("--framing"), QStringLiteral("delim:\\r\\n"),
                QStringLiteral("--reply"),
                QStringLiteral("regex:^AT\\+GMR$=text:v1.2\\r\\nOK\\r\\n"),
                QStringLiteral("--reply"), QStringLiteral("regex:^AT=text:OK\\r\\n")});
    const quint16 p = device.listeningPort();
    QVERIFY(p != 0);
    ExternalPeer client(
        QStringLiteral("python3"),
        {QStringLiteral("-u"), QStringLiteral("-c"),
         QStringLiteral("import socket,sys,time\n"
                        "s=socket.create_connection(('127.0.0.1',int(sys.argv[1])))\n"
                        "s.settimeout(5)\n"
                        "s.sendall(b'AT+GMR\\r\\nAT+RST\\r\\nHELLO\\r\\n')\n"
                        "r=b''\n"
                        "while r.count(b'OK')<2: r+=s.recv(100)\n"
                        "time.sleep(0.3)\n"
                        "s.setblocking(False)\n"
                        "try: r+=s.recv(100)\n"
                        "except BlockingIOError: pass\n"
                        "sys.stdout.buffer.write(r)\n"),
         port(p)});
    QVERIFY(client.waitForFinished());
    // AT+GMR matches the first rule, AT+RST the second, HELLO neither.
    QCOMPARE(client.output(), QByteArray("v1.2\r\nOK\r\nOK\r\n"));
}

void tst_Cli::echoAndWelcomeWithSocat()
{
    Cli device({QStringLiteral("listen"), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                QStringLiteral("0"), QStringLiteral("--echo"), QStringLiteral("--welcome"),
                QStringLiteral("text:hi\\r\\n")});
    const quint16 p = device.listeningPort();
    QVERIFY(p != 0);
    ExternalPeer client(QStringLiteral("socat"), {QStringLiteral("-t2"), QStringLiteral("-"),
                                                  QStringLiteral("TCP:127.0.0.1:%1").arg(p)});
    QVERIFY(client.waitForOutput("hi\r\n"));
    client.write("echo me");
    QVERIFY(client.waitForOutput("echo me"));
    QCOMPARE(client.output(), QByteArray("hi\r\necho me"));
}

void tst_Cli::periodicSendKeepsTime()
{
    // 20 datagrams 50 ms apart: 950 ms from the first to the last, within 10 %.
    const quint16 p = freeUdpPort();
    ExternalPeer receiver(
        QStringLiteral("python3"),
        {QStringLiteral("-u"), QStringLiteral("-c"),
         QStringLiteral("import socket,sys,time\n"
                        "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
                        "s.bind(('127.0.0.1',int(sys.argv[1])))\n"
                        "print('READY',flush=True)\n"
                        "t=[]\n"
                        "while len(t)<20:\n"
                        "  d,a=s.recvfrom(100); t.append(time.monotonic())\n"
                        "print('SPAN %d' % round((t[-1]-t[0])*1000),flush=True)\n"),
         port(p)});
    QVERIFY(receiver.waitForOutput("READY"));
    Cli cli({QStringLiteral("connect"), QStringLiteral("--udp"), QStringLiteral("127.0.0.1"),
             port(p), QStringLiteral("--send"), QStringLiteral("tick {seq:u8}"),
             QStringLiteral("--interval"), QStringLiteral("50"), QStringLiteral("--repeat"),
             QStringLiteral("20")});
    QCOMPARE(cli.wait(), 0);
    QVERIFY(receiver.waitForOutput("SPAN "));
    const int span = receiver.output().split(' ').constLast().trimmed().toInt();
    QVERIFY2(span >= 855 && span <= 1045, qPrintable(QStringLiteral("span %1 ms").arg(span)));
}

void tst_Cli::periodicSendSaysWhatItMissed()
{
    // 400 sends 2 ms apart; the CLI is stopped (SIGSTOP) for 300 ms in the middle, as a busy
    // machine would stall it. It still makes all 400 sends, and says how many ticks passed.
    const quint16 p = freeUdpPort();
    ExternalPeer receiver(QStringLiteral("python3"),
                          {QStringLiteral("-u"), QStringLiteral("-c"),
                           QStringLiteral("import socket,sys\n"
                                          "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
                                          "s.bind(('127.0.0.1',int(sys.argv[1])))\n"
                                          "print('READY',flush=True)\n"
                                          "n=0\n"
                                          "s.settimeout(5)\n"
                                          "while n<400:\n"
                                          "  s.recv(100); n+=1\n"
                                          "  if n==20: print('TWENTY',flush=True)\n"
                                          "print('GOT %d' % n,flush=True)\n"),
                           port(p)});
    QVERIFY(receiver.waitForOutput("READY"));
    Cli cli({QStringLiteral("connect"), QStringLiteral("--udp"), QStringLiteral("127.0.0.1"),
             port(p), QStringLiteral("--send"), QStringLiteral("tick"),
             QStringLiteral("--interval"), QStringLiteral("2"), QStringLiteral("--repeat"),
             QStringLiteral("400")});
    QVERIFY(receiver.waitForOutput("TWENTY"));
    cli.signal(SIGSTOP);
    QTest::qWait(300); // the stall itself
    cli.signal(SIGCONT);
    QCOMPARE(cli.wait(), 0);
    QVERIFY2(receiver.waitForOutput("GOT 400"), receiver.output().constData());
    static const QRegularExpression said(
        QStringLiteral("(\\d+) ticks of the 2 ms interval passed unsent: the machine was too "
                       "busy to send on time"));
    const QRegularExpressionMatch match = said.match(QString::fromUtf8(cli.err()));
    QVERIFY2(match.hasMatch(), cli.err().constData());
    // About 150 ticks came due in the stall: 16 were sent at once, the rest passed.
    const int missed = match.captured(1).toInt();
    QVERIFY2(missed >= 100 && missed <= 160, qPrintable(QString::number(missed)));
}

void tst_Cli::stdinPayload()
{
    const quint16 p = freeTcpPort();
    ExternalPeer sink(QStringLiteral("socat"),
                      {QStringLiteral("-u"),
                       QStringLiteral("TCP-LISTEN:%1,bind=127.0.0.1,reuseaddr").arg(p),
                       QStringLiteral("-")});
    QVERIFY(waitUntilListening(p));
    QByteArray payload;
    for (int i = 0; i < 3000; ++i)
        payload.append(char(i % 256));
    Cli cli({QStringLiteral("connect"), QStringLiteral("127.0.0.1"), port(p),
             QStringLiteral("--send"), QStringLiteral("-")},
            payload);
    QCOMPARE(cli.wait(), 0); // nothing to wait for: exits once written
    QVERIFY(sink.waitForFinished());
    QCOMPARE(sink.output(), payload);
}

void tst_Cli::againstItself()
{
    Cli server({QStringLiteral("listen"), QStringLiteral("--bind"), QStringLiteral("::1"),
                QStringLiteral("0"), QStringLiteral("--echo"), QStringLiteral("--count"),
                QStringLiteral("1"), QStringLiteral("--format"), QStringLiteral("hex")});
    const quint16 p = server.listeningPort();
    QVERIFY(p != 0);
    Cli client({QStringLiteral("connect"), QStringLiteral("::1"), port(p), QStringLiteral("--send"),
                QStringLiteral("hex:de ad be ef"), QStringLiteral("--expect"),
                QStringLiteral("hex:deadbeef"), QStringLiteral("--format"), QStringLiteral("hex")});
    QCOMPARE(client.wait(), 0);
    QCOMPARE(client.out(), QByteArray("DE AD BE EF\n"));
    QCOMPARE(server.wait(), 0); // --count 1 reached
    QCOMPARE(server.out(), QByteArray("DE AD BE EF\n"));
}

void tst_Cli::udpListenFramesAndFormats()
{
    Cli cli({QStringLiteral("listen"), QStringLiteral("--udp"), QStringLiteral("--bind"),
             QStringLiteral("127.0.0.1"), QStringLiteral("0"), QStringLiteral("--count"),
             QStringLiteral("2"), QStringLiteral("--format"), QStringLiteral("dump")});
    const quint16 p = cli.listeningPort();
    QVERIFY(p != 0);
    for (const char *datagram : {"first datagram!!", "2nd"}) {
        ExternalPeer sender(QStringLiteral("socat"),
                            {QStringLiteral("-u"), QStringLiteral("-"),
                             QStringLiteral("UDP-SENDTO:127.0.0.1:%1").arg(p)});
        sender.write(datagram);
        sender.closeWriteChannel();
        QVERIFY(sender.waitForFinished());
    }
    QCOMPARE(cli.wait(), 0);
    QCOMPARE(cli.out(),
             QByteArray("00000000  66 69 72 73 74 20 64 61  74 61 67 72 61 6D 21 21  "
                        "|first datagram!!|\n"
                        "00000000  32 6E 64                                          |2nd|\n"));
}

void tst_Cli::rawOutputIsExact()
{
    Cli cli({QStringLiteral("listen"), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
             QStringLiteral("0"), QStringLiteral("--format"), QStringLiteral("raw")});
    const quint16 p = cli.listeningPort();
    QVERIFY(p != 0);
    QByteArray payload;
    for (int i = 0; i < 100000; ++i)
        payload.append(char((i * 7) % 256));
    ExternalPeer sender(QStringLiteral("socat"), {QStringLiteral("-u"), QStringLiteral("-"),
                                                  QStringLiteral("TCP:127.0.0.1:%1").arg(p)});
    sender.write(payload);
    sender.closeWriteChannel();
    QVERIFY(sender.waitForFinished());
    QTRY_COMPARE_WITH_TIMEOUT(cli.out().size(), payload.size(), 10000);
    cli.signal(SIGINT); // Ctrl+C ends a listener normally
    QCOMPARE(cli.wait(), 0);
    QCOMPARE(cli.out(), payload);
}

void tst_Cli::framesShowWhileConnected_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QByteArray>("first");
    QTest::addColumn<QByteArray>("second");
    // A frame keeps its delimiter: raw and hex show every byte; text prints a line per frame,
    // its line break standing for the delimiter.
    QTest::newRow("text") << QStringLiteral("text") << QByteArray("one\n") << QByteArray("two\n");
    QTest::newRow("hex") << QStringLiteral("hex") << QByteArray("6F 6E 65 0A\n")
                         << QByteArray("74 77 6F 0A\n");
    QTest::newRow("raw") << QStringLiteral("raw") << QByteArray("one\n") << QByteArray("two\n");
}

// Output is gathered per event-loop pass: each frame must still reach stdout at once, while the
// peer stays connected and without a message on stderr to push it out.
void tst_Cli::framesShowWhileConnected()
{
    QFETCH(QString, format);
    QFETCH(QByteArray, first);
    QFETCH(QByteArray, second);
    Cli cli({QStringLiteral("listen"), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
             QStringLiteral("0"), QStringLiteral("--framing"), QStringLiteral("delim:\\n"),
             QStringLiteral("--format"), format});
    const quint16 p = cli.listeningPort();
    QVERIFY(p != 0);
    ExternalPeer sender(QStringLiteral("socat"), {QStringLiteral("-u"), QStringLiteral("-"),
                                                  QStringLiteral("TCP:127.0.0.1:%1").arg(p)});
    sender.write("one\n");
    QTRY_COMPARE_WITH_TIMEOUT(cli.out(), first, 5000);
    QTRY_VERIFY2(cli.err().contains("connected"), cli.err().constData()); // the client's message
    const QByteArray errBefore = cli.err();
    sender.write("two\n");
    QTRY_COMPARE_WITH_TIMEOUT(cli.out(), first + second, 5000);
    QCOMPARE(cli.err(), errBefore); // no message pushed the second frame out
    sender.closeWriteChannel();
    QVERIFY(sender.waitForFinished());
    cli.signal(SIGINT);
    QCOMPARE(cli.wait(), 0);
    QCOMPARE(cli.out(), first + second);
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
