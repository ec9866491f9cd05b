// Backpressure: a peer that sends but does not read what it is answered (echo, replies) must
// not fill Sockeye's memory, and nothing it sent may be lost or reordered once it reads again.
#include "automation/responder.h"
#include "externalpeer.h"
#include "session/tcpclientsession.h"
#include "session/tcpserversession.h"
#include "traffic/streamframers.h"
#include "traffic/trafficlog.h"

#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace sockeye;
using sockeye::test::ExternalPeer;

namespace {

// Sends argv[2] MiB of a pattern from one thread; reads nothing for 2 s, then reads until it
// has all of it back; prints both SHA-256s.
const QString PyFlooder = QStringLiteral(R"(
import socket, sys, hashlib, threading, time
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
total = int(sys.argv[2]) * 1024 * 1024
data = bytes((i * 7 + i // 1021) & 0xff for i in range(1 << 20))
sent = hashlib.sha256()
def send():
    n = 0
    while n < total:
        s.sendall(data); sent.update(data); n += len(data)
t = threading.Thread(target=send); t.start()
time.sleep(2)
got = hashlib.sha256(); n = 0
while n < total:
    d = s.recv(1 << 20)
    if not d: break
    got.update(d); n += len(d)
t.join()
print('SENT', sent.hexdigest(), 'GOT', got.hexdigest(), n, flush=True)
)");

} // namespace

class tst_Backpressure : public QObject
{
    Q_OBJECT
private slots:
    void echoToAPeerThatDoesNotRead_data();
    void echoToAPeerThatDoesNotRead();
};

void tst_Backpressure::echoToAPeerThatDoesNotRead_data()
{
    QTest::addColumn<int>("mebibytes");
    QTest::addColumn<QString>("framing");
    QTest::newRow("64 MiB, each read a frame") << 64 << QString();
    QTest::newRow("32 MiB, fixed 1024-byte frames") << 32 << QStringLiteral("fixed:1024");
}

void tst_Backpressure::echoToAPeerThatDoesNotRead()
{
    QFETCH(int, mebibytes);
    QFETCH(QString, framing);
    TrafficLog log;
    log.setByteBudget(4 * 1024 * 1024);
    SessionConfig config;
    config.bindAddress = QStringLiteral("127.0.0.1");
    TcpServerSession server(1, config, &log);
    QVERIFY(server.start());
    StreamFramers framers(&log, server.id());
    QCOMPARE(framers.setSpec(framing), QString());
    Responder responder(&server, &framers);
    responder.setRules({ReplyRule::echo()});

    // The most that ever waited to be sent: bounded, whatever the peer sends.
    qint64 mostQueued = 0;
    bool told = false; // the timeline says why the peer was slowed down
    connect(&log, &TrafficLog::recordAppended, this, [&](const TrafficRecord &record) {
        if (record.direction == Direction::Tx)
            mostQueued = qMax(mostQueued, server.bytesToWrite());
        told |= record.kind == RecordKind::Info && record.text.contains(QLatin1String("paused"));
    });
    std::unique_ptr<ExternalPeer> peer(ExternalPeer::python(
        PyFlooder, {QString::number(server.serverPort()), QString::number(mebibytes)}));
    QVERIFY(peer->waitForOutput("SENT", 60000));
    const QList<QByteArray> words = peer->output().trimmed().split(' ');
    QCOMPARE(words.size(), 5);
    QCOMPARE(words.at(4), QByteArray::number(qint64(mebibytes) * 1024 * 1024)); // all came back
    QCOMPARE(words.at(3), words.at(1)); // in order, unchanged
    QVERIFY2(mostQueued <= Session::MaxPeerBacklog + Session::SocketReadBuffer + 128 * 1024,
             qPrintable(QStringLiteral("%1 bytes waited").arg(mostQueued)));
    QVERIFY(told);
}

QTEST_GUILESS_MAIN(tst_Backpressure)
#include "tst_backpressure.moc"
