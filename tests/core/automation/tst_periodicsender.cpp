#include "automation/periodicsender.h"
#include "session/udpsession.h"
#include "traffic/trafficlog.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace sockeye;

class tst_PeriodicSender : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void countAndOrder_data();
    void countAndOrder();
    void keepsItsRate();
    void stalledLoop_data();
    void stalledLoop();
    void stopStops();
    void invalidPayloadIsRefused();
    void sendErrorStops();

private:
    TrafficLog *m_log = nullptr;
    UdpSession *m_sender = nullptr;
    UdpSession *m_receiver = nullptr;
};

void tst_PeriodicSender::init()
{
    m_log = new TrafficLog;
    SessionConfig config;
    config.kind = SessionKind::Udp;
    config.bindAddress = QStringLiteral("127.0.0.1");
    m_receiver = new UdpSession(1, config, m_log);
    QVERIFY(m_receiver->start());
    config.remoteHost = QStringLiteral("127.0.0.1");
    config.remotePort = m_receiver->localPort();
    m_sender = new UdpSession(2, config, m_log);
    QVERIFY(m_sender->start());
}

void tst_PeriodicSender::cleanup()
{
    delete m_sender;
    delete m_receiver;
    delete m_log;
}

void tst_PeriodicSender::countAndOrder_data()
{
    QTest::addColumn<QStringList>("payloads");
    QTest::addColumn<int>("count");
    QTest::addColumn<QList<QByteArray>>("expected");
    QTest::newRow("one payload three times")
        << QStringList{QStringLiteral("a")} << 3 << QList<QByteArray>{"a", "a", "a"};
    QTest::newRow("two payloads in turn")
        << QStringList{QStringLiteral("a"), QStringLiteral("hex:62")} << 5
        << QList<QByteArray>{"a", "b", "a", "b", "a"};
    QTest::newRow("sequence field counts")
        << QStringList{QStringLiteral("n={seq:u8}")} << 3 << QList<QByteArray>{"n=0", "n=1", "n=2"};
}

void tst_PeriodicSender::countAndOrder()
{
    QFETCH(QStringList, payloads);
    QFETCH(int, count);
    QFETCH(QList<QByteArray>, expected);
    PeriodicSender sender(m_sender);
    QList<PayloadSpec> specs;
    for (const QString &p : payloads)
        specs << PayloadSpec::fromSyntax(p);
    sender.setPayloads(specs);
    sender.setInterval(10);
    sender.setCount(quint64(count));
    QSignalSpy finished(&sender, &PeriodicSender::finished);
    QVERIFY(sender.start());
    QVERIFY(finished.wait(5000));
    QCOMPARE(sender.sent(), quint64(count));
    QVERIFY(!sender.isRunning());
    QTRY_COMPARE(m_receiver->counters().framesIn, quint64(count));
    QList<QByteArray> got;
    for (qsizetype i = 0; i < m_log->size(); ++i) {
        const TrafficRecord &r = m_log->at(i);
        if (r.isData() && r.session == 1 && r.direction == Direction::Rx)
            got << r.bytes;
    }
    QCOMPARE(got, expected);
}

void tst_PeriodicSender::keepsItsRate()
{
    // 40 sends 25 ms apart take 39 intervals: 975 ms, within 10 %.
    PeriodicSender sender(m_sender);
    sender.setPayloads({PayloadSpec::fromSyntax(QStringLiteral("tick"))});
    sender.setInterval(25);
    sender.setCount(40);
    QSignalSpy finished(&sender, &PeriodicSender::finished);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(sender.start());
    QVERIFY(finished.wait(5000));
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(elapsed >= 975 * 0.9 && elapsed <= 975 * 1.1,
             qPrintable(QStringLiteral("40 sends took %1 ms, expected 975 ms").arg(elapsed)));
}

void tst_PeriodicSender::stalledLoop_data()
{
    QTest::addColumn<int>("intervalMs");
    QTest::addColumn<int>("stallMs");
    QTest::addColumn<int>("batch");     // sends made at once when the loop is back
    QTest::addColumn<int>("missedMin"); // ticks that passed unsent
    QTest::addColumn<int>("missedMax");
    // A 60 ms stall at 10 ms: six ticks came due, all sent at once, none missed.
    QTest::newRow("a short stall is caught up in one batch") << 10 << 60 << 6 << 0 << 0;
    // 300 ms at 5 ms: 60 ticks came due; 16 are sent (MaxBatch), the rest are missed.
    QTest::newRow("a long stall misses ticks and says so")
        << 5 << 300 << PeriodicSender::MaxBatch << 40 << 48;
}

void tst_PeriodicSender::stalledLoop()
{
    QFETCH(int, intervalMs);
    QFETCH(int, stallMs);
    QFETCH(int, batch);
    QFETCH(int, missedMin);
    QFETCH(int, missedMax);
    PeriodicSender sender(m_sender);
    sender.setPayloads({PayloadSpec::fromSyntax(QStringLiteral("tick"))});
    sender.setInterval(intervalMs);
    QSignalSpy missed(&sender, &PeriodicSender::ticksMissed);
    QElapsedTimer clock;
    QList<qint64> sentAtUs;
    // An event loop of its own: QTRY_VERIFY sleeps 10 ms between its looks, a stall of its own.
    QEventLoop loop;
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    const quint64 enough = quint64(3 + batch + 3);
    connect(&sender, &PeriodicSender::sentOne, this, [&](quint64 sent) {
        sentAtUs << clock.nsecsElapsed() / 1000;
        if (sent == enough)
            loop.quit();
        if (sent == 3) { // the loop is blocked, as by a long paint or a dialog's setup
            QElapsedTimer stall;
            stall.start();
            while (stall.elapsed() < stallMs) {
            }
        }
    });
    clock.start();
    QVERIFY(sender.start());
    loop.exec();
    sender.stop();
    QVERIFY2(sender.sent() >= enough, qPrintable(QString::number(sender.sent())));
    // The sends right after the stall went out together (well within one interval).
    const qint64 batchSpanUs = sentAtUs.at(2 + batch) - sentAtUs.at(3);
    QVERIFY2(batchSpanUs < intervalMs * 1000 / 2,
             qPrintable(QStringLiteral("the late batch took %1 us").arg(batchSpanUs)));
    // The schedule was kept, not restarted after the stall: by the last send, every tick due
    // since the start was sent or counted as missed.
    const qint64 ticksDue = sentAtUs.constLast() / (intervalMs * 1000) + 1;
    const qint64 ticksDone = qint64(sender.sent() + sender.missed());
    QVERIFY2(
        qAbs(ticksDue - ticksDone) <= 1,
        qPrintable(QStringLiteral("%1 ticks due, %2 sent or missed").arg(ticksDue).arg(ticksDone)));
    QVERIFY2(sender.missed() >= quint64(missedMin) && sender.missed() <= quint64(missedMax),
             qPrintable(QStringLiteral("missed %1 ticks").arg(sender.missed())));
    QCOMPARE(missed.isEmpty(), missedMax == 0);
    if (!missed.isEmpty())
        QCOMPARE(missed.constLast().at(0).toULongLong(), sender.missed());
}

void tst_PeriodicSender::stopStops()
{
    PeriodicSender sender(m_sender);
    sender.setPayloads({PayloadSpec::fromSyntax(QStringLiteral("x"))});
    sender.setInterval(20);
    QVERIFY(sender.start());
    QTRY_VERIFY(sender.sent() >= 3);
    sender.stop();
    const quint64 sent = sender.sent();
    // The sentinel: a timer due three intervals from now fires after any tick still pending.
    bool sentinel = false;
    QTimer::singleShot(60, this, [&sentinel] { sentinel = true; });
    QTRY_VERIFY(sentinel);
    QCOMPARE(sender.sent(), sent);
}

void tst_PeriodicSender::invalidPayloadIsRefused()
{
    PeriodicSender sender(m_sender);
    sender.setPayloads({PayloadSpec::fromSyntax(QStringLiteral("hex:0g"))});
    QSignalSpy failed(&sender, &PeriodicSender::failed);
    QVERIFY(!sender.start());
    QCOMPARE(failed.count(), 1);
    QCOMPARE(sender.sent(), quint64(0));
    QCOMPARE(m_sender->counters().framesOut, quint64(0));
}

void tst_PeriodicSender::sendErrorStops()
{
    PeriodicSender sender(m_sender);
    sender.setPayloads({PayloadSpec::fromSyntax(QStringLiteral("x"))});
    sender.setInterval(10);
    QSignalSpy failed(&sender, &PeriodicSender::failed);
    QVERIFY(sender.start());
    QTRY_VERIFY(sender.sent() >= 2);
    m_sender->stop(); // the socket goes away under the sender
    QVERIFY(failed.wait(2000));
    QVERIFY(!sender.isRunning());
}

QTEST_GUILESS_MAIN(tst_PeriodicSender)
#include "tst_periodicsender.moc"
