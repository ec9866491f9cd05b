#include "widgets/closabletabbar.h"

#include <QSignalSpy>
#include <QTest>

using namespace sockeye;

/// The painted close buttons: where they are, what a click does, and that tabs keep their size.
class tst_ClosableTabBar : public QObject
{
    Q_OBJECT
private slots:
    void clicks_data();
    void clicks();
    void everyTabHasRoomForItsButton();
    void tabsKeepTheirWidthUnderThePointer();
    void manyTabsOpenAndCloseWithTheirButtons();
};

namespace {

enum class Where { Button, TabText, ButtonThenAway, Middle };

struct Bar
{
    ClosableTabWidget tabs;
    ClosableTabBar *bar = tabs.closableTabBar();

    explicit Bar(int count)
    {
        for (int i = 0; i < count; ++i)
            tabs.addTab(new QWidget, QStringLiteral("session %1").arg(i));
        tabs.resize(900, 300);
        tabs.show();
    }
};

} // namespace

void tst_ClosableTabBar::clicks_data()
{
    QTest::addColumn<int>("where");
    QTest::addColumn<int>("closed"); // the tab index closed, -1: none
    QTest::addColumn<int>("current");
    QTest::newRow("a click on tab 1's button closes tab 1, leaves tab 0 current")
        << int(Where::Button) << 1 << 0;
    QTest::newRow("a click on tab 1's text selects it, closes nothing")
        << int(Where::TabText) << -1 << 1;
    QTest::newRow("pressed on the button, released away: nothing")
        << int(Where::ButtonThenAway) << -1 << 0;
    QTest::newRow("a middle click on tab 1 closes it") << int(Where::Middle) << 1 << 0;
}

void tst_ClosableTabBar::clicks()
{
    QFETCH(int, where);
    QFETCH(int, closed);
    QFETCH(int, current);
    Bar b(3);
    QVERIFY(QTest::qWaitForWindowExposed(&b.tabs));
    QSignalSpy closes(&b.tabs, &QTabWidget::tabCloseRequested);
    const QRect tab = b.bar->tabRect(1);
    const QRect button = b.bar->closeButtonRect(1);
    switch (Where(where)) {
    case Where::Button:
        QTest::mouseClick(b.bar, Qt::LeftButton, {}, button.center());
        break;
    case Where::TabText:
        QTest::mouseClick(b.bar, Qt::LeftButton, {}, QPoint(tab.left() + 12, tab.center().y()));
        break;
    case Where::ButtonThenAway:
        QTest::mousePress(b.bar, Qt::LeftButton, {}, button.center());
        QTest::mouseMove(b.bar, b.bar->tabRect(2).center());
        QTest::mouseRelease(b.bar, Qt::LeftButton, {}, b.bar->tabRect(2).center());
        break;
    case Where::Middle:
        QTest::mouseClick(b.bar, Qt::MiddleButton, {}, QPoint(tab.left() + 12, tab.center().y()));
        break;
    }
    QCOMPARE(closes.size(), closed < 0 ? 0 : 1);
    if (closed >= 0)
        QCOMPARE(closes.first().first().toInt(), closed);
    QCOMPARE(b.tabs.currentIndex(), current);
}

void tst_ClosableTabBar::everyTabHasRoomForItsButton()
{
    Bar b(4);
    QVERIFY(QTest::qWaitForWindowExposed(&b.tabs));
    for (int i = 0; i < b.bar->count(); ++i) {
        const QRect tab = b.bar->tabRect(i);
        const QRect button = b.bar->closeButtonRect(i);
        QVERIFY2(!button.isEmpty() && tab.contains(button), qPrintable(QString::number(i)));
        // The title is drawn beside the button, not under it.
        const int title = b.bar->fontMetrics().horizontalAdvance(b.bar->tabText(i));
        QVERIFY2(tab.width() >= title + button.width(), qPrintable(QString::number(i)));
    }
}

void tst_ClosableTabBar::tabsKeepTheirWidthUnderThePointer()
{
    Bar b(3);
    QVERIFY(QTest::qWaitForWindowExposed(&b.tabs));
    const QRect before = b.bar->tabRect(2);
    QTest::mouseMove(b.bar, b.bar->closeButtonRect(1).center());
    QTest::mouseMove(b.bar, b.bar->tabRect(0).center());
    QCOMPARE(b.bar->tabRect(2), before);
}

void tst_ClosableTabBar::manyTabsOpenAndCloseWithTheirButtons()
{
    Bar b(300);
    QVERIFY(QTest::qWaitForWindowExposed(&b.tabs));
    QObject::connect(&b.tabs, &QTabWidget::tabCloseRequested, &b.tabs,
                     [&b](int index) { delete b.tabs.widget(index); });
    b.tabs.setCurrentIndex(250); // scrolled into view
    QCOMPARE(b.tabs.tabText(250), QStringLiteral("session 250"));
    QTest::mouseClick(b.bar, Qt::LeftButton, {}, b.bar->closeButtonRect(250).center());
    QCOMPARE(b.tabs.count(), 299);
    QCOMPARE(b.tabs.tabText(250), QStringLiteral("session 251"));
}

QTEST_MAIN(tst_ClosableTabBar)
#include "tst_closabletabbar.moc"
