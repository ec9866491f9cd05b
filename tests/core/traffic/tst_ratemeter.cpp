#include "traffic/ratemeter.h"

#include <QTest>

using namespace sockeye;

class tst_RateMeter : public QObject
{
    Q_OBJECT
private slots:
    void rate_data();
    void rate();
};

using Feed = QList<QPair<qint64, qint64>>; // (second, bytes)

void tst_RateMeter::rate_data()
{
    QTest::addColumn<Feed>("feed");
    QTest::addColumn<qint64>("nowSecond");
    QTest::addColumn<double>("expected");

    const qint64 t = 1700000000;
    QTest::newRow("nothing yet") << Feed{} << t << 0.0;
    QTest::newRow("steady 300 per second")
        << Feed{{t, 300}, {t + 1, 300}, {t + 2, 300}, {t + 3, 300}} << t + 4 << 300.0;
    QTest::newRow("current second is left out") << Feed{{t, 900}} << t << 0.0;
    QTest::newRow("one burst averaged over the window") << Feed{{t, 900}} << t + 1 << 300.0;
    QTest::newRow("old data falls out of the window") << Feed{{t, 900}} << t + 4 << 0.0;
    QTest::newRow("gap longer than the window") << Feed{{t, 900}, {t + 10, 30}} << t + 11 << 10.0;
    QTest::newRow("several chunks in one second")
        << Feed{{t, 100}, {t, 100}, {t, 100}} << t + 1 << 100.0;
}

void tst_RateMeter::rate()
{
    QFETCH(Feed, feed);
    QFETCH(qint64, nowSecond);
    QFETCH(double, expected);
    RateMeter meter;
    for (const auto &[second, bytes] : feed)
        meter.add(bytes, second * 1000000 + 500000);
    QCOMPARE(meter.rate(nowSecond * 1000000 + 1), expected);
}

QTEST_GUILESS_MAIN(tst_RateMeter)
#include "tst_ratemeter.moc"
