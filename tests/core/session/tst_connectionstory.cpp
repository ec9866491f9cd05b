#include "externalpeer.h"
#include "logquery.h"
#include "session/connectionstory.h"
#include "session/sessionmanager.h"
#include "sessionfacingpython.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace sockeye;
using sockeye::test::ExternalPeer;

/**
 * A connection's story as the details panel and `sockeye-cli --stats` tell it: who began, who
 * chose the local port, the first bytes, half-closes, and who ended it, how. Real python peers
 * behave each way; the sentences are asserted as a user reads them.
 */
class tst_ConnectionStory : public QObject
{
    Q_OBJECT
private slots:
    void toldAsItHappened_data();
    void toldAsItHappened();
    void durations_data();
    void durations();
};

namespace {

/// argv "client PORT MODE" connects, "server PORT MODE" accepts one (printing LISTENING);
/// sends "hi", then per MODE: close (FIN), reset (SO_LINGER 0), half (shutdown(SHUT_WR))
/// or wait; then reads until the end and exits.
const QString PyPeer = QStringLiteral(R"(
import socket, struct, sys
role, port, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if role == 'client':
    s = socket.create_connection(('127.0.0.1', port))
else:
    srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(('127.0.0.1', port)); srv.listen(1); print('LISTENING', flush=True)
    s, _ = srv.accept()
s.sendall(b'hi')
if mode == 'close':
    s.close(); sys.exit(0)
if mode == 'reset':
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0)); s.close()
    sys.exit(0)
if mode == 'half':
    s.shutdown(socket.SHUT_WR)
print('SENT', flush=True)
try:
    while s.recv(65536): pass
except OSError: pass
)");

} // namespace

void tst_ConnectionStory::toldAsItHappened_data()
{
    QTest::addColumn<bool>("server");
    QTest::addColumn<QString>("peerDoes");
    QTest::addColumn<int>("weDo"); // -1: nothing, else a Session::CloseMode
    QTest::addColumn<bool>("keepHalfOpen");
    QTest::addColumn<QStringList>("sentences");
    const int nothing = -1;
    const int fin = int(Session::CloseMode::Fin);
    const int rst = int(Session::CloseMode::Reset);
    const int half = int(Session::CloseMode::HalfClose);
    QTest::newRow("the client closes first")
        << true << QStringLiteral("close") << nothing << false
        << QStringList{QStringLiteral("Accepted 127.0.0.1:"),
                       QStringLiteral("(the kernel had completed the handshake)"),
                       QStringLiteral("First bytes in, "),
                       QStringLiteral("The peer closed the connection (FIN), "),
                       QStringLiteral("it closed first")};
    QTest::newRow("the client resets")
        << true << QStringLiteral("reset") << nothing << false
        << QStringList{QStringLiteral("The peer reset the connection (RST), ")};
    QTest::newRow("we close first")
        << true << QStringLiteral("wait") << fin << false
        << QStringList{QStringLiteral("We closed the connection (FIN), "),
                       QStringLiteral("we closed first")};
    QTest::newRow("we reset") << true << QStringLiteral("wait") << rst << false
                              << QStringList{QStringLiteral("We reset the connection (RST), ")};
    QTest::newRow("the client finished, we closed after")
        << true << QStringLiteral("half") << fin << true
        << QStringList{QStringLiteral("The peer finished sending (FIN), "),
                       QStringLiteral("We closed (FIN), "),
                       QStringLiteral("the peer had finished first")};
    QTest::newRow("we half-closed, the client closed after")
        << true << QStringLiteral("wait") << half << false
        << QStringList{QStringLiteral("We half-closed (FIN), "),
                       QStringLiteral("The peer closed too (FIN), "),
                       QStringLiteral("we had closed first")};
    QTest::newRow("Sockeye's client, the kernel's port")
        << false << QStringLiteral("close") << nothing << false
        << QStringList{QStringLiteral("Handshake with 127.0.0.1:"),
                       QStringLiteral("Connected after "),
                       QStringLiteral("(the local port the kernel chose)"),
                       QStringLiteral("First bytes in, ")};
}

void tst_ConnectionStory::toldAsItHappened()
{
    QFETCH(bool, server);
    QFETCH(QString, peerDoes);
    QFETCH(int, weDo);
    QFETCH(bool, keepHalfOpen);
    QFETCH(QStringList, sentences);
    SessionConfig config;
    config.keepHalfOpen = keepHalfOpen;
    SessionManager manager;
    std::unique_ptr<ExternalPeer> peer;
    // sessionFacingPython passes "client PORT" or "server PORT"; what the peer does is added.
    const QString script =
        QStringLiteral("import sys\nsys.argv.append('%1')\n").arg(peerDoes) + PyPeer;
    Session *session = sockeye::test::sessionFacingPython(manager, config, server, script, peer);
    QVERIFY(session);
    QSignalSpy ended(session, &Session::peerEnded);
    QTRY_COMPARE_WITH_TIMEOUT(sockeye::test::loggedBytes(*session->log()), QByteArray("hi"), 10000);
    if (weDo >= 0) {
        if (keepHalfOpen)
            QTRY_VERIFY(
                sockeye::test::logSays(*session->log(), QStringLiteral("finished sending")));
        else
            QVERIFY(peer->waitForOutput("SENT"));
        QVERIFY(session->disconnectPeer(session->peers().first().id, Session::CloseMode(weDo)));
        if (Session::CloseMode(weDo) == Session::CloseMode::HalfClose)
            peer->closeWriteChannel(); // it reads our FIN, then closes too
    }
    QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 10000);
    const auto endedPeer = ended.first().at(0).value<Peer>();
    const auto counters = ended.first().at(1).value<TrafficCounters>();
    const QString story = ConnectionStory::summary(endedPeer, counters);
    for (const QString &sentence : sentences)
        QVERIFY2(story.contains(sentence), qPrintable(story));
    QVERIFY2(story.endsWith(QLatin1String("2 B in, 0 B out.")), qPrintable(story));
    // In the order they happened: the start first, the end last.
    const QList<ConnectionStory::Line> lines = ConnectionStory::lines(endedPeer, counters);
    QVERIFY(lines.size() >= 3);
    QVERIFY(lines.first().text.startsWith(server ? QLatin1String("Accepted")
                                                 : QLatin1String("Handshake")));
    for (qsizetype i = 1; i < lines.size(); ++i)
        QVERIFY(lines[i - 1].timeUs <= lines[i].timeUs);
}

void tst_ConnectionStory::durations_data()
{
    QTest::addColumn<qint64>("us");
    QTest::addColumn<QString>("text");
    QTest::newRow("microseconds") << qint64(850) << QStringLiteral("850 µs");
    QTest::newRow("a few milliseconds") << qint64(1250) << QStringLiteral("1.3 ms");
    QTest::newRow("milliseconds") << qint64(179'400) << QStringLiteral("179 ms");
    QTest::newRow("seconds") << qint64(3'040'000) << QStringLiteral("3.0 s");
    QTest::newRow("minutes") << qint64(245'000'000) << QStringLiteral("4 min 05 s");
}

void tst_ConnectionStory::durations()
{
    QFETCH(qint64, us);
    QFETCH(QString, text);
    QCOMPARE(ConnectionStory::formatDuration(us), text);
}

QTEST_GUILESS_MAIN(tst_ConnectionStory)
#include "tst_connectionstory.moc"
