// End-to-end tests of `sockeye-cli run WORKSPACE` and of streamed sends (--send-file,
// --send -), against peers we did not write (pymodbus, socat, python3) on loopback.
#include "cliprocess.h"
#include "externalpeer.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using sockeye::test::ExternalPeer;
using sockeye::test::freeTcpPort;
using sockeye::test::isTcpListening;
using Cli = sockeye::test::CliProcess;

namespace {

/// A real Modbus TCP client (pymodbus): reads 2 holding registers at 0, then 3 at 0 (which
/// the example answers with an exception), and prints what it got.
const QString PyModbus = QStringLiteral(R"(
import sys
from pymodbus.client import ModbusTcpClient
c = ModbusTcpClient('127.0.0.1', port=int(sys.argv[1]), timeout=3)
assert c.connect()
r = c.read_holding_registers(0, 2, slave=1)
print('REGISTERS', r.registers, flush=True)
r = c.read_holding_registers(0, 3, slave=1)
print('EXCEPTION', r.exception_code, flush=True)
c.close()
)");

/// A TCP sink on 127.0.0.1: prints "PORT n", reads until the peer closes, then prints the
/// byte count and SHA-256. With a limit: reads that many bytes, then resets the connection.
const QString PySink = QStringLiteral(R"(
import socket, sys, hashlib, struct
limit = int(sys.argv[1])
srv = socket.socket(); srv.bind(('127.0.0.1', 0)); srv.listen(1)
print('PORT', srv.getsockname()[1], flush=True)
c, _ = srv.accept()
h = hashlib.sha256(); n = 0
while True:
    d = c.recv(65536)
    if not d: break
    h.update(d); n += len(d)
    if limit and n >= limit:
        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
        c.close()
        break
print('GOT', n, h.hexdigest(), flush=True)
)");

quint16 sinkPort(ExternalPeer &sink)
{
    if (!sink.waitForOutput("\n"))
        return 0;
    const QList<QByteArray> words = sink.output().trimmed().split(' ');
    return words.size() == 2 ? quint16(words.at(1).toUInt()) : 0;
}

} // namespace

class tst_CliRun : public QObject
{
    Q_OBJECT
private slots:
    void runsTheExampleWorkspace();
    void refusesABadWorkspaceBeforeStarting_data();
    void refusesABadWorkspaceBeforeStarting();
    void stopsWhenASessionCannotStart();
    void runsSavedPeriodicSends();
    void writesSavedReceiveFile();
    void sendFileArrivesWhole_data();
    void sendFileArrivesWhole();
    void sendThatDoesNotCompleteFails();
    void badSendSourcesAreRefused_data();
    void badSendSourcesAreRefused();

private:
    /// The example workspace with its ports moved to free ones (CI runs tests in parallel).
    QString exampleOnFreePorts(QList<quint16> *ports);
    QTemporaryDir m_dir;
};

QString tst_CliRun::exampleOnFreePorts(QList<quint16> *ports)
{
    QFile example(
        QStringLiteral(SOCKEYE_SOURCE_DIR "/examples/workspaces/echo-and-modbus.sockeye"));
    if (!example.open(QIODevice::ReadOnly))
        return {};
    QJsonObject root = QJsonDocument::fromJson(example.readAll()).object();
    QJsonArray sessions = root.value(QLatin1String("sessions")).toArray();
    for (qsizetype i = 0; i < sessions.size(); ++i) {
        QJsonObject session = sessions.at(i).toObject();
        QJsonObject config = session.value(QLatin1String("config")).toObject();
        const quint16 port = freeTcpPort();
        *ports << port;
        config.insert(QLatin1String("bindPort"), port);
        session.insert(QLatin1String("config"), config);
        sessions[i] = session;
    }
    root.insert(QLatin1String("sessions"), sessions);
    const QString path = m_dir.filePath(QStringLiteral("example.sockeye"));
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return {};
    out.write(QJsonDocument(root).toJson());
    return path;
}

void tst_CliRun::runsTheExampleWorkspace()
{
    if (!ExternalPeer::available(QStringLiteral("socat")))
        QSKIP("socat is not installed");
    QList<quint16> ports;
    const QString path = exampleOnFreePorts(&ports);
    QVERIFY(!path.isEmpty());
    QCOMPARE(ports.size(), 2);
    Cli cli({QStringLiteral("run"), path, QStringLiteral("--format"), QStringLiteral("hex"),
             QStringLiteral("--duration"), QStringLiteral("60")});
    QVERIFY2(cli.waitForErr("Line echo: listening"), cli.err().constData());
    QVERIFY2(cli.waitForErr("Modbus TCP device: listening"), cli.err().constData());

    // The Modbus device answers a client we did not write, through its prefix framing.
    ExternalPeer modbus(QStringLiteral("/usr/bin/python3"),
                        {QStringLiteral("-c"), PyModbus, QString::number(ports[0])});
    QVERIFY(modbus.waitForFinished(15000));
    QVERIFY2(modbus.output().contains("REGISTERS [42, 256]"),
             QByteArray(modbus.output() + modbus.errorOutput()).constData());
    QVERIFY2(modbus.output().contains("EXCEPTION 2"), modbus.output().constData());

    // The echo server greets and returns each line exactly, delimiter included.
    ExternalPeer echo(QStringLiteral("socat"),
                      {QStringLiteral("-"), QStringLiteral("TCP:127.0.0.1:%1").arg(ports[1])});
    echo.write("hello echo\n");
    QVERIFY2(echo.waitForOutput("echo ready\nhello echo\n"), echo.output().constData());
    // What both received is printed, frame by frame, as listen does.
    QTRY_VERIFY2(cli.out().contains("68 65 6C 6C 6F 20 65 63 68 6F 0A\n"), cli.out().constData());
    QVERIFY2(cli.out().contains("00 00 00 06 01 03 00 00 00 02\n"), cli.out().constData());
    cli.signal(SIGINT);
    QCOMPARE(cli.wait(), 0);
    QVERIFY(!isTcpListening(ports[1]));
}

void tst_CliRun::refusesABadWorkspaceBeforeStarting_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("says");
    const QByteArray head = R"({"format": "sockeye-workspace", "version": 1, "sessions": [)";
    const QByteArray good =
        R"({"config": {"kind": "tcp-server", "bindAddress": "127.0.0.1", "bindPort": PORT}})";
    QTest::newRow("missing file") << QByteArray() << QStringLiteral("Cannot open");
    QTest::newRow("not JSON") << QByteArray("{\"format\": ") << QStringLiteral("JSON is invalid");
    QTest::newRow("newer format") << QByteArray(R"({"format": "sockeye-workspace", "version": 9})")
                                  << QStringLiteral("newer Sockeye (version 9)");
    QTest::newRow("no sessions") << head + "]}" << QStringLiteral("holds no sessions");
    QTest::newRow("bad kind in the second session")
        << head + good + R"(, {"config": {"kind": "tcp-sever"}}]})"
        << QStringLiteral("sessions[1].config: Unknown session kind \"tcp-sever\"");
    QTest::newRow("bad framing") << head + good +
                                        R"(, {"config": {"kind": "udp"}, "framing": "fixed:0"}]})"
                                 << QStringLiteral("sessions[1].framing: The frame length '0'");
    QTest::newRow("bad rule")
        << head + good +
               R"(, {"config": {"kind": "udp"}, "automation": {"rules": [{"match": "glob"}]}}]})"
        << QStringLiteral("sessions[1].automation: Rule");
    QTest::newRow("start that is not a bool")
        << head + good + R"(, {"config": {"kind": "udp"}, "start": "yes"}]})"
        << QStringLiteral("sessions[1].start: must be true or false");
}

void tst_CliRun::refusesABadWorkspaceBeforeStarting()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, says);
    const quint16 port = freeTcpPort();
    const QString path = m_dir.filePath(QStringLiteral("bad.sockeye"));
    QFile::remove(path);
    if (!content.isEmpty()) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content.replace("PORT", QByteArray::number(port)));
    }
    Cli cli({QStringLiteral("run"), path});
    QCOMPARE(cli.wait(), 2);
    const QString err = QString::fromUtf8(cli.err());
    QVERIFY2(err.contains(says), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("bad.sockeye")), qPrintable(err)); // names the file
    QVERIFY2(!err.contains(QLatin1String("listening")), qPrintable(err));  // nothing started
}

// A periodic send saved running starts again once its session can send: the client's at
// connect, the server's at its first client; each goes `count` times, exactly.
void tst_CliRun::runsSavedPeriodicSends()
{
    if (!ExternalPeer::available(QStringLiteral("socat")))
        QSKIP("socat is not installed");
    const quint16 serverPort = freeTcpPort();
    const quint16 devicePort = freeTcpPort();
    // The device the client talks to: prints what arrived once both pings are in.
    ExternalPeer device(QStringLiteral("python3"), {QStringLiteral("-c"), QStringLiteral(R"(
import socket, sys
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(('127.0.0.1', int(sys.argv[1]))); srv.listen(1)
print('LISTENING', flush=True)
c, _ = srv.accept(); c.settimeout(10); got = b''
while got.count(b'ping') < 2:
    got += c.recv(100)
print('GOT', got.hex(), flush=True)
)"),
                                                    QString::number(devicePort)});
    QVERIFY(device.waitForOutput("LISTENING"));
    const QString workspace = QStringLiteral(R"({"format": "sockeye-workspace", "version": 1,
"sessions": [
 {"config": {"kind": "tcp-server", "name": "Ticker", "bindAddress": "127.0.0.1",
             "bindPort": %1},
  "start": true,
  "periodic": {"payload": {"payload": "text:tick\n"}, "intervalMs": 20, "count": 3,
               "running": true}},
 {"config": {"kind": "tcp-client", "name": "Pinger", "remoteHost": "127.0.0.1",
             "remotePort": %2},
  "start": true,
  "periodic": {"payload": {"payload": "ping", "lineEnding": "crlf"}, "intervalMs": 50,
               "count": 2, "running": true}}]})")
                                  .arg(serverPort)
                                  .arg(devicePort);
    const QString path = m_dir.filePath(QStringLiteral("periodic.sockeye"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(workspace.toUtf8());
    file.close();

    Cli cli({QStringLiteral("run"), path, QStringLiteral("--duration"), QStringLiteral("60")});
    QVERIFY2(cli.waitForErr("Ticker: listening"), cli.err().constData());
    QVERIFY2(device.waitForOutput("GOT " + QByteArray("ping\r\nping\r\n").toHex() + "\n"),
             QByteArray(device.output() + cli.err()).constData());
    ExternalPeer client(QStringLiteral("socat"),
                        {QStringLiteral("-"), QStringLiteral("TCP:127.0.0.1:%1").arg(serverPort)});
    QVERIFY2(client.waitForOutput("tick\ntick\ntick\n"), client.output().constData());
    client.write("end\n");
    QTRY_VERIFY2(cli.out().contains("end"), cli.out().constData());
    cli.signal(SIGINT);
    QCOMPARE(cli.wait(), 0);
    // Everything the server sent is in once the connection has ended: three ticks, no more.
    QVERIFY(client.waitForFinished());
    QCOMPARE(client.output(), QByteArray("tick\ntick\ntick\n"));
}

void tst_CliRun::writesSavedReceiveFile()
{
    if (!ExternalPeer::available(QStringLiteral("socat")))
        QSKIP("socat is not installed");
    // A session saved in the app with receive to file on writes in `run` as it did there.
    const quint16 serverPort = freeTcpPort();
    const QString received = m_dir.filePath(QStringLiteral("device-rx.bin"));
    const QString path = m_dir.filePath(QStringLiteral("receivefile.sockeye"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QStringLiteral(R"({"format": "sockeye-workspace", "version": 1, "sessions": [
            {"config": {"kind": "tcp-server", "name": "Device", "bindAddress": "127.0.0.1",
                        "bindPort": %1},
             "start": true,
             "automation": {"rules": [{"name": "Echo", "match": "any", "action": "echo"}]},
             "receiveFile": {"path": "%2", "format": "raw", "on": true}}]})")
                       .arg(serverPort)
                       .arg(received)
                       .toUtf8());
    }
    Cli cli({QStringLiteral("run"), path, QStringLiteral("--duration"), QStringLiteral("60")});
    QVERIFY2(cli.waitForErr("Device: listening"), cli.err().constData());
    ExternalPeer client(QStringLiteral("socat"),
                        {QStringLiteral("-"), QStringLiteral("TCP:127.0.0.1:%1").arg(serverPort)});
    client.write(QByteArray("\x01\x03\x00\x00\x00\x02", 6));
    QVERIFY2(client.waitForOutputSize(6), client.output().toHex().constData()); // echoed
    cli.signal(SIGINT);
    QCOMPARE(cli.wait(), 0);
    QFile file(received);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("\x01\x03\x00\x00\x00\x02", 6));
}

void tst_CliRun::stopsWhenASessionCannotStart()
{
    if (!ExternalPeer::available(QStringLiteral("socat")))
        QSKIP("socat is not installed");
    // Another program holds the second session's port.
    const quint16 taken = freeTcpPort();
    ExternalPeer holder(QStringLiteral("socat"),
                        {QStringLiteral("TCP-LISTEN:%1,bind=127.0.0.1,reuseaddr,fork").arg(taken),
                         QStringLiteral("-")});
    QTRY_VERIFY(isTcpListening(taken));
    const quint16 free = freeTcpPort();
    const QString path = m_dir.filePath(QStringLiteral("taken.sockeye"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QStringLiteral(R"({"format": "sockeye-workspace", "version": 1, "sessions": [
            {"config": {"kind": "tcp-server", "name": "first", "bindAddress": "127.0.0.1",
                        "bindPort": %1}},
            {"config": {"kind": "tcp-server", "name": "second", "bindAddress": "127.0.0.1",
                        "bindPort": %2}}]})")
                       .arg(free)
                       .arg(taken)
                       .toUtf8());
    }
    Cli cli({QStringLiteral("run"), path, QStringLiteral("--duration"), QStringLiteral("60")});
    QCOMPARE(cli.wait(), 3);
    const QString err = QString::fromUtf8(cli.err());
    // The session is named, with the core's sentence.
    QVERIFY2(err.contains(QStringLiteral("second: Cannot listen on 127.0.0.1:%1").arg(taken)),
             qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("already in use")), qPrintable(err));
}

void tst_CliRun::sendFileArrivesWhole_data()
{
    QTest::addColumn<bool>("fromStdin");
    QTest::newRow("--send-file") << false;
    QTest::newRow("--send - (standard input)") << true;
}

// 24 MiB streamed to a python sink: every byte arrives in order (the same SHA-256), read from
// the file or the pipe only as fast as the peer takes it.
void tst_CliRun::sendFileArrivesWhole()
{
    QFETCH(bool, fromStdin);
    QByteArray data(24 * 1024 * 1024, Qt::Uninitialized);
    for (qsizetype i = 0; i < data.size(); ++i)
        data[i] = char((i * 7 + i / 4099) & 0xff);
    const QString path = m_dir.filePath(QStringLiteral("payload.bin"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(data);
    }
    const QByteArray sha = QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
    std::unique_ptr<ExternalPeer> sink(ExternalPeer::python(PySink, {QStringLiteral("0")}));
    const quint16 port = sinkPort(*sink);
    QVERIFY(port != 0);
    const QStringList args{QStringLiteral("connect"), QStringLiteral("127.0.0.1"),
                           QString::number(port), QStringLiteral("--quiet")};
    std::unique_ptr<Cli> cli;
    if (fromStdin) {
        cli = std::make_unique<Cli>(
            args + QStringList{QStringLiteral("--send"), QStringLiteral("-")}, QByteArray(), false);
        // Written in pieces while it runs, as a pipe fills.
        for (qsizetype at = 0; at < data.size(); at += 1024 * 1024)
            cli->write(data.mid(at, 1024 * 1024));
        cli->closeInput();
    } else {
        cli = std::make_unique<Cli>(args + QStringList{QStringLiteral("--send-file"), path});
    }
    QCOMPARE(cli->wait(30000), 0);
    QVERIFY(sink->waitForOutput("GOT"));
    const QByteArray expected = "GOT " + QByteArray::number(data.size()) + ' ' + sha;
    QVERIFY2(sink->output().contains(expected), sink->output().constData());
}

// The peer takes 2 MB of 64 MiB and resets: the send did not complete, so the exit is not 0
// and the sentence says so.
void tst_CliRun::sendThatDoesNotCompleteFails()
{
    const QString path = m_dir.filePath(QStringLiteral("big.bin"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize(64 * 1024 * 1024));
    }
    std::unique_ptr<ExternalPeer> sink(ExternalPeer::python(PySink, {QStringLiteral("2000000")}));
    const quint16 port = sinkPort(*sink);
    QVERIFY(port != 0);
    Cli cli({QStringLiteral("connect"), QStringLiteral("127.0.0.1"), QString::number(port),
             QStringLiteral("--send-file"), path});
    QCOMPARE(cli.wait(30000), 3);
    const QString err = QString::fromUtf8(cli.err());
    // Reset, not a close, and how far the send got.
    QVERIFY2(err.contains(QLatin1String("reset by the peer")), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("had been sent; the rest was not")) ||
                 err.contains(QLatin1String("were sent; the rest was not")),
             qPrintable(err));
    // And how much of it the peer's system had acknowledged at least (SIOCOUTQ, sampled as
    // the send went): some, and no more than was sent.
    static const QRegularExpression figures(
        QStringLiteral("(\\d+) bytes of .* sent; the rest was not\\. The peer had acknowledged "
                       "at least (\\d+) of them\\."));
    const auto m = figures.match(err);
    QVERIFY2(m.hasMatch(), qPrintable(err));
    const qint64 sent = m.captured(1).toLongLong();
    const qint64 acknowledged = m.captured(2).toLongLong();
    QVERIFY2(acknowledged > 0 && acknowledged <= sent, qPrintable(err));
}

void tst_CliRun::badSendSourcesAreRefused_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("says");
    QTest::newRow("a directory") << QStringList{QStringLiteral("--send-file"),
                                                QStringLiteral("/tmp")}
                                 << QStringLiteral("is a directory");
    QTest::newRow("a missing file")
        << QStringList{QStringLiteral("--send-file"), QStringLiteral("/no/such/file")}
        << QStringLiteral("no such file");
    QTest::newRow("stdin with a checksum")
        << QStringList{QStringLiteral("--send"), QStringLiteral("-"), QStringLiteral("--checksum"),
                       QStringLiteral("crc16-modbus")}
        << QStringLiteral("apply to payloads only");
    QTest::newRow("stdin and a file")
        << QStringList{QStringLiteral("--send"), QStringLiteral("-"), QStringLiteral("--send-file"),
                       QStringLiteral("/etc/hostname")}
        << QStringLiteral("give one of them");
}

// Said before connecting: the peer sees no connection at all.
void tst_CliRun::badSendSourcesAreRefused()
{
    QFETCH(QStringList, extra);
    QFETCH(QString, says);
    std::unique_ptr<ExternalPeer> sink(ExternalPeer::python(PySink, {QStringLiteral("0")}));
    const quint16 port = sinkPort(*sink);
    QVERIFY(port != 0);
    Cli cli(
        QStringList{QStringLiteral("connect"), QStringLiteral("127.0.0.1"), QString::number(port)} +
        extra);
    QCOMPARE(cli.wait(), 2);
    QVERIFY2(QString::fromUtf8(cli.err()).contains(says), cli.err().constData());
    // The sink is still waiting for its first client: connect one that sends a sentinel.
    QTcpSocket sentinel;
    sentinel.connectToHost(QStringLiteral("127.0.0.1"), port);
    QVERIFY(sentinel.waitForConnected(3000));
    sentinel.write("S");
    sentinel.disconnectFromHost();
    QVERIFY(sink->waitForOutput("GOT"));
    QVERIFY2(sink->output().contains("GOT 1 "), sink->output().constData());
}

QTEST_GUILESS_MAIN(tst_CliRun)
#include "tst_clirun.moc"
