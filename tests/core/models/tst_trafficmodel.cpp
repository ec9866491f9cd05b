#include "models/trafficmodel.h"
#include "session/tcpserversession.h"
#include "traffic/trafficlog.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace sockeye;

class tst_TrafficModel : public QObject
{
    Q_OBJECT
private slots:
    void batchesAppendsIntoOneInsert();
    void filters_data();
    void filters();
    void pauseHoldsRowsUntilResume();
    void evictionRemovesFrontRows();
    void clearFreesTheRecords();
    void clearOneSessionKeepsTheOthers();
    void logClearedResets();
    void rolesDescribeRecord();
    void departedPeersLabelsGoWithTheirRecords();

private:
    static TrafficRecord data(SessionId session, PeerId peer, Direction direction,
                              const QByteArray &bytes)
    {
        TrafficRecord r;
        r.session = session;
        r.peer = peer;
        r.direction = direction;
        r.bytes = bytes;
        return r;
    }
    static TrafficRecord event(SessionId session, PeerId peer, const QString &text)
    {
        TrafficRecord r;
        r.session = session;
        r.peer = peer;
        r.kind = RecordKind::Accepted;
        r.text = text;
        return r;
    }
};

void tst_TrafficModel::batchesAppendsIntoOneInsert()
{
    TrafficLog log;
    TrafficModel model(&log);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

    for (int i = 0; i < 100; ++i)
        log.append(data(1, 1, Direction::Rx, QByteArray::number(i)));
    QCOMPARE(model.rowCount(), 0); // nothing until the timer fires
    QCOMPARE(model.pendingCount(), 100);
    QTRY_COMPARE(model.rowCount(), 100);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.recordAt(99)->bytes, QByteArray("99"));
}

void tst_TrafficModel::filters_data()
{
    QTest::addColumn<int>("direction");
    QTest::addColumn<quint32>("peer");
    QTest::addColumn<bool>("events");
    QTest::addColumn<int>("expectedRows");

    // Session 1: event(peer 1), rx(1), tx(1), rx(2), tx(2); session 2: rx(1).
    QTest::newRow("everything") << 0 << 0u << true << 5;
    QTest::newRow("received only") << 1 << 0u << true << 3;
    QTest::newRow("sent only, no events") << 2 << 0u << false << 2;
    QTest::newRow("peer 2") << 0 << 2u << true << 2;
    QTest::newRow("peer 1 received") << 1 << 1u << true << 2;
}

void tst_TrafficModel::filters()
{
    QFETCH(int, direction);
    QFETCH(quint32, peer);
    QFETCH(bool, events);
    QFETCH(int, expectedRows);

    TrafficLog log;
    log.append(event(1, 1, QStringLiteral("Accepted 127.0.0.1:1")));
    log.append(data(1, 1, Direction::Rx, "a"));
    log.append(data(1, 1, Direction::Tx, "b"));
    log.append(data(1, 2, Direction::Rx, "c"));
    log.append(data(1, 2, Direction::Tx, "d"));
    log.append(data(2, 1, Direction::Rx, "other session"));

    TrafficModel model(&log);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 6);

    // The session filter needs a Session object (tested with real sockets elsewhere); count
    // session 1's rows here.
    model.setDirectionFilter(TrafficModel::DirectionFilter(direction));
    model.setPeerFilter(peer);
    model.setShowEvents(events);
    int rows = 0;
    for (int i = 0; i < model.rowCount(); ++i) {
        if (model.recordAt(i)->session == 1)
            ++rows;
    }
    QCOMPARE(rows, expectedRows);

    // Records arriving later go through the same filters.
    log.append(data(1, 2, Direction::Rx, "late"));
    model.flush();
    const bool lateShown =
        model.rowCount() > 0 && model.recordAt(model.rowCount() - 1)->bytes == "late";
    const bool shouldShow = direction != 2 && (peer == 0 || peer == 2);
    QCOMPARE(lateShown, shouldShow);
}

void tst_TrafficModel::pauseHoldsRowsUntilResume()
{
    TrafficLog log;
    TrafficModel model(&log);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    log.append(data(1, 1, Direction::Rx, "before"));
    model.flush();
    QCOMPARE(model.rowCount(), 1);

    model.setPaused(true);
    QSignalSpy pending(&model, &TrafficModel::pendingCountChanged);
    log.append(data(1, 1, Direction::Rx, "x"));
    log.append(data(1, 1, Direction::Tx, "y"));
    model.flush(); // what the coalescing timer does: paused, it adds nothing
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.pendingCount(), 2);
    QCOMPARE(pending.count(), 2);
    QCOMPARE(log.size(), 3); // recording went on

    model.setPaused(false);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.pendingCount(), 0);
}

void tst_TrafficModel::evictionRemovesFrontRows()
{
    TrafficLog log;
    log.setByteBudget(TrafficLog::cost(data(1, 1, Direction::Rx, QByteArray(100, 'x'))) * 10);
    TrafficModel model(&log);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy evicted(&model, &TrafficModel::rowsEvicted);

    for (int i = 0; i < 10; ++i)
        log.append(data(1, 1, Direction::Rx, QByteArray(100, char('a' + i))));
    model.flush();
    QCOMPARE(model.rowCount(), 10);

    for (int i = 0; i < 4; ++i)
        log.append(data(1, 1, Direction::Rx, QByteArray(100, char('0' + i))));
    model.flush();
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(evicted.count(), 1);
    QCOMPARE(model.evictedRows(), 4u);
    QCOMPARE(model.recordAt(0)->bytes.at(0), 'e');
    QCOMPARE(model.recordAt(9)->bytes.at(0), '3');
    for (int i = 0; i < model.rowCount(); ++i)
        QVERIFY(model.recordAt(i));
}

void tst_TrafficModel::clearFreesTheRecords()
{
    TrafficLog log;
    TrafficModel model(&log); // every session
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    log.append(data(1, 1, Direction::Rx, "a"));
    log.append(data(2, 1, Direction::Rx, "b"));
    model.flush();
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(log.size(), 0);
    QCOMPARE(log.storedBytes(), qint64(0));
    QCOMPARE(log.totals().bytesIn, qint64(2)); // counters keep their totals
    log.append(data(1, 1, Direction::Rx, "c"));
    model.flush();
    QCOMPARE(model.rowCount(), 1);
    model.setShowEvents(false); // a rebuild still honours the clear
    QCOMPARE(model.rowCount(), 1);
}

void tst_TrafficModel::clearOneSessionKeepsTheOthers()
{
    TrafficLog log;
    SessionConfig config;
    TcpServerSession one(1, config, &log);
    TcpServerSession two(2, config, &log);
    TrafficModel modelOne(&log);
    modelOne.setSession(&one);
    TrafficModel modelTwo(&log);
    modelTwo.setSession(&two);
    TrafficModel everything(&log);
    QAbstractItemModelTester t1(&modelOne, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t2(&modelTwo, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t3(&everything,
                                QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (const char *bytes : {"1a", "2a", "1b", "2b", "1c"})
        log.append(data(SessionId(bytes[0] - '0'), 1, Direction::Rx, bytes));
    modelOne.flush();
    modelTwo.flush();
    everything.flush();
    QCOMPARE(everything.rowCount(), 5);

    modelOne.clear();
    QCOMPARE(modelOne.rowCount(), 0);
    QCOMPARE(log.size(), 2); // session 2's records stay, and can still be found
    QCOMPARE(modelTwo.rowCount(), 2);
    QCOMPARE(modelTwo.recordAt(0)->bytes, QByteArray("2a"));
    QCOMPARE(modelTwo.recordAt(1)->bytes, QByteArray("2b"));
    QCOMPARE(everything.rowCount(), 2);
    log.append(data(2, 1, Direction::Rx, "2c"));
    modelTwo.flush();
    QCOMPARE(modelTwo.recordAt(2)->bytes, QByteArray("2c"));
    QCOMPARE(log.indexOf(log.at(2).sequence), 2);
}

void tst_TrafficModel::logClearedResets()
{
    TrafficLog log;
    TrafficModel model(&log);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    log.append(data(1, 1, Direction::Rx, "a"));
    model.flush();
    log.clear();
    QCOMPARE(model.rowCount(), 0);
}

void tst_TrafficModel::rolesDescribeRecord()
{
    TrafficLog log;
    TrafficModel model(&log);
    model.setPeerLabel(1, 7, QStringLiteral("127.0.0.1:4000"));
    log.append(data(1, 7, Direction::Tx, "hi\r\n"));
    log.append(event(1, 7, QStringLiteral("Accepted 127.0.0.1:4000")));
    model.flush();
    const QModelIndex first = model.index(0);
    QCOMPARE(first.data(TrafficModel::BytesRole).toByteArray(), QByteArray("hi\r\n"));
    QCOMPARE(first.data(TrafficModel::PeerLabelRole).toString(), QStringLiteral("127.0.0.1:4000"));
    QCOMPARE(first.data(TrafficModel::DirectionRole).toInt(), int(Direction::Tx));
    QCOMPARE(first.data(TrafficModel::IsEventRole).toBool(), false);
    QVERIFY(first.data().toString().endsWith(QStringLiteral("127.0.0.1:4000 hi..")));
    const QModelIndex second = model.index(1);
    QCOMPARE(second.data(TrafficModel::IsEventRole).toBool(), true);
    QCOMPARE(second.data(TrafficModel::EventTextRole).toString(),
             QStringLiteral("Accepted 127.0.0.1:4000"));
    QCOMPARE(model.rowOfSequence(second.data(TrafficModel::SequenceRole).toULongLong()), 1);
}

// A server that serves many short connections: the label of a client that left stays while
// its records do (they show it), and goes once the log has evicted them; a client still
// connected keeps its label.
void tst_TrafficModel::departedPeersLabelsGoWithTheirRecords()
{
    TrafficLog log;
    SessionConfig config;
    config.bindAddress = QStringLiteral("127.0.0.1");
    TcpServerSession server(1, config, &log);
    QVERIFY(server.start());
    TrafficModel model(&log);
    model.setSession(&server);
    QTcpSocket stays;
    QTcpSocket leaves;
    for (QTcpSocket *client : {&stays, &leaves}) {
        client->connectToHost(QHostAddress::LocalHost, server.serverPort());
        QVERIFY(client->waitForConnected(5000));
    }
    QTRY_COMPARE(server.peers().size(), 2);
    QCOMPARE(model.peerLabels().size(), 2);
    const PeerId gone = server.peers().constLast().id;
    leaves.disconnectFromHost();
    QTRY_COMPARE(server.peers().size(), 1);
    model.flush();
    QVERIFY(model.peerLabels().contains(PeerKey{1, gone})); // its records are still shown

    // The log evicts everything up to now: the departed peer's label goes, the other stays.
    log.setByteBudget(4096);
    for (int i = 0; i < 100; ++i)
        log.append(data(1, server.peers().constFirst().id, Direction::Rx, QByteArray(200, 'x')));
    model.flush();
    QCOMPARE(model.peerLabels().size(), 1);
    QVERIFY(!model.peerLabels().contains(PeerKey{1, gone}));
    QVERIFY(model.peerLabels().contains(PeerKey{1, server.peers().constFirst().id}));
}

QTEST_GUILESS_MAIN(tst_TrafficModel)
#include "tst_trafficmodel.moc"
