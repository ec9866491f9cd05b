// The fault suite: a TCP stream through a link that loses, delays and reorders packets (two
// network namespaces, nfqimpair on the veth between them) arrives whole, both ways. What
// crossed is compared by SHA-256 at both ends; nfqimpair's counts show the link was impaired.
// Sizes are bounded for .ci/run; bench/soak.sh runs the same with SOCKEYE_SOAK=1 (larger).
#include "cliprocess.h"
#include "impairedlink.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using sockeye::test::ExternalPeer;
using sockeye::test::ImpairedLink;
using Cli = sockeye::test::CliProcess;

namespace {

qsizetype streamBytes()
{
    return qEnvironmentVariableIsSet("SOCKEYE_SOAK") ? 32 * 1024 * 1024 : 1024 * 1024;
}

/// The same pseudo-random bytes python's random.Random(7).randbytes(n) gives.
const QString PyData = QStringLiteral("import random\ndata = random.Random(7).randbytes(%1)\n");

/// Connects, sends the data while reading what comes back, half-closes once sent, reads to
/// the end, and prints "SENT <sha256> GOT <sha256> <length>".
const QString PyEchoClient = PyData + QStringLiteral(R"(
import hashlib, socket, sys, threading, time
for _ in range(200):
    try:
        s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=5); break
    except OSError: time.sleep(0.05)
s.settimeout(None)  # sendall's timeout would bound the whole send; the test bounds the time
got = hashlib.sha256(); n = 0
def send():
    s.sendall(data); s.shutdown(socket.SHUT_WR)
t = threading.Thread(target=send); t.start()
while n < len(data):
    d = s.recv(1 << 16)
    if not d: break
    got.update(d); n += len(d)
t.join()
print('SENT', hashlib.sha256(data).hexdigest(), 'GOT', got.hexdigest(), n, flush=True)
)");

/// Listens, reads one client to its end, prints "GOT <sha256> <length>".
const QString PySink = QStringLiteral(R"(
import hashlib, socket, sys
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind((sys.argv[1], int(sys.argv[2]))); srv.listen(1)
print('LISTENING', flush=True)
c, _ = srv.accept(); c.settimeout(120)
h = hashlib.sha256(); n = 0
while True:
    d = c.recv(1 << 16)
    if not d: break
    h.update(d); n += len(d)
print('GOT', h.hexdigest(), n, flush=True)
)");

QString sha256(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

/// What nfqimpair did, as numbers: passed, dropped, reordered.
QList<int> impairmentCounts(const QString &stats)
{
    static const QRegularExpression re(
        QStringLiteral("passed (\\d+) dropped (\\d+) reordered (\\d+)"));
    const auto m = re.match(stats);
    if (!m.hasMatch())
        return {};
    return {m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt()};
}

} // namespace

class tst_ImpairedLink : public QObject
{
    Q_OBJECT
private slots:
    void echoComesBackWhole();
    void fileArrivesWhole();
    void roundTripOfADelayingLink();
    void nagleAndNoDelay_data();
    void nagleAndNoDelay();
};

// Into Sockeye and back out: listen --echo, a python client sends and checks the echo; what
// Sockeye printed (--format raw) is the same bytes again.
void tst_ImpairedLink::echoComesBackWhole()
{
    ImpairedLink link({10, 10, 1.0, 1});
    if (!link.unavailableReason().isEmpty())
        QSKIP(qPrintable(link.unavailableReason()));
    const QString port = QStringLiteral("7200");
    Cli server({QStringLiteral("listen"), QStringLiteral("--bind"), ImpairedLink::serverAddress(),
                port, QStringLiteral("--echo"), QStringLiteral("--format"), QStringLiteral("raw")},
               {}, true, link.serverLauncher());
    std::unique_ptr<ExternalPeer> client(link.inClient(
        QStringLiteral("python3"), {QStringLiteral("-c"), PyEchoClient.arg(streamBytes()),
                                    ImpairedLink::serverAddress(), port}));
    QVERIFY2(client->waitForOutput("SENT ", 900000) && client->output().endsWith('\n'),
             QByteArray(client->errorOutput() + server.err()).constData());
    const QStringList words = QString::fromLatin1(client->output()).split(QLatin1Char(' '));
    QCOMPARE(words.size(), 5);
    // All of it came back: before the fix, Qt closed at the client's FIN and dropped the
    // echo still in its write buffer.
    QVERIFY2(words[4].trimmed().toLongLong() == qint64(streamBytes()), server.err().constData());
    QCOMPARE(words[3], words[1]); // the echo's SHA-256 is what was sent
    server.signal(SIGINT);
    QCOMPARE(server.wait(30000), 0);
    QCOMPARE(server.out().size(), streamBytes());
    QCOMPARE(sha256(server.out()), words[1]); // and so is what Sockeye received

    const QList<int> counts = impairmentCounts(link.stopImpairing());
    QCOMPARE(counts.size(), 3);
    qInfo("nfqimpair: %d packets passed, %d dropped, %d reordered", counts[0], counts[1],
          counts[2]);
    QVERIFY2(counts[1] > 0 && counts[2] > 0, "the link lost and reordered nothing: not a test");
}

// Out of Sockeye: connect --send-file streams a file to a python sink across the link.
void tst_ImpairedLink::fileArrivesWhole()
{
    ImpairedLink link({10, 10, 1.0, 2});
    if (!link.unavailableReason().isEmpty())
        QSKIP(qPrintable(link.unavailableReason()));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("payload.bin"));
    {
        // The same bytes as the echo test's, made by python so both ends agree on them.
        ExternalPeer writer(
            QStringLiteral("python3"),
            {QStringLiteral("-c"),
             PyData.arg(streamBytes()) + QStringLiteral("open(__import__('sys').argv[1], 'wb')"
                                                        ".write(data)\nprint('OK')"),
             path});
        QVERIFY(writer.waitForOutput("OK"));
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString expected = sha256(file.readAll());
    const QString port = QStringLiteral("7201");
    std::unique_ptr<ExternalPeer> sink(
        link.inServer(QStringLiteral("python3"),
                      {QStringLiteral("-c"), PySink, ImpairedLink::serverAddress(), port}));
    QVERIFY(sink->waitForOutput("LISTENING"));
    Cli client({QStringLiteral("connect"), ImpairedLink::serverAddress(), port,
                QStringLiteral("--send-file"), path},
               {}, true, link.clientLauncher());
    QCOMPARE(client.wait(900000), 0);
    QVERIFY2(sink->waitForOutput("GOT ", 60000), client.err().constData());
    QTRY_VERIFY(sink->output().count('\n') == 2); // the whole line
    const QByteArray got = sink->output().split('\n').value(1);
    QCOMPARE(QString::fromLatin1(got),
             QStringLiteral("GOT %1 %2").arg(expected).arg(streamBytes()));

    const QList<int> counts = impairmentCounts(link.stopImpairing());
    QCOMPARE(counts.size(), 3);
    qInfo("nfqimpair: %d packets passed, %d dropped, %d reordered", counts[0], counts[1],
          counts[2]);
    QVERIFY2(counts[1] > 0 && counts[2] > 0, "the link lost and reordered nothing: not a test");
}

// --stats over a link that delays every packet by 50 ms each way: the round-trip time the CLI
// prints is the link's (100 ms, within 20 %) and the kernel's own as `ss -ti` reports it
// (within 10 %).
void tst_ImpairedLink::roundTripOfADelayingLink()
{
    ImpairedLink link({50, 0, 0.0, 3});
    if (!link.unavailableReason().isEmpty())
        QSKIP(qPrintable(link.unavailableReason()));
    const QString port = QStringLiteral("7202");
    std::unique_ptr<ExternalPeer> echo(link.inServer(
        QStringLiteral("socat"),
        {QStringLiteral("TCP-LISTEN:%1,bind=%2,reuseaddr").arg(port, ImpairedLink::serverAddress()),
         QStringLiteral("EXEC:cat")}));
    QVERIFY(echo->started());
    // A request every 100 ms for 3 s: round trips to measure, and a connection that lasts.
    Cli client({QStringLiteral("connect"), ImpairedLink::serverAddress(), port,
                QStringLiteral("--send"), QStringLiteral("ping\\n"), QStringLiteral("--repeat"),
                QStringLiteral("30"), QStringLiteral("--interval"), QStringLiteral("100"),
                QStringLiteral("--stats-interval"), QStringLiteral("0.5"),
                QStringLiteral("--connect-timeout"), QStringLiteral("10000")},
               {}, true, link.clientLauncher());
    // Seen by the CLI twice: the second figure follows more than one round trip.
    QVERIFY2(client.waitForErr("TCP statistics of", 20000), client.err().constData());
    static const QRegularExpression rttRe(QStringLiteral("TCP statistics of [^:]+:\\d+: RTT "
                                                         "([\\d.]+) ms"));
    const auto rttsPrinted = [&client] {
        QList<double> rtts;
        auto it = rttRe.globalMatch(QString::fromUtf8(client.err()));
        while (it.hasNext())
            rtts << it.next().captured(1).toDouble();
        return rtts;
    };
    QTRY_VERIFY_WITH_TIMEOUT(rttsPrinted().size() >= 2, 10000);
    // The kernel's own figure, read with ss in the client's namespace.
    QProcess ss;
    ss.start(link.clientLauncher().constFirst(),
             link.clientLauncher().mid(1) +
                 QStringList{QStringLiteral("ss"), QStringLiteral("-tinH"), QStringLiteral("dst"),
                             ImpairedLink::serverAddress()});
    QVERIFY(ss.waitForFinished(10000));
    const QString ssOut = QString::fromLocal8Bit(ss.readAllStandardOutput());
    const auto ssRtt = QRegularExpression(QStringLiteral("\\brtt:([\\d.]+)/")).match(ssOut);
    QVERIFY2(ssRtt.hasMatch(), qPrintable(ssOut));
    const double kernel = ssRtt.captured(1).toDouble();
    // The next line the CLI prints comes after ss read the kernel's figure.
    const int seen = int(rttsPrinted().size());
    QTRY_VERIFY_WITH_TIMEOUT(rttsPrinted().size() > seen, 10000);
    const double printed = rttsPrinted().constLast();
    qInfo("RTT printed %.1f ms, ss -ti %.1f ms", printed, kernel);
    QVERIFY2(qAbs(printed - 100) <= 20, client.err().constData());
    QVERIFY2(qAbs(printed - kernel) <= kernel * 0.1, qPrintable(ssOut));
    QCOMPARE(client.wait(60000), 0);
    QVERIFY2(client.err().contains("as it closed: RTT"), client.err().constData());
    // And its story: the handshake took one round trip, and we closed first, once sent.
    const auto handshake =
        QRegularExpression(QStringLiteral("Story of [^:]+:7202: Handshake with [\\d.:]+ began\\. "
                                          "Connected after (\\d+) ms, from [^ ]+ \\(the local "
                                          "port the kernel chose\\)"))
            .match(QString::fromUtf8(client.err()));
    QVERIFY2(handshake.hasMatch(), client.err().right(600).constData());
    QVERIFY2(qAbs(handshake.captured(1).toInt() - 100) <= 20, client.err().constData());
    QVERIFY2(client.err().contains("We closed the connection (FIN), "), client.err().constData());
}

void tst_ImpairedLink::nagleAndNoDelay_data()
{
    QTest::addColumn<bool>("noDelay");
    QTest::newRow("Nagle on (the default)") << false;
    QTest::newRow("--nodelay") << true;
}

// Eight 1-byte sends 2 ms apart over a 100 ms round trip, counted on the wire by tshark on the
// client's veth: with Nagle the kernel holds tiny writes while one is unacknowledged and sends
// them together; with TCP_NODELAY each write is a segment of its own (eight: within the
// initial congestion window of ten, so only Nagle can hold them back).
void tst_ImpairedLink::nagleAndNoDelay()
{
    QFETCH(bool, noDelay);
    if (!ExternalPeer::available(QStringLiteral("tshark")))
        QSKIP("tshark is not installed (scripts/setup.sh --test installs it)");
    ImpairedLink link({50, 0, 0.0, 4});
    if (!link.unavailableReason().isEmpty())
        QSKIP(qPrintable(link.unavailableReason()));
    const QString port = QStringLiteral("7203");
    std::unique_ptr<ExternalPeer> sink(
        link.inServer(QStringLiteral("python3"),
                      {QStringLiteral("-c"), PySink, ImpairedLink::serverAddress(), port}));
    QVERIFY(sink->waitForOutput("LISTENING"));
    // One line per data segment or FIN the client sends: "<payload length>,<FIN flag>".
    std::unique_ptr<ExternalPeer> tshark(link.inClient(
        QStringLiteral("tshark"),
        {QStringLiteral("-l"), QStringLiteral("-i"), QStringLiteral("sky1"), QStringLiteral("-f"),
         QStringLiteral("tcp dst port %1").arg(port), QStringLiteral("-Y"),
         QStringLiteral("tcp.len > 0 or tcp.flags.fin == 1"), QStringLiteral("-T"),
         QStringLiteral("fields"), QStringLiteral("-E"), QStringLiteral("separator=,"),
         QStringLiteral("-e"), QStringLiteral("tcp.len"), QStringLiteral("-e"),
         QStringLiteral("tcp.flags.fin")}));
    QDeadlineTimer capturing(20000);
    QByteArray said; // errorOutput() hands over what came since it was last asked
    while (!said.contains("Capturing on") && !capturing.hasExpired()) {
        QTest::qWait(20);
        said += tshark->errorOutput();
    }
    QVERIFY2(said.contains("Capturing on"), said.constData());
    QStringList args{
        QStringLiteral("connect"), ImpairedLink::serverAddress(), port,
        QStringLiteral("--send"),  QStringLiteral("x"),           QStringLiteral("--repeat"),
        QStringLiteral("8"),       QStringLiteral("--interval"),  QStringLiteral("2")};
    if (noDelay)
        args << QStringLiteral("--nodelay");
    Cli client(args, {}, true, link.clientLauncher());
    QCOMPARE(client.wait(30000), 0);
    QVERIFY2(sink->waitForOutput("GOT ", 20000), client.err().constData());
    QVERIFY(sink->output().contains(" 8\n")); // every byte arrived
    // The FIN comes after every data segment: once tshark shows it, the count is complete.
    const auto lines = [&tshark] {
        return QString::fromLatin1(tshark->output()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    };
    QTRY_VERIFY_WITH_TIMEOUT(
        !lines().isEmpty() && lines().constLast().endsWith(QLatin1String(",1")), 20000);
    int segments = 0;
    int bytes = 0;
    for (const QString &line : lines()) {
        const int length = line.section(QLatin1Char(','), 0, 0).toInt();
        segments += length > 0 ? 1 : 0;
        bytes += length;
    }
    qInfo("%s: %d bytes in %d segments", noDelay ? "TCP_NODELAY" : "Nagle", bytes, segments);
    QCOMPARE(bytes, 8);
    if (noDelay)
        QVERIFY2(segments == 8, qPrintable(lines().join(QLatin1Char(' '))));
    else
        QVERIFY2(segments <= 3, qPrintable(lines().join(QLatin1Char(' '))));
}

QTEST_GUILESS_MAIN(tst_ImpairedLink)
#include "tst_impairedlink.moc"
