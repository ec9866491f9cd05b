#include "externalpeer.h"
#include "session/session.h"
#include "session/sessionmanager.h"
#include "sessionfacingpython.h"
#include "traffic/trafficlog.h"

#include <QProcess>
#include <QTest>

#include <memory>

using namespace sockeye;
using sockeye::test::ExternalPeer;

/**
 * Keepalive and buffer sizes on a server's connections and a client's, as the kernel reports
 * them (`ss -tnoim`: the keepalive timer, and skmem's rb/tb, which Linux keeps at twice what
 * was asked).
 */
class tst_TcpOptions : public QObject
{
    Q_OBJECT
private slots:
    void optionsReachTheKernel_data();
    void optionsReachTheKernel();
};

namespace {

/// `ss` on the established connection whose local port is `port`.
QString socketStats(quint16 port)
{
    QProcess ss;
    ss.start(QStringLiteral("ss"),
             {QStringLiteral("-tnoimH"), QStringLiteral("state"), QStringLiteral("established"),
              QStringLiteral("( sport = :%1 )").arg(port)});
    ss.waitForFinished(5000);
    return QString::fromLocal8Bit(ss.readAllStandardOutput());
}

/// argv "client PORT" connects, "server PORT" accepts one; prints "LOCAL <port> PEER <port>"
/// and holds the connection until stdin closes.
const QString PyHolder = QStringLiteral(R"(
import socket, sys
role, port = sys.argv[1], int(sys.argv[2])
if role == 'client':
    s = socket.create_connection(('127.0.0.1', port))
else:
    srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(('127.0.0.1', port)); srv.listen(1); print('LISTENING', flush=True)
    s, _ = srv.accept()
print('LOCAL', s.getsockname()[1], 'PEER', s.getpeername()[1], flush=True)
sys.stdin.read()
)");

} // namespace

void tst_TcpOptions::optionsReachTheKernel_data()
{
    QTest::addColumn<bool>("server");
    QTest::addColumn<int>("keepAliveIdleS"); // 0: off
    QTest::addColumn<int>("receiveBuffer");  // 0: the system's
    QTest::addColumn<int>("sendBuffer");
    QTest::newRow("server: keepalive 30 s, buffers 64 KiB / 32 KiB")
        << true << 30 << 65536 << 32768;
    QTest::newRow("client: keepalive 45 s, buffers 96 KiB / 16 KiB")
        << false << 45 << 98304 << 16384;
    QTest::newRow("client: nothing asked, no keepalive timer") << false << 0 << 0 << 0;
}

void tst_TcpOptions::optionsReachTheKernel()
{
    QFETCH(bool, server);
    QFETCH(int, keepAliveIdleS);
    QFETCH(int, receiveBuffer);
    QFETCH(int, sendBuffer);
    SessionManager manager;
    SessionConfig config;
    config.noDelay = true;
    config.keepAliveIdleS = keepAliveIdleS;
    config.keepAliveIntervalS = 5;
    config.keepAliveCount = 3;
    config.receiveBufferBytes = receiveBuffer;
    config.sendBufferBytes = sendBuffer;
    std::unique_ptr<ExternalPeer> peer;
    Session *session = sockeye::test::sessionFacingPython(manager, config, server, PyHolder, peer);
    QVERIFY(session);
    QVERIFY(peer->waitForOutput("PEER"));
    QTRY_COMPARE(session->peers().size(), qsizetype(1));
    const quint16 ours = session->peers().first().localPort;
    const QString stats = socketStats(ours);
    QVERIFY2(!stats.isEmpty(), "ss found no such connection");
    if (keepAliveIdleS > 0)
        QVERIFY2(stats.contains(QLatin1String("timer:(keepalive,")), qPrintable(stats));
    else
        QVERIFY2(!stats.contains(QLatin1String("keepalive")), qPrintable(stats));
    if (receiveBuffer > 0)
        QVERIFY2(stats.contains(QStringLiteral("rb%1").arg(2 * receiveBuffer)), qPrintable(stats));
    if (sendBuffer > 0)
        QVERIFY2(stats.contains(QStringLiteral("tb%1").arg(2 * sendBuffer)), qPrintable(stats));
    // Nothing refused: the timeline has no error.
    for (qsizetype i = 0; i < manager.log()->size(); ++i)
        QVERIFY2(manager.log()->at(i).kind != RecordKind::Error,
                 qPrintable(manager.log()->at(i).text));
}

QTEST_GUILESS_MAIN(tst_TcpOptions)
#include "tst_tcpoptions.moc"
