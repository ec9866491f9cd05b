#include "i18n/language.h"
#include "traffic/rategraph.h"

#include <QImage>
#include <QPalette>
#include <QTest>

using namespace sockeye;

// The status bar's rate graph: a quiet minute reads as "no traffic", not as a blank box.
class tst_RateGraph : public QObject
{
    Q_OBJECT
private slots:
    void idleUntilTraffic_data();
    void idleUntilTraffic();
    void idleGraphSaysSo_data();
    void idleGraphSaysSo();
    void idleTextIsTranslated();
};

namespace {
using Samples = QList<QPair<double, double>>; // received, sent per second

QPalette darkPalette()
{
    QPalette palette;
    palette.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    palette.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    palette.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
    palette.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
    palette.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
    palette.setColor(QPalette::Mid, QColor(0x50, 0x50, 0x50));
    return palette;
}

// The colour `c` shows as over `background` (placeholder colours are often translucent).
QColor over(QColor c, QColor background)
{
    const double a = c.alphaF();
    return QColor::fromRgbF(float(c.redF() * a + background.redF() * (1 - a)),
                            float(c.greenF() * a + background.greenF() * (1 - a)),
                            float(c.blueF() * a + background.blueF() * (1 - a)));
}

int distance(QColor a, QColor b)
{
    return qAbs(a.red() - b.red()) + qAbs(a.green() - b.green()) + qAbs(a.blue() - b.blue());
}
} // namespace

void tst_RateGraph::idleUntilTraffic_data()
{
    QTest::addColumn<Samples>("samples");
    QTest::addColumn<bool>("idle");
    QTest::newRow("before the first second") << Samples{} << true;
    QTest::newRow("silent seconds") << Samples(5, {0.0, 0.0}) << true;
    QTest::newRow("one byte received") << (Samples(5, {0.0, 0.0}) << qMakePair(1.0, 0.0)) << false;
    QTest::newRow("one byte sent") << (Samples{{0.0, 1.0}} << Samples(10, {0.0, 0.0})) << false;
    QTest::newRow("traffic more than a minute ago")
        << (Samples{{4096.0, 512.0}} << Samples(RateGraph::Samples, {0.0, 0.0})) << true;
}

void tst_RateGraph::idleUntilTraffic()
{
    QFETCH(Samples, samples);
    QFETCH(bool, idle);
    RateGraph graph;
    for (const auto &[received, sent] : samples)
        graph.addSample(received, sent);
    QCOMPARE(graph.isIdle(), idle);
}

void tst_RateGraph::idleGraphSaysSo_data()
{
    QTest::addColumn<QPalette>("palette");
    QTest::addColumn<int>("samples");
    QTest::newRow("light palette, before the first second") << QPalette() << 0;
    QTest::newRow("light palette, silent seconds") << QPalette() << 30;
    QTest::newRow("dark palette, before the first second") << darkPalette() << 0;
    QTest::newRow("dark palette, silent seconds") << darkPalette() << 30;
}

void tst_RateGraph::idleGraphSaysSo()
{
    QFETCH(QPalette, palette);
    QFETCH(int, samples);
    RateGraph graph;
    graph.setPalette(palette);
    graph.resize(graph.sizeHint());
    for (int i = 0; i < samples; ++i)
        graph.addSample(0, 0);
    const QImage image = graph.grab().toImage();
    QVERIFY(!image.isNull());

    // The text, in the dim placeholder colour: pixels well away from the background in the band
    // above the zero line (the frame and the zero line excluded).
    const QColor base = palette.color(QPalette::Base);
    const QColor dim = over(palette.color(QPalette::PlaceholderText), base);
    const int contrast = distance(base, dim);
    QVERIFY(contrast > 60);
    int textPixels = 0;
    for (int y = 2; y < image.height() - 5; ++y) {
        for (int x = 2; x < image.width() - 2; ++x) {
            const QColor pixel = image.pixelColor(x, y);
            if (distance(pixel, base) > contrast / 2 && distance(pixel, dim) < contrast)
                ++textPixels;
        }
    }
    QVERIFY2(textPixels > 20, qPrintable(QString::number(textPixels)));

    // The zero line runs along the bottom, in neither series' colour.
    const int zeroY = image.height() - 2;
    int axisPixels = 0;
    for (int x = 2; x < image.width() - 2; ++x)
        axisPixels += distance(image.pixelColor(x, zeroY), base) > 10 ? 1 : 0;
    QVERIFY2(axisPixels > image.width() / 2, qPrintable(QString::number(axisPixels)));
}

void tst_RateGraph::idleTextIsTranslated()
{
    QCOMPARE(RateGraph::idleText(), QStringLiteral("No traffic"));
    QString error;
    QCOMPARE(Language::install(QStringLiteral("zh_CN"), &error), QStringLiteral("zh_CN"));
    const QString chinese = RateGraph::idleText();
    (void)Language::install(QStringLiteral("en"));
    QVERIFY2(chinese != QLatin1String("No traffic") && !chinese.isEmpty(), qPrintable(chinese));
    QCOMPARE(RateGraph::idleText(), QStringLiteral("No traffic"));
}

QTEST_MAIN(tst_RateGraph)
#include "tst_rategraph.moc"
