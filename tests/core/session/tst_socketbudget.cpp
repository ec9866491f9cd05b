#include "externalpeer.h"
#include "logquery.h"
#include "session/socketbudget.h"
#include "session/tcpserversession.h"
#include "traffic/trafficlog.h"

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTest>

#include <unistd.h>

#include <memory>

using namespace sockeye;
using sockeye::test::ExternalPeer;
using sockeye::test::loggedEvents;

// Runs under GLib's event dispatcher and, as tst_socketbudget_unix, under Qt's own one.
class tst_SocketBudget : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void turnsPerPass_data();
    void turnsPerPass();
    void massCloseIsSpreadOverPasses_data();
    void massCloseIsSpreadOverPasses();
    void parkedSocketsComeBack();

private:
    SocketBudget *m_budget = nullptr;
};

void tst_SocketBudget::initTestCase()
{
    if (!ExternalPeer::available(QStringLiteral("python3")))
        QFAIL("python3 is missing: run scripts/setup.sh --test");
    m_budget = SocketBudget::install();
    qInfo("event dispatcher: %s", QAbstractEventDispatcher::instance()->metaObject()->className());
}

void tst_SocketBudget::turnsPerPass_data()
{
    QTest::addColumn<qint64>("budgetNs");
    QTest::addColumn<int>("passes");
    QTest::addColumn<int>("turnsEach");
    // Five descriptors that stay readable (nobody reads them), like busy sockets.
    QTest::newRow("no budget: one per pass, in turn") << qint64(0) << 10 << 2;
    QTest::newRow("ample budget: all every pass") << qint64(10'000'000'000) << 10 << 10;
}

void tst_SocketBudget::turnsPerPass()
{
    QFETCH(qint64, budgetNs);
    QFETCH(int, passes);
    QFETCH(int, turnsEach);
    constexpr int Count = 5;
    int pipes[Count][2];
    std::vector<std::unique_ptr<QSocketNotifier>> notifiers;
    QList<int> turns(Count, 0);
    for (int i = 0; i < Count; ++i) {
        QCOMPARE(::pipe(pipes[i]), 0);
        QCOMPARE(::write(pipes[i][1], "x", 1), ssize_t(1));
        notifiers.push_back(std::make_unique<QSocketNotifier>(pipes[i][0], QSocketNotifier::Read));
        connect(notifiers.back().get(), &QSocketNotifier::activated, this,
                [&turns, i] { ++turns[i]; });
    }
    // Let earlier rows' state settle, then count.
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    turns.fill(0);
    m_budget->setBudgetNs(budgetNs);
    const quint64 heldBefore = m_budget->heldBack();
    for (int pass = 0; pass < passes; ++pass)
        QCoreApplication::processEvents();
    m_budget->setBudgetNs(SocketBudget::DefaultBudgetNs);
    notifiers.clear();
    for (auto &p : pipes) {
        ::close(p[0]);
        ::close(p[1]);
    }
    QCOMPARE(turns, QList<int>(Count, turnsEach));
    QCOMPARE(m_budget->heldBack() - heldBefore, quint64(passes * Count - Count * turnsEach));
}

void tst_SocketBudget::massCloseIsSpreadOverPasses_data()
{
    QTest::addColumn<qint64>("budgetNs");
    QTest::newRow("no budget: one socket per pass") << qint64(0);
    QTest::newRow("default budget") << SocketBudget::DefaultBudgetNs;
}

// Every client sends and closes at the same moment; nothing may be lost or misattributed, and
// with no budget every pass of the event loop handles one socket (timers run in between).
void tst_SocketBudget::massCloseIsSpreadOverPasses()
{
    QFETCH(qint64, budgetNs);
    constexpr int Clients = 300;
    TrafficLog log;
    SessionConfig config;
    config.kind = SessionKind::TcpServer;
    config.bindAddress = QStringLiteral("127.0.0.1");
    config.bindPort = 0;
    TcpServerSession server(1, config, &log);
    QVERIFY(server.start());
    const QString script = QStringLiteral(R"(
import socket, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
socks = [socket.create_connection(('127.0.0.1', port)) for _ in range(n)]
print('CONNECTED', flush=True)
sys.stdin.readline()
for i, s in enumerate(socks):
    s.sendall(b'<%d>' % i)
for s in socks:
    s.close()
print('CLOSED', flush=True)
)");
    ExternalPeer peer(QStringLiteral("python3"),
                      {QStringLiteral("-u"), QStringLiteral("-c"), script,
                       QString::number(server.serverPort()), QString::number(Clients)});
    QVERIFY(peer.waitForOutput("CONNECTED"));
    QTRY_COMPARE_WITH_TIMEOUT(server.peers().size(), Clients, 10000);

    int passes = 0;
    const auto counter = connect(QAbstractEventDispatcher::instance(),
                                 &QAbstractEventDispatcher::awake, this, [&passes] { ++passes; });
    m_budget->setBudgetNs(budgetNs);
    peer.write("go\n");
    QVERIFY(peer.waitForOutput("CLOSED"));
    const int passesBefore = passes;
    QTRY_COMPARE_WITH_TIMEOUT(loggedEvents(log).count(RecordKind::ClosedByPeer), Clients, 20000);
    const int passesTaken = passes - passesBefore;
    const bool qtDispatcher =
        QAbstractEventDispatcher::instance()->inherits("QEventDispatcherUNIX");
    const quint64 parked = m_budget->parked();
    m_budget->setBudgetNs(SocketBudget::DefaultBudgetNs);
    disconnect(counter);

    QCOMPARE(server.peers().size(), 0);
    QSet<QByteArray> seen;
    for (qsizetype i = 0; i < log.size(); ++i) {
        const TrafficRecord &r = log.at(i);
        if (r.isData() && r.direction == Direction::Rx)
            seen.insert(r.bytes);
    }
    QCOMPARE(seen.size(), Clients);
    if (budgetNs == 0) {
        QVERIFY2(passesTaken >= Clients / 2, qPrintable(QString::number(passesTaken)));
        if (qtDispatcher)
            QVERIFY(parked > 0); // held-back sockets left the poll set for a while
    }
    QTRY_COMPARE(m_budget->parkedNow(), qsizetype(0));
}

// Clients that stay connected and all send at once, twice: with no budget most of them are
// parked, and every one must come back to the poll set (the second round arrives in full).
void tst_SocketBudget::parkedSocketsComeBack()
{
    constexpr int Clients = 300;
    TrafficLog log;
    SessionConfig config;
    config.kind = SessionKind::TcpServer;
    config.bindAddress = QStringLiteral("127.0.0.1");
    config.bindPort = 0;
    TcpServerSession server(1, config, &log);
    QVERIFY(server.start());
    const QString script = QStringLiteral(R"(
import socket, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
socks = [socket.create_connection(('127.0.0.1', port)) for _ in range(n)]
print('CONNECTED', flush=True)
for line in sys.stdin:
    for i, s in enumerate(socks):
        s.sendall(b'<%s%d>' % (line.strip().encode(), i))
    print('SENT', line.strip(), flush=True)
)");
    ExternalPeer peer(QStringLiteral("python3"),
                      {QStringLiteral("-u"), QStringLiteral("-c"), script,
                       QString::number(server.serverPort()), QString::number(Clients)});
    QVERIFY(peer.waitForOutput("CONNECTED"));
    QTRY_COMPARE_WITH_TIMEOUT(server.peers().size(), Clients, 10000);

    const auto received = [&log](const QByteArray &round) {
        QSet<QByteArray> seen;
        for (qsizetype i = 0; i < log.size(); ++i) {
            const TrafficRecord &r = log.at(i);
            if (!r.isData() || r.direction != Direction::Rx)
                continue;
            // Sends from one client may arrive together; count each "<round i>".
            for (const QByteArray &part : r.bytes.split('>')) {
                if (part.startsWith(QByteArray('<' + round)))
                    seen.insert(part);
            }
        }
        return seen.size();
    };
    m_budget->setBudgetNs(0);
    const quint64 parkedBefore = m_budget->parked();
    for (const QByteArray &round : {QByteArray("a"), QByteArray("b")}) {
        peer.write(round + '\n');
        QVERIFY(peer.waitForOutput("SENT " + round));
        QTRY_COMPARE_WITH_TIMEOUT(received(round), Clients, 20000);
    }
    const quint64 parked = m_budget->parked() - parkedBefore;
    m_budget->setBudgetNs(SocketBudget::DefaultBudgetNs);
    if (QAbstractEventDispatcher::instance()->inherits("QEventDispatcherUNIX"))
        QVERIFY(parked > 0);
    QTRY_COMPARE(m_budget->parkedNow(), qsizetype(0));
    QCOMPARE(server.peers().size(), Clients);
    server.disconnectAll();
}

QTEST_GUILESS_MAIN(tst_SocketBudget)
#include "tst_socketbudget.moc"
