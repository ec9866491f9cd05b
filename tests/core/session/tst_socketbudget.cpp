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

namespace {
constexpr int Clients = 300;

// Clients that connect, then obey lines on stdin: "send TAG" sends "<TAGi>" from client i,
// "close" closes them all; each line is answered with "DONE ..." once it is done.
const char *const ClientsScript = R"(
import socket, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
socks = [socket.create_connection(('127.0.0.1', port)) for _ in range(n)]
print('CONNECTED', flush=True)
for line in sys.stdin:
    words = line.split()
    if words[0] == 'send':
        for i, s in enumerate(socks):
            s.sendall(b'<%s%d>' % (words[1].encode(), i))
    else:
        for s in socks:
            s.close()
    print('DONE', line.strip(), flush=True)
)";

struct Clients300
{
    TrafficLog log;
    std::unique_ptr<TcpServerSession> server;
    std::unique_ptr<ExternalPeer> clients;

    // Starts the server and connects the clients; false if that failed.
    bool start()
    {
        SessionConfig config;
        config.kind = SessionKind::TcpServer;
        config.bindAddress = QStringLiteral("127.0.0.1");
        config.bindPort = 0;
        server = std::make_unique<TcpServerSession>(1, config, &log);
        if (!server->start())
            return false;
        clients = std::make_unique<ExternalPeer>(
            QStringLiteral("python3"),
            QStringList{QStringLiteral("-u"), QStringLiteral("-c"),
                        QString::fromLatin1(ClientsScript), QString::number(server->serverPort()),
                        QString::number(Clients)});
        return clients->waitForOutput("CONNECTED") &&
               QTest::qWaitFor([this] { return server->peers().size() == Clients; }, 10000);
    }
    bool command(const QByteArray &line)
    {
        clients->write(line + '\n');
        return clients->waitForOutput("DONE " + line);
    }
    // How many clients' "<TAGi>" arrived (one client's sends may arrive together).
    int received(const QByteArray &tag) const
    {
        QSet<QByteArray> seen;
        for (qsizetype i = 0; i < log.size(); ++i) {
            const TrafficRecord &r = log.at(i);
            if (!r.isData() || r.direction != Direction::Rx)
                continue;
            for (const QByteArray &part : r.bytes.split('>')) {
                if (part.startsWith(QByteArray('<' + tag)))
                    seen.insert(part);
            }
        }
        return int(seen.size());
    }
};

bool qtDispatcher()
{
    return QAbstractEventDispatcher::instance()->inherits("QEventDispatcherUNIX");
}
} // namespace

// Every client sends and closes at the same moment; nothing may be lost or misattributed, and
// with no budget every pass of the event loop handles one socket (timers run in between).
void tst_SocketBudget::massCloseIsSpreadOverPasses()
{
    QFETCH(qint64, budgetNs);
    Clients300 run;
    QVERIFY(run.start());
    QVERIFY(run.command("send a"));
    QTRY_COMPARE_WITH_TIMEOUT(run.received("a"), Clients, 20000);

    int passes = 0;
    const auto counter = connect(QAbstractEventDispatcher::instance(),
                                 &QAbstractEventDispatcher::awake, this, [&passes] { ++passes; });
    const quint64 parkedBefore = m_budget->parked();
    m_budget->setBudgetNs(budgetNs);
    QVERIFY(run.command("close"));
    QTRY_COMPARE_WITH_TIMEOUT(loggedEvents(run.log).count(RecordKind::ClosedByPeer), Clients,
                              20000);
    const int passesTaken = passes; // since the close command
    const quint64 parked = m_budget->parked() - parkedBefore;
    m_budget->setBudgetNs(SocketBudget::DefaultBudgetNs);
    disconnect(counter);

    QCOMPARE(run.server->peers().size(), 0);
    if (budgetNs == 0) {
        QVERIFY2(passesTaken >= Clients / 2, qPrintable(QString::number(passesTaken)));
        if (qtDispatcher())
            QVERIFY(parked > 0); // held-back sockets left the poll set for a while
    }
    QTRY_COMPARE(m_budget->parkedNow(), qsizetype(0));
}

// Clients that stay connected and all send at once, twice: with no budget most of them are
// parked, and every one must come back to the poll set (the second round arrives in full).
void tst_SocketBudget::parkedSocketsComeBack()
{
    Clients300 run;
    QVERIFY(run.start());
    m_budget->setBudgetNs(0);
    const quint64 parkedBefore = m_budget->parked();
    for (const QByteArray &tag : {QByteArray("a"), QByteArray("b")}) {
        QVERIFY(run.command("send " + tag));
        QTRY_COMPARE_WITH_TIMEOUT(run.received(tag), Clients, 20000);
    }
    const quint64 parked = m_budget->parked() - parkedBefore;
    m_budget->setBudgetNs(SocketBudget::DefaultBudgetNs);
    if (qtDispatcher())
        QVERIFY(parked > 0);
    QTRY_COMPARE(m_budget->parkedNow(), qsizetype(0));
    QCOMPARE(run.server->peers().size(), Clients);
    run.server->disconnectAll();
}

QTEST_GUILESS_MAIN(tst_SocketBudget)
#include "tst_socketbudget.moc"
