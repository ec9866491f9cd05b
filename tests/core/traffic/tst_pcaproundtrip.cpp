// Round trips: bytes through real sockets on loopback, recorded to pcapng by the Recorder, read
// back by tshark (Follow TCP Stream, field extraction, checksums and expert info) and by
// CaptureReader, also after editcap rewrote the file as classic pcap and as pcapng.
#include "externalpeer.h"
#include "tshark.h"

#include "session/tcpclientsession.h"
#include "session/tcpserversession.h"
#include "session/udpsession.h"
#include "traffic/capturereader.h"
#include "traffic/conversationtable.h"
#include "traffic/exporter.h"
#include "traffic/recorder.h"
#include "traffic/trafficlog.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace sockeye;
using namespace sockeye::test;

namespace {

const QString PyTcpClient = QStringLiteral(R"(
import socket, sys, struct
host, port, size, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
data = bytes((i * 7 + 3) % 251 for i in range(size))
s = socket.socket(socket.AF_INET6 if ':' in host else socket.AF_INET, socket.SOCK_STREAM)
s.connect((host, port))
print('PORT', s.getsockname()[1], flush=True)
s.sendall(data)
got = b''
while len(got) < 7 + size:
    d = s.recv(65536)
    if not d: break
    got += d
if mode == 'rst':
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
s.close()
print('GOT', got.hex(), flush=True)
)");

const QString PyTcpServer = QStringLiteral(R"(
import socket, sys
host, size = sys.argv[1], int(sys.argv[2])
srv = socket.socket(socket.AF_INET6 if ':' in host else socket.AF_INET, socket.SOCK_STREAM)
srv.bind((host, 0)); srv.listen(1)
print('PORT', srv.getsockname()[1], flush=True)
c, _ = srv.accept()
c.sendall(b'WELCOME\n')
got = b''
while len(got) < size:
    d = c.recv(65536)
    if not d: break
    got += d
c.sendall(got[::-1])
while c.recv(65536): pass
c.close()
print('DONE', flush=True)
)");

const QString PyUdpEcho = QStringLiteral(R"(
import socket, sys
host = sys.argv[1]
s = socket.socket(socket.AF_INET6 if ':' in host else socket.AF_INET, socket.SOCK_DGRAM)
s.bind((host, 0))
print('PORT', s.getsockname()[1], flush=True)
while True:
    d, a = s.recvfrom(70000)
    if d == b'QUIT': break
    s.sendto(b'R:' + d[:65000], a)
)");

quint16 announcedPort(ExternalPeer &peer)
{
    if (!peer.waitForOutput("PORT "))
        return 0;
    const QByteArray out = peer.output();
    const qsizetype at = out.indexOf("PORT ") + 5;
    return quint16(out.mid(at, out.indexOf('\n', at) - at).trimmed().toUInt());
}

struct DataItem
{
    Direction direction;
    QByteArray bytes;
    bool operator==(const DataItem &o) const
    {
        return direction == o.direction && bytes == o.bytes;
    }
};

QList<DataItem> dataOf(const QList<TrafficRecord> &records)
{
    QList<DataItem> out;
    for (const TrafficRecord &r : records) {
        if (r.isData())
            out << DataItem{r.direction, r.bytes};
    }
    return out;
}

QList<TrafficRecord> recordsOf(const TrafficLog &log)
{
    QList<TrafficRecord> out;
    for (qsizetype i = 0; i < log.size(); ++i)
        out << log.at(i);
    return out;
}

QList<RecordKind> connectionEvents(const QList<TrafficRecord> &records)
{
    QList<RecordKind> out;
    for (const TrafficRecord &r : records) {
        if (r.kind == RecordKind::Accepted || r.kind == RecordKind::Connected ||
            r.kind == RecordKind::ClosedByPeer || r.kind == RecordKind::Closed ||
            r.kind == RecordKind::Reset)
            out << r.kind;
    }
    return out;
}

/// What each endpoint sent, as "address:port" -> bytes: a view that does not depend on which
/// end a reader takes as ours.
QMap<QString, QByteArray> bySender(const QList<TrafficRecord> &records,
                                   const ConversationTable &table)
{
    QMap<QString, QByteArray> out;
    for (const TrafficRecord &r : records) {
        if (!r.isData())
            continue;
        const auto c = table.find(r.session, r.peer);
        if (!c)
            continue;
        out[r.direction == Direction::Tx ? c->localLabel() : c->remoteLabel()] += r.bytes;
    }
    return out;
}

QString hostFor(const QString &family)
{
    return family == QLatin1String("6") ? QStringLiteral("::1") : QStringLiteral("127.0.0.1");
}

} // namespace

class tst_PcapRoundTrip : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void tcpServer_data();
    void tcpServer();
    void tcpClient_data();
    void tcpClient();
    void udp_data();
    void udp();
    void recordingIsOnDiskWhileRunning();
    void recordingStartedWhileConnected();

private:
    void checkWithEditcap(const QString &file, const QList<TrafficRecord> &original,
                          const ConversationTable &table);
    QTemporaryDir m_dir;
};

void tst_PcapRoundTrip::initTestCase()
{
    QVERIFY2(haveTshark(), noTshark());
    QVERIFY(ExternalPeer::available(QStringLiteral("python3")));
    QVERIFY(m_dir.isValid());
}

void tst_PcapRoundTrip::checkWithEditcap(const QString &file, const QList<TrafficRecord> &original,
                                         const ConversationTable &table)
{
    const QMap<QString, QByteArray> expected = bySender(original, table);
    for (const QString &format : {QStringLiteral("pcap"), QStringLiteral("pcapng")}) {
        // Classic pcap loses the direction flags and interface names; editcap's pcapng is
        // Wireshark's own writing. Both must read as the same bytes from the same senders.
        const QString converted = file + QStringLiteral(".editcap.") + format;
        int code = -1;
        QByteArray err;
        runTool(QStringLiteral("editcap"), {QStringLiteral("-F"), format, file, converted}, &err,
                &code);
        QVERIFY2(code == 0, err.constData());
        CaptureReader reader;
        QVERIFY2(reader.read(converted), qPrintable(reader.errorString()));
        QCOMPARE(bySender(reader.records(), *reader.conversations()), expected);
    }
}

void tst_PcapRoundTrip::tcpServer_data()
{
    QTest::addColumn<QString>("family");
    QTest::addColumn<int>("size");
    QTest::addColumn<QString>("close");

    QTest::newRow("ipv4 small, closed by peer") << "4" << 5 << "fin";
    QTest::newRow("ipv6 small, closed by peer") << "6" << 300 << "fin";
    QTest::newRow("ipv4 200 KiB, segments split") << "4" << 200 * 1024 << "fin";
    QTest::newRow("ipv6 150 KiB, segments split") << "6" << 150 * 1024 << "fin";
    QTest::newRow("ipv4 reset by peer") << "4" << 1000 << "rst";
}

void tst_PcapRoundTrip::tcpServer()
{
    QFETCH(QString, family);
    QFETCH(int, size);
    QFETCH(QString, close);

    TrafficLog log;
    SessionConfig config;
    config.kind = SessionKind::TcpServer;
    config.name = QStringLiteral("Echo server (%1)").arg(QLatin1String(QTest::currentDataTag()));
    config.bindAddress = hostFor(family);
    TcpServerSession server(1, config, &log);
    ConversationTable table;
    table.addSession(&server);
    Recorder recorder(&log, &table);
    const QString file = m_dir.filePath(
        QStringLiteral("server-%1-%2-%3.pcapng").arg(family, QString::number(size), close));
    QVERIFY2(recorder.start(file), qPrintable(recorder.errorString()));

    connect(&server, &Session::peerAdded, &server,
            [&](const Peer &peer) { server.send("HELLO\r\n", {peer.id}); });
    connect(&server, &Session::dataReceived, &server,
            [&](PeerId peer, const QByteArray &bytes) { server.send(bytes, {peer}); });
    QVERIFY(server.start());
    const quint16 serverPort = server.serverPort();

    std::unique_ptr<ExternalPeer> client(ExternalPeer::python(
        PyTcpClient, {hostFor(family), QString::number(serverPort), QString::number(size), close}));
    QVERIFY(client->waitForOutput("GOT ", 20000));
    QVERIFY(client->waitForFinished(20000));
    const RecordKind closeKind =
        close == QLatin1String("rst") ? RecordKind::Reset : RecordKind::ClosedByPeer;
    QTRY_VERIFY_WITH_TIMEOUT(connectionEvents(recordsOf(log)).contains(closeKind), 10000);
    recorder.stop();
    server.stop();

    const QByteArray out = client->output();
    const qsizetype at = out.indexOf("GOT ") + 4;
    const QByteArray gotByClient = QByteArray::fromHex(out.mid(at, out.indexOf('\n', at) - at));
    const QByteArray sent = pattern(size);
    QCOMPARE(gotByClient, QByteArray("HELLO\r\n") + sent);

    // Wireshark's Follow TCP Stream shows exactly the bytes that went through the sockets.
    const FollowedStream stream = followTcp(file, 0);
    QCOMPARE(stream.from0.size(), sent.size());
    QVERIFY(stream.from0 == sent);
    QCOMPARE(stream.from1.size(), gotByClient.size());
    QVERIFY(stream.from1 == gotByClient);
    QVERIFY2(stream.node1.endsWith(QLatin1Char(':') + QString::number(serverPort)),
             qPrintable(stream.node1));
    const QStringList issues = problems(file);
    QVERIFY2(issues.isEmpty(), qPrintable(issues.join(QLatin1Char('\n'))));
    // Session name on the interface, event sentences as packet comments.
    const auto iface = fields(file, {QStringLiteral("frame.interface_description")});
    QVERIFY(!iface.isEmpty());
    QCOMPARE(iface.constFirst().constFirst(), config.name);
    const auto comments =
        fields(file, {QStringLiteral("frame.comment")}, QStringLiteral("frame.comment"));
    QVERIFY2(!comments.isEmpty() &&
                 comments.constFirst().join(QString()).contains(QStringLiteral("Accepted")),
             "the SYN carries the Accepted sentence");
    if (close == QLatin1String("rst"))
        QCOMPARE(
            fields(file, {QStringLiteral("frame.number")}, QStringLiteral("tcp.flags.reset == 1"))
                .size(),
            1);
    else
        QCOMPARE(
            fields(file, {QStringLiteral("frame.number")}, QStringLiteral("tcp.flags.fin == 1"))
                .size(),
            2);

    // Sockeye reads its own capture back as the very records it wrote, chunk for chunk.
    CaptureReader reader;
    QVERIFY2(reader.read(file), qPrintable(reader.errorString()));
    QVERIFY2(reader.warnings().isEmpty(), qPrintable(reader.warnings().join(QLatin1Char('\n'))));
    const QList<TrafficRecord> original = recordsOf(log);
    QVERIFY(dataOf(reader.records()) == dataOf(original));
    QCOMPARE(connectionEvents(reader.records()),
             (QList<RecordKind>{RecordKind::Accepted, closeKind}));
    QList<qint64> readTimes, originalTimes;
    for (const TrafficRecord &r : reader.records())
        if (r.isData())
            readTimes << r.timestampUs;
    for (const TrafficRecord &r : original)
        if (r.isData())
            originalTimes << r.timestampUs;
    QCOMPARE(readTimes, originalTimes);
    const auto sessions = reader.conversations()->sessions();
    QCOMPARE(sessions.size(), 1);
    QCOMPARE(sessions.constFirst().name, config.name);
    QCOMPARE(sessions.constFirst().kind, SessionKind::TcpServer);
    const auto conversations = reader.conversations()->conversations();
    QCOMPARE(conversations.size(), 1);
    QCOMPARE(conversations.constFirst().localPort, serverPort);
    QCOMPARE(conversations.constFirst().remotePort, table.conversations().constFirst().remotePort);

    checkWithEditcap(file, original, table);

    // Exporting the capture to pcapng again gives the same streams.
    Exporter exporter(nullptr);
    exporter.setFormat(Exporter::Format::Pcapng);
    const QString again = file + QStringLiteral(".again.pcapng");
    QVERIFY2(exporter.exportCapture(file, again), qPrintable(exporter.errorString()));
    const FollowedStream second = followTcp(again, 0);
    QVERIFY(second.from0 == sent);
    QVERIFY(second.from1 == gotByClient);
}

void tst_PcapRoundTrip::tcpClient_data()
{
    QTest::addColumn<QString>("family");
    QTest::addColumn<int>("size");

    QTest::newRow("ipv4, we connect and close") << "4" << 64;
    QTest::newRow("ipv6, we connect and close") << "6" << 70000;
}

void tst_PcapRoundTrip::tcpClient()
{
    QFETCH(QString, family);
    QFETCH(int, size);

    std::unique_ptr<ExternalPeer> peer(
        ExternalPeer::python(PyTcpServer, {hostFor(family), QString::number(size)}));
    const quint16 port = announcedPort(*peer);
    QVERIFY(port != 0);

    TrafficLog log;
    SessionConfig config;
    config.kind = SessionKind::TcpClient;
    config.remoteHost = hostFor(family);
    config.remotePort = port;
    TcpClientSession client(3, config, &log);
    ConversationTable table;
    table.addSession(&client);
    Recorder recorder(&log, &table);
    const QString file =
        m_dir.filePath(QStringLiteral("client-%1-%2.pcapng").arg(family).arg(size));
    QVERIFY(recorder.start(file));

    const QByteArray sent = pattern(size, 5);
    QByteArray received;
    connect(&client, &Session::stateChanged, &client, [&](Session::State state) {
        if (state == Session::State::Connected)
            client.send(sent);
    });
    connect(&client, &Session::dataReceived, &client, [&](PeerId, const QByteArray &bytes) {
        received += bytes;
        if (received.size() == 8 + size)
            client.stop();
    });
    QVERIFY(client.start());
    QVERIFY(peer->waitForOutput("DONE", 20000));
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Session::State::Idle, 10000);
    recorder.stop();

    QByteArray reversed = sent;
    std::reverse(reversed.begin(), reversed.end());
    QVERIFY(received == QByteArray("WELCOME\n") + reversed);

    const FollowedStream stream = followTcp(file, 0);
    QVERIFY2(stream.node1.endsWith(QLatin1Char(':') + QString::number(port)),
             qPrintable(stream.node1)); // we sent the SYN
    QVERIFY(stream.from0 == sent);
    QVERIFY(stream.from1 == received);
    const QStringList issues = problems(file);
    QVERIFY2(issues.isEmpty(), qPrintable(issues.join(QLatin1Char('\n'))));

    CaptureReader reader;
    QVERIFY(reader.read(file));
    const QList<TrafficRecord> original = recordsOf(log);
    QVERIFY(dataOf(reader.records()) == dataOf(original));
    QCOMPARE(connectionEvents(reader.records()),
             (QList<RecordKind>{RecordKind::Connected, RecordKind::Closed}));
    QCOMPARE(reader.conversations()->sessions().constFirst().kind, SessionKind::TcpClient);
    checkWithEditcap(file, original, table);
}

void tst_PcapRoundTrip::udp_data()
{
    QTest::addColumn<QString>("family");
    QTest::addColumn<QList<int>>("sizes");

    QTest::newRow("ipv4 datagrams") << "4" << QList<int>{1, 100, 1400, 9000, 65507};
    QTest::newRow("ipv6 datagrams") << "6" << QList<int>{3, 1500, 20000};
}

void tst_PcapRoundTrip::udp()
{
    QFETCH(QString, family);
    QFETCH(QList<int>, sizes);

    std::unique_ptr<ExternalPeer> peer(ExternalPeer::python(PyUdpEcho, {hostFor(family)}));
    const quint16 port = announcedPort(*peer);
    QVERIFY(port != 0);

    TrafficLog log;
    SessionConfig config;
    config.kind = SessionKind::Udp;
    config.name = QStringLiteral("UDP, with a comma");
    config.bindAddress = hostFor(family);
    config.remoteHost = hostFor(family);
    config.remotePort = port;
    UdpSession udp(7, config, &log);
    ConversationTable table;
    table.addSession(&udp);
    Recorder recorder(&log, &table);
    const QString file = m_dir.filePath(QStringLiteral("udp-%1.pcapng").arg(family));
    QVERIFY(recorder.start(file));
    QVERIFY(udp.start());
    int seed = 0;
    for (int size : std::as_const(sizes)) {
        QVERIFY(udp.send(pattern(size, ++seed)).ok());
        QTRY_COMPARE_WITH_TIMEOUT(log.sessionCounters(7).framesIn, quint64(seed), 5000);
    }
    udp.sendTo(hostFor(family), port, "QUIT");
    QVERIFY(peer->waitForFinished());
    recorder.stop();

    // tshark sees each datagram with its real addresses, ports and payload, in order.
    const QString ipSrc =
        family == QLatin1String("6") ? QStringLiteral("ipv6.src") : QStringLiteral("ip.src");
    const auto rows = fields(file, {ipSrc, QStringLiteral("udp.srcport"),
                                    QStringLiteral("udp.dstport"), QStringLiteral("udp.payload")});
    QList<QStringList> expected;
    const QString host = QHostAddress(hostFor(family)).toString();
    for (qsizetype i = 0; i < log.size(); ++i) {
        const TrafficRecord &r = log.at(i);
        if (!r.isData())
            continue;
        const bool tx = r.direction == Direction::Tx;
        expected << QStringList{host, QString::number(tx ? udp.localPort() : port),
                                QString::number(tx ? port : udp.localPort()),
                                QString::fromLatin1(r.bytes.toHex())};
    }
    QCOMPARE(rows.size(), expected.size());
    for (qsizetype i = 0; i < rows.size(); ++i) {
        QStringList row = rows.at(i);
        row[3].remove(QLatin1Char(':'));
        QCOMPARE(row, expected.at(i));
    }
    const QStringList issues = problems(file);
    QVERIFY2(issues.isEmpty(), qPrintable(issues.join(QLatin1Char('\n'))));

    CaptureReader reader;
    QVERIFY(reader.read(file));
    const QList<TrafficRecord> original = recordsOf(log);
    QVERIFY(dataOf(reader.records()) == dataOf(original));
    QCOMPARE(reader.conversations()->sessions().constFirst().name, config.name);
    QCOMPARE(reader.conversations()->sessions().constFirst().kind, SessionKind::Udp);
    checkWithEditcap(file, original, table);
}

void tst_PcapRoundTrip::recordingIsOnDiskWhileRunning()
{
    TrafficLog log;
    log.setByteBudget(16 * 1024); // the log forgets; the recording must not
    SessionConfig config;
    config.bindAddress = QStringLiteral("127.0.0.1");
    TcpServerSession server(1, config, &log);
    ConversationTable table;
    table.addSession(&server);
    Recorder recorder(&log, &table);
    const QString file = m_dir.filePath(QStringLiteral("running.pcapng"));
    QVERIFY(recorder.start(file));
    QVERIFY(server.start());
    connect(&server, &Session::dataReceived, &server,
            [&](PeerId peer, const QByteArray &bytes) { server.send(bytes, {peer}); });
    const int size = 256 * 1024;
    std::unique_ptr<ExternalPeer> client(ExternalPeer::python(
        QString(PyTcpClient).replace(QStringLiteral("7 + size"), QStringLiteral("size")),
        {QStringLiteral("127.0.0.1"), QString::number(server.serverPort()), QString::number(size),
         QStringLiteral("fin")}));
    QVERIFY(client->waitForFinished(20000));
    QTRY_VERIFY(log.evictedRecords() > 0);
    // No stop(): what a killed app leaves behind, once the next flush has run.
    QTRY_COMPARE_WITH_TIMEOUT(QFileInfo(file).size(), recorder.bytesWritten(),
                              10 * Recorder::FlushIntervalMs);
    QVERIFY(recorder.isRecording());
    CaptureReader reader;
    QVERIFY(reader.read(file));
    QByteArray in, out;
    for (const TrafficRecord &r : reader.records()) {
        if (r.isData())
            (r.direction == Direction::Rx ? in : out) += r.bytes;
    }
    QVERIFY(in == pattern(size));
    QVERIFY(out == pattern(size));
    QCOMPARE(followTcp(file, 0).from1.size(), qsizetype(size));
    recorder.stop();
}

void tst_PcapRoundTrip::recordingStartedWhileConnected()
{
    // A client connects and sends before the recording starts; the recording then holds the
    // rest of its conversation, and reading it back says the client was already connected
    // (not that it connected when the recording started), and Follow TCP Stream shows the rest.
    TrafficLog log;
    SessionConfig config;
    config.kind = SessionKind::TcpServer;
    config.bindAddress = QStringLiteral("127.0.0.1");
    TcpServerSession server(1, config, &log);
    ConversationTable table;
    table.addSession(&server);
    QVERIFY(server.start());
    std::unique_ptr<ExternalPeer> client(ExternalPeer::python(
        QStringLiteral("import socket, sys\n"
                       "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))\n"
                       "s.sendall(b'early')\n"
                       "got = b''\n"
                       "while not got.endswith(b'go\\n'): got += s.recv(100)\n"
                       "s.sendall(b'late'); s.close(); print('DONE', flush=True)\n"),
        {QString::number(server.serverPort())}));
    QTRY_COMPARE_WITH_TIMEOUT(server.counters().bytesIn, qint64(5), 10000);

    Recorder recorder(&log, &table);
    const QString file = m_dir.filePath(QStringLiteral("started-while-connected.pcapng"));
    QVERIFY2(recorder.start(file), qPrintable(recorder.errorString()));
    QVERIFY(server.send("go\n").ok());
    QVERIFY(client->waitForOutput("DONE"));
    QTRY_VERIFY_WITH_TIMEOUT(connectionEvents(recordsOf(log)).contains(RecordKind::ClosedByPeer),
                             10000);
    recorder.stop();

    CaptureReader reader;
    QVERIFY2(reader.read(file), qPrintable(reader.errorString()));
    const QList<TrafficRecord> read = reader.records();
    QCOMPARE(connectionEvents(read), QList<RecordKind>{RecordKind::ClosedByPeer});
    QVERIFY(!read.isEmpty());
    QCOMPARE(read.constFirst().kind, RecordKind::Info);
    QVERIFY2(read.constFirst().text.endsWith(QStringLiteral("was already connected when the "
                                                            "capture started")),
             qPrintable(read.constFirst().text));
    QByteArray fromClient, fromServer;
    for (const TrafficRecord &r : read) {
        if (r.isData())
            (r.direction == Direction::Rx ? fromClient : fromServer) += r.bytes;
    }
    QCOMPARE(fromClient, QByteArray("late"));
    QCOMPARE(fromServer, QByteArray("go\n"));
    const FollowedStream stream = followTcp(file, 0);
    QCOMPARE(stream.from0 + stream.from1, QByteArray("go\nlate"));
}

QTEST_GUILESS_MAIN(tst_PcapRoundTrip)
#include "tst_pcaproundtrip.moc"
