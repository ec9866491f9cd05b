// The fault suite under many connections: short connect/send/close cycles must not make a
// server grow, and thousands of idle connections must not starve the clients that talk.
// Bounded for .ci/run (20,000 cycles, 2,000 idle connections); SOCKEYE_SOAK=1 (bench/soak.sh)
// runs 100,000 cycles and 10,000 idle connections.
#include "cliprocess.h"
#include "externalpeer.h"
#include "processmemory.h"

#include <QTest>

#include <memory>

using sockeye::test::ExternalPeer;
using sockeye::test::residentBytes;
using Cli = sockeye::test::CliProcess;

namespace {

bool soak()
{
    return qEnvironmentVariableIsSet("SOCKEYE_SOAK");
}

/// Connect, send a line, read its echo, close; argv[2] times, then "WARM" and a wait for a
/// line on stdin, then argv[3] times more, "DONE" and a wait again. Each cycle comes from one
/// of 50 loopback addresses, so TIME_WAIT never runs out of ports.
const QString PyCycles = QStringLiteral(R"(
import socket, sys
port, warm, more = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
def cycles(k, base):
    for i in range(k):
        s = socket.socket()
        s.bind(('127.0.0.%d' % (2 + (base + i) % 50), 0))
        s.connect(('127.0.0.1', port)); s.sendall(b'cycle %d\n' % (base + i))
        got = b''
        while not got.endswith(b'\n'):
            d = s.recv(100)
            if not d: raise SystemExit('closed early at cycle %d' % (base + i))
            got += d
        if got != b'cycle %d\n' % (base + i): raise SystemExit('wrong echo: %r' % got)
        s.close()
cycles(warm, 0); print('WARM', flush=True); sys.stdin.readline()
cycles(more, warm); print('DONE', flush=True); sys.stdin.readline()
)");

/// Opens argv[2] connections and holds them: "HELD n"; on a line on stdin, checks that none
/// was closed ("OPEN n") and closes them.
const QString PyIdle = QStringLiteral(R"(
import resource, socket, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, n + 100), hard))
held = [socket.create_connection(('127.0.0.1', port)) for _ in range(n)]
print('HELD', len(held), flush=True)
sys.stdin.readline()
open_ = 0
for s in held:
    s.setblocking(False)
    try:
        s.recv(1)  # b'' would be a close
    except BlockingIOError:
        open_ += 1
print('OPEN', open_, flush=True)
)");

} // namespace

class tst_Churn : public QObject
{
    Q_OBJECT
private slots:
    void connectCyclesKeepMemoryFlat();
    void idleConnectionsDoNotStarveOthers();
};

void tst_Churn::connectCyclesKeepMemoryFlat()
{
    Cli server({QStringLiteral("listen"), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                QStringLiteral("0"), QStringLiteral("--echo"), QStringLiteral("--format"),
                QStringLiteral("raw")});
    const quint16 port = server.listeningPort();
    QVERIFY(port != 0);
    const qint64 idle = residentBytes(server.pid());
    // The warm-up fills the traffic log to its budget (sockeye-cli keeps 4 MiB of history)
    // and the allocator's pools; growth after it is what connections leave behind.
    const int warm = 10000;
    const int more = soak() ? 100000 : 20000;
    std::unique_ptr<ExternalPeer> client(ExternalPeer::python(
        PyCycles, {QString::number(port), QString::number(warm), QString::number(more)}));
    QVERIFY2(client->waitForOutput("WARM", 120000), client->errorOutput().constData());
    const qint64 warmed = residentBytes(server.pid());
    client->write("go\n");
    QVERIFY2(client->waitForOutput("DONE", 600000), client->errorOutput().constData());
    const qint64 after = residentBytes(server.pid());
    client->write("end\n");
    QVERIFY(client->waitForFinished());
    QCOMPARE(client->exitCode(), 0);
    qInfo("sockeye-cli RSS: %.1f MiB idle, %.1f MiB after %d cycles (log and pools filled), "
          "%.1f MiB after %d more: %+.0f bytes per connection",
          idle / 1048576.0, warmed / 1048576.0, warm, after / 1048576.0, more,
          double(after - warmed) / more);
    if (sockeye::test::memoryIsMeasurable())
        QVERIFY2(after - warmed < 5 * 1024 * 1024, qPrintable(QString::number(after - warmed)));
    server.signal(SIGINT);
    QCOMPARE(server.wait(), 0);
}

void tst_Churn::idleConnectionsDoNotStarveOthers()
{
    Cli server({QStringLiteral("listen"), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                QStringLiteral("0"), QStringLiteral("--echo"), QStringLiteral("--format"),
                QStringLiteral("raw")});
    const quint16 port = server.listeningPort();
    QVERIFY(port != 0);
    const int count = soak() ? 10000 : 2000;
    std::unique_ptr<ExternalPeer> idle(
        ExternalPeer::python(PyIdle, {QString::number(port), QString::number(count)}));
    QVERIFY2(idle->waitForOutput("HELD ", 60000), idle->errorOutput().constData());
    // Every one of them was taken (told on stderr), none refused for want of descriptors.
    QTRY_COMPARE_WITH_TIMEOUT(server.err().count(" connected\n"), count, 30000);
    QVERIFY2(!server.err().contains("Cannot"), server.err().right(500).constData());

    // A client that talks is served all the same, whole.
    std::unique_ptr<ExternalPeer> talker(ExternalPeer::python(
        QStringLiteral("import socket, sys\n"
                       "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))\n"
                       "data = bytes(range(256)) * 256\n"
                       "s.sendall(data); got = b''\n"
                       "while len(got) < len(data): got += s.recv(65536)\n"
                       "print('ECHO', 'OK' if got == data else 'WRONG', flush=True)"),
        {QString::number(port)}));
    QVERIFY2(talker->waitForOutput("ECHO OK", 30000), talker->output().constData());
    idle->write("check\n");
    QVERIFY(idle->waitForOutput("OPEN "));
    QTRY_VERIFY(idle->output().endsWith('\n'));
    QVERIFY2(idle->output().contains(QStringLiteral("OPEN %1\n").arg(count).toLatin1()),
             idle->output().constData()); // the idle ones are still there
    qInfo("%d idle connections held; sockeye-cli RSS %.1f MiB", count,
          residentBytes(server.pid()) / 1048576.0);
    server.signal(SIGINT);
    QCOMPARE(server.wait(), 0);
}

QTEST_GUILESS_MAIN(tst_Churn)
#include "tst_churn.moc"
