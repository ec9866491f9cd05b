#include "closewatcher.h"
#include "externalpeer.h"
#include "logquery.h"
#include "session/session.h"
#include "session/sessionmanager.h"
#include "sessionfacingpython.h"
#include "traffic/trafficlog.h"
#include "traffic/trafficrecord.h"

#include <QTest>

#include <memory>

using namespace sockeye;
using sockeye::test::ExternalPeer;
using sockeye::test::PyCloseWatcher;

/**
 * The three ways Sockeye closes a TCP connection, as a python peer sees them: FIN (an orderly
 * end), RST (ConnectionResetError) and half-close (an end of the stream, yet what the peer
 * sends afterwards still arrives), for a server's client and for Sockeye's own client.
 */
class tst_CloseModes : public QObject
{
    Q_OBJECT
private slots:
    void closes_data();
    void closes();
    void peerHalfCloses_data();
    void peerHalfCloses();
};

namespace {

/// argv "client PORT" connects, "server PORT" accepts one (printing LISTENING); sends
/// "request", shutdown(SHUT_WR), then prints what it receives ("GOT <bytes>") until the end
/// of the stream ("EOF").
const QString PyHalfCloser = QStringLiteral(R"(
import socket, sys
role, port = sys.argv[1], int(sys.argv[2])
if role == 'client':
    s = socket.create_connection(('127.0.0.1', port))
else:
    srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(('127.0.0.1', port)); srv.listen(1); print('LISTENING', flush=True)
    s, _ = srv.accept()
s.sendall(b'request'); s.shutdown(socket.SHUT_WR)
while True:
    d = s.recv(65536)
    if not d: break
    print('GOT', d.decode(), flush=True)
print('EOF', flush=True)
)");

} // namespace

void tst_CloseModes::closes_data()
{
    QTest::addColumn<bool>("server"); // Sockeye's side: a server's client, or its own client
    QTest::addColumn<int>("mode");
    for (bool server : {true, false}) {
        const char *side = server ? "server's client" : "client";
        QTest::addRow("%s, FIN", side) << server << int(Session::CloseMode::Fin);
        QTest::addRow("%s, RST", side) << server << int(Session::CloseMode::Reset);
        QTest::addRow("%s, half-close", side) << server << int(Session::CloseMode::HalfClose);
    }
}

void tst_CloseModes::closes()
{
    QFETCH(bool, server);
    QFETCH(int, mode);
    const auto closeMode = Session::CloseMode(mode);
    SessionManager manager;
    std::unique_ptr<ExternalPeer> peer;
    Session *session =
        sockeye::test::sessionFacingPython(manager, SessionConfig(), server, PyCloseWatcher, peer);
    QVERIFY(session);
    QVERIFY(peer->waitForOutput("READY"));
    QTRY_COMPARE(session->peers().size(), qsizetype(1));
    const PeerId id = session->peers().first().id;

    QVERIFY(session->send("bye\n").ok());
    QVERIFY(session->disconnectPeer(id, closeMode));
    if (closeMode == Session::CloseMode::HalfClose) {
        // Our side is closed for sending: said, not written into a shut socket.
        const SendResult refused = session->send("more\n");
        QVERIFY(!refused.ok());
        QVERIFY2(refused.message.contains(QLatin1String("half-closed")),
                 qPrintable(refused.message));
    }
    QVERIFY(peer->waitForOutput("DONE"));
    const QByteArray seen = peer->output();
    switch (closeMode) {
    case Session::CloseMode::Fin:
        QVERIFY2(seen.contains("GOT b'bye\\n' EOF"), seen.constData());
        break;
    case Session::CloseMode::Reset:
        QVERIFY2(seen.contains("RESET"), seen.constData());
        QVERIFY(sockeye::test::logSays(*manager.log(), QStringLiteral("(RST)")));
        break;
    case Session::CloseMode::HalfClose: {
        QVERIFY2(seen.contains("GOT b'bye\\n' EOF"), seen.constData());
        QVERIFY(
            sockeye::test::logSays(*manager.log(), QStringLiteral("Half-closed the connection")));
        // What the peer sends after our FIN is received, and its close ends the connection.
        QTRY_COMPARE(manager.log()->sessionCounters(session->id()).bytesIn,
                     qint64(sizeof("late\n") - 1));
        QTRY_VERIFY(session->peers().isEmpty());
        QVERIFY(sockeye::test::logSays(*manager.log(), QStringLiteral("closed the connection")));
        break;
    }
    }
    QTRY_VERIFY(session->peers().isEmpty());
    QCOMPARE(session->disconnectPeer(id, closeMode), false); // gone: nothing to close
}

void tst_CloseModes::peerHalfCloses_data()
{
    QTest::addColumn<bool>("server");
    QTest::addColumn<bool>("keepHalfOpen");
    for (bool server : {true, false}) {
        const char *side = server ? "server's client" : "client's server";
        QTest::addRow("%s half-closes, kept half-open", side) << server << true;
        QTest::addRow("%s half-closes, closed after", side) << server << false;
    }
}

// The peer finishes sending (FIN). Kept half-open, the connection waits for the user: what is
// sent later still arrives, and only the user's close ends it. Otherwise Sockeye closes as
// soon as nothing is left for the peer.
void tst_CloseModes::peerHalfCloses()
{
    QFETCH(bool, server);
    QFETCH(bool, keepHalfOpen);
    SessionConfig config;
    config.keepHalfOpen = keepHalfOpen;
    SessionManager manager;
    std::unique_ptr<ExternalPeer> peer;
    Session *session =
        sockeye::test::sessionFacingPython(manager, config, server, PyHalfCloser, peer);
    QVERIFY(session);
    const TrafficLog &log = *session->log();
    QTRY_COMPARE(sockeye::test::loggedBytes(log), QByteArray("request"));
    if (!keepHalfOpen) {
        QVERIFY(peer->waitForOutput("EOF"));
        QTRY_VERIFY(session->peers().isEmpty());
        QVERIFY(sockeye::test::logSays(log, QStringLiteral("closed the connection")));
        return;
    }
    QTRY_VERIFY(sockeye::test::logSays(log, QStringLiteral("finished sending (FIN); you can "
                                                           "still send to it")));
    QCOMPARE(session->peers().size(), 1);
    QVERIFY(session->send("late reply").ok());
    QVERIFY(peer->waitForOutput("GOT late reply"));
    QVERIFY(session->send("and another").ok());
    QVERIFY(peer->waitForOutput("GOT and another"));
    QVERIFY(!peer->output().contains("EOF"));
    QVERIFY(session->disconnectPeer(session->peers().first().id));
    QVERIFY(peer->waitForOutput("EOF"));
    QTRY_VERIFY(session->peers().isEmpty());
}

QTEST_GUILESS_MAIN(tst_CloseModes)
#include "tst_closemodes.moc"
