#include "traffic/trafficlog.h"

#include <QSignalSpy>
#include <QTest>

using namespace sockeye;

class tst_TrafficLog : public QObject
{
    Q_OBJECT
private slots:
    void appendAssignsSequenceAndTimestamp();
    void bytesAreShared();
    void eviction_data();
    void eviction();
    void shrinkingBudgetEvicts();
    void countersSurviveEviction();
    void countersPerSessionAndPeer();
    void clearKeepsCounters();
    void indexOf();
    void clearSession();
    void forgetPeerDropsOnlyItsCounters();
};

static TrafficRecord data(SessionId s, PeerId p, Direction d, qsizetype n)
{
    TrafficRecord r;
    r.session = s;
    r.peer = p;
    r.direction = d;
    r.bytes = QByteArray(n, 'x');
    return r;
}

void tst_TrafficLog::appendAssignsSequenceAndTimestamp()
{
    TrafficLog log;
    QSignalSpy spy(&log, &TrafficLog::recordAppended);
    const qint64 before = nowUs();
    const quint64 s1 = log.append(data(1, 1, Direction::Rx, 3)).sequence;
    const quint64 s2 = log.append(data(1, 1, Direction::Tx, 3)).sequence;
    QCOMPARE(s2, s1 + 1);
    QCOMPARE(spy.count(), 2);
    QVERIFY(log.at(0).timestampUs >= before);
    QVERIFY(log.at(0).timestampUs <= nowUs());
    TrafficRecord fixed = data(1, 1, Direction::Rx, 1);
    fixed.timestampUs = 42;
    QCOMPARE(log.append(fixed).timestampUs, qint64(42));
}

void tst_TrafficLog::bytesAreShared()
{
    TrafficLog log;
    const QByteArray payload(4096, 'a');
    TrafficRecord r = data(1, 1, Direction::Rx, 0);
    r.bytes = payload;
    const TrafficRecord &stored = log.append(r);
    QCOMPARE(stored.bytes.constData(), payload.constData()); // same buffer, not a copy
}

void tst_TrafficLog::eviction_data()
{
    QTest::addColumn<int>("records");
    QTest::addColumn<int>("payload");
    QTest::addColumn<int>("budgetRecords"); // budget expressed in records of that size

    QTest::newRow("fits exactly") << 10 << 100 << 10;
    QTest::newRow("one over") << 11 << 100 << 10;
    QTest::newRow("many over") << 1000 << 10 << 7;
    QTest::newRow("empty payloads") << 50 << 0 << 20;
    QTest::newRow("big records") << 5 << 100000 << 2;
}

void tst_TrafficLog::eviction()
{
    QFETCH(int, records);
    QFETCH(int, payload);
    QFETCH(int, budgetRecords);

    TrafficLog log;
    const qint64 unit = TrafficLog::cost(data(1, 1, Direction::Rx, payload));
    log.setByteBudget(unit * budgetRecords);
    QSignalSpy spy(&log, &TrafficLog::recordsEvicted);
    for (int i = 0; i < records; ++i)
        log.append(data(1, 1, Direction::Rx, payload));

    const int kept = qMin(records, budgetRecords);
    QCOMPARE(log.size(), kept);
    QCOMPARE(log.evictedRecords(), quint64(records - kept));
    QCOMPARE(log.evictedPayloadBytes(), qint64(records - kept) * payload);
    QVERIFY(log.storedBytes() <= log.byteBudget());
    QCOMPARE(log.storedBytes(), unit * kept);
    QCOMPARE(log.at(0).sequence, quint64(records - kept + 1)); // the newest are kept
    qsizetype reported = 0;
    for (const auto &args : spy)
        reported += args.at(0).value<qsizetype>();
    QCOMPARE(reported, qsizetype(records - kept));
}

void tst_TrafficLog::shrinkingBudgetEvicts()
{
    TrafficLog log;
    for (int i = 0; i < 10; ++i)
        log.append(data(1, 1, Direction::Rx, 10));
    log.setByteBudget(TrafficLog::cost(data(1, 1, Direction::Rx, 10)) * 3);
    QCOMPARE(log.size(), 3);
    QCOMPARE(log.evictedRecords(), quint64(7));
}

void tst_TrafficLog::countersSurviveEviction()
{
    TrafficLog log;
    log.setByteBudget(TrafficLog::cost(data(1, 1, Direction::Rx, 100)));
    for (int i = 0; i < 5; ++i)
        log.append(data(1, 1, Direction::Rx, 100));
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.totals().bytesIn, qint64(500));
    QCOMPARE(log.totals().framesIn, quint64(5));
}

void tst_TrafficLog::countersPerSessionAndPeer()
{
    TrafficLog log;
    log.append(data(1, 1, Direction::Rx, 10));
    log.append(data(1, 2, Direction::Rx, 20));
    log.append(data(1, 2, Direction::Tx, 5));
    log.append(data(2, 1, Direction::Tx, 7));
    TrafficRecord event;
    event.session = 1;
    event.kind = RecordKind::Listening;
    event.text = QStringLiteral("Listening");
    log.append(event);

    QCOMPARE(log.sessionCounters(1).bytesIn, qint64(30));
    QCOMPARE(log.sessionCounters(1).bytesOut, qint64(5));
    QCOMPARE(log.sessionCounters(1).framesIn, quint64(2));
    QCOMPARE(log.peerCounters(1, 2).bytesIn, qint64(20));
    QCOMPARE(log.peerCounters(1, 2).framesOut, quint64(1));
    QCOMPARE(log.peerCounters(2, 1).bytesOut, qint64(7));
    QCOMPARE(log.peerCounters(2, 1).bytesIn, qint64(0));
    QCOMPARE(log.totals().bytesIn + log.totals().bytesOut, qint64(42));
}

void tst_TrafficLog::clearKeepsCounters()
{
    TrafficLog log;
    QSignalSpy spy(&log, &TrafficLog::cleared);
    log.append(data(1, 1, Direction::Rx, 10));
    log.clear();
    QCOMPARE(spy.count(), 1);
    QVERIFY(log.isEmpty());
    QCOMPARE(log.storedBytes(), qint64(0));
    QCOMPARE(log.totals().bytesIn, qint64(10));
    QCOMPARE(log.evictedRecords(), quint64(0)); // a clear is not an eviction
    const quint64 next = log.append(data(1, 1, Direction::Rx, 1)).sequence;
    QCOMPARE(next, quint64(2));
}

void tst_TrafficLog::indexOf()
{
    TrafficLog log;
    log.setByteBudget(TrafficLog::cost(data(1, 1, Direction::Rx, 1)) * 2);
    for (int i = 0; i < 4; ++i)
        log.append(data(1, 1, Direction::Rx, 1));
    QCOMPARE(log.indexOf(1), -1); // evicted
    QCOMPARE(log.indexOf(3), 0);
    QCOMPARE(log.indexOf(4), 1);
    QCOMPARE(log.indexOf(5), -1); // not yet
}

void tst_TrafficLog::clearSession()
{
    TrafficLog log;
    QSignalSpy spy(&log, &TrafficLog::sessionCleared);
    for (int i = 0; i < 6; ++i)
        log.append(data(SessionId(1 + i % 2), 1, Direction::Rx, 10));
    const qint64 unit = TrafficLog::cost(data(1, 1, Direction::Rx, 10));
    log.clearSession(1);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(log.size(), 3);
    QCOMPARE(log.storedBytes(), unit * 3);
    for (qsizetype i = 0; i < log.size(); ++i) {
        QCOMPARE(log.at(i).session, SessionId(2));
        QCOMPARE(log.indexOf(log.at(i).sequence), i); // found despite the gaps
    }
    QCOMPARE(log.indexOf(1), -1); // session 1's first record is gone
    QCOMPARE(log.indexOf(3), -1);
    QCOMPARE(log.sessionCounters(1).framesIn, quint64(3)); // counters keep their totals
}

// A peer that left is forgotten (a server of 100,000 short connections kept every set of
// counters); the session's counters, the totals and the records keep what it did.
void tst_TrafficLog::forgetPeerDropsOnlyItsCounters()
{
    TrafficLog log;
    log.append(data(1, 1, Direction::Rx, 10));
    log.append(data(1, 2, Direction::Rx, 20));
    log.append(data(2, 1, Direction::Tx, 30));
    log.forgetPeer(1, 1);
    QCOMPARE(log.peerCounters(1, 1).bytesIn, 0);
    QCOMPARE(log.peerCounters(1, 2).bytesIn, 20);  // another peer of the session
    QCOMPARE(log.peerCounters(2, 1).bytesOut, 30); // the same id in another session
    QCOMPARE(log.sessionCounters(1).bytesIn, 30);
    QCOMPARE(log.totals().bytesIn + log.totals().bytesOut, 60);
    QCOMPARE(log.size(), 3);
}

QTEST_GUILESS_MAIN(tst_TrafficLog)
#include "tst_trafficlog.moc"
