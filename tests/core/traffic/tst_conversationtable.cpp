#include "externalpeer.h"
#include "session/session.h"
#include "session/sessionmanager.h"
#include "traffic/conversationtable.h"
#include "traffic/trafficlog.h"

#include <QTest>

#include <memory>

using namespace sockeye;
using sockeye::test::ExternalPeer;

/**
 * The live table keeps a departed peer's addresses for as long as the log holds any of its
 * records (an export needs them), and no longer (a server of many short connections).
 */
class tst_ConversationTable : public QObject
{
    Q_OBJECT
private slots:
    void departedPeers_data();
    void departedPeers();
};

namespace {

/// Connects to argv[1], sends argv[2] bytes, closes, prints "DONE <its local port>".
const QString PyClient = QStringLiteral(R"(
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
port = s.getsockname()[1]
s.sendall(b'x' * int(sys.argv[2])); s.close()
print('DONE', port, flush=True)
)");

} // namespace

void tst_ConversationTable::departedPeers_data()
{
    QTest::addColumn<int>("afterwards"); // bytes another client sends after the first left
    QTest::addColumn<bool>("kept");
    QTest::newRow("kept while its records are in the log") << 1000 << true;
    QTest::newRow("forgotten once the log evicted them") << 256 * 1024 << false;
}

void tst_ConversationTable::departedPeers()
{
    QFETCH(int, afterwards);
    QFETCH(bool, kept);
    SessionManager manager;
    manager.log()->setByteBudget(64 * 1024);
    ConversationTable table;
    table.addSessions(&manager);
    SessionConfig config;
    config.kind = SessionKind::TcpServer;
    config.bindAddress = QStringLiteral("127.0.0.1");
    Session *server = manager.createSession(config);
    QVERIFY(server->start());
    const QString port = QString::number(server->boundPort());

    std::unique_ptr<ExternalPeer> first(
        ExternalPeer::python(PyClient, {port, QStringLiteral("10")}));
    QVERIFY(first->waitForOutput("\n"));
    const quint16 firstPort = first->output().split(' ').value(1).trimmed().toUShort();
    QTRY_VERIFY(server->peers().isEmpty());
    // Left, yet its addresses are known: the log still holds what it sent.
    QCOMPARE(table.conversations().size(), 1);
    const PeerId gone = table.conversations().first().peer;
    QCOMPARE(table.find(server->id(), gone)->remotePort, firstPort);

    std::unique_ptr<ExternalPeer> second(
        ExternalPeer::python(PyClient, {port, QString::number(afterwards)}));
    QVERIFY(second->waitForOutput("\n"));
    QTRY_COMPARE(manager.log()->sessionCounters(server->id()).bytesIn, qint64(10 + afterwards));
    QTRY_VERIFY(server->peers().isEmpty());
    const bool stillThere = manager.log()->evictedRecords() == 0;
    QCOMPARE(stillThere, kept); // the case is what the row says
    QCOMPARE(table.find(server->id(), gone).has_value(), kept);
    if (kept)
        QCOMPARE(table.peerLabel(server->id(), gone),
                 QStringLiteral("127.0.0.1:%1").arg(firstPort));
    // The one whose records remain is always known.
    QCOMPARE(table.conversations().size(), kept ? 2 : 1);
}

QTEST_GUILESS_MAIN(tst_ConversationTable)
#include "tst_conversationtable.moc"
