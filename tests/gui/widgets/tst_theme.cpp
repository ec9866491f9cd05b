#include "widgets/theme.h"

#include <QTest>

#include <functional>

using namespace sockeye;

/// The colours the widgets picked themselves before they moved to Theme, pinned for a light
/// and a dark palette (and for a window and a base of different lightness, as a view in a light
/// window can be dark).
class tst_Theme : public QObject
{
    Q_OBJECT
private slots:
    void colours_data();
    void colours();
    void darkness_data();
    void darkness();
};

namespace {
using Pick = std::function<QColor(const QPalette &)>;

QPalette palette(bool darkWindow, bool darkBase)
{
    QPalette p;
    p.setColor(QPalette::Window, darkWindow ? QColor(0x30, 0x30, 0x30) : QColor(0xef, 0xef, 0xef));
    p.setColor(QPalette::Base, darkBase ? QColor(0x20, 0x20, 0x20) : QColor(0xff, 0xff, 0xff));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    return p;
}
} // namespace

Q_DECLARE_METATYPE(Pick)

void tst_Theme::colours_data()
{
    QTest::addColumn<Pick>("pick");
    QTest::addColumn<bool>("darkWindow");
    QTest::addColumn<bool>("darkBase");
    QTest::addColumn<QColor>("expected");

    const auto rows = [](const char *name, Pick pick, QColor light, QColor dark,
                         bool followsBase = false) {
        QTest::newRow(qPrintable(QStringLiteral("%1, light").arg(QLatin1String(name))))
            << pick << false << false << light;
        QTest::newRow(qPrintable(QStringLiteral("%1, dark").arg(QLatin1String(name))))
            << pick << true << true << dark;
        // Only the colour behind the text decides.
        QTest::newRow(
            qPrintable(QStringLiteral("%1, dark window, light base").arg(QLatin1String(name))))
            << pick << true << false << (followsBase ? light : dark);
    };
    rows("error text", Theme::errorText, QColor(0xc0, 0x1c, 0x28), QColor(0xff, 0x7a, 0x7a));
    rows("error base", Theme::errorBase, QColor(0xfd, 0xe4, 0xe4), QColor(0x5c, 0x1a, 0x1f));
    rows("error base text", Theme::errorBaseText, QColor(0x7a, 0x0e, 0x16),
         QColor(0xff, 0xd6, 0xd6));
    rows("warning base", Theme::warningBase, QColor(0xff, 0xf4, 0xd0), QColor(0x4a, 0x3b, 0x0c));
    rows(
        "recording dot", [](const QPalette &p) { return QColor(Theme::recordingDot(p)); },
        QColor(0xc0, 0x1c, 0x28), QColor(0xff, 0x6b, 0x6b));
    rows(
        "error mark", [](const QPalette &) { return Theme::errorMark(); }, QColor(0xe0, 0x1b, 0x24),
        QColor(0xe0, 0x1b, 0x24));
    rows(
        "state listening",
        [](const QPalette &p) { return Theme::stateColor(Session::State::Listening, p); },
        QColor(0x1e, 0x8e, 0x3e), QColor(0x5c, 0xd6, 0x7a));
    rows(
        "state connecting",
        [](const QPalette &p) { return Theme::stateColor(Session::State::Connecting, p); },
        QColor(0x9a, 0x67, 0x00), QColor(0xf5, 0xc2, 0x11));
    rows(
        "state idle", [](const QPalette &p) { return Theme::stateColor(Session::State::Idle, p); },
        QColor(0x80, 0x80, 0x80), QColor(0x80, 0x80, 0x80));
    rows("received", Theme::receivedText, QColor(0x0b, 0x5c, 0xad), QColor(0x6c, 0xb6, 0xff), true);
    rows("sent", Theme::sentText, QColor(0xa8, 0x4b, 0x00), QColor(0xff, 0xb0, 0x57), true);
    rows("event", Theme::eventText, QColor(0x6a, 0x3d, 0xb8), QColor(0xc3, 0xa6, 0xff), true);
    rows("traffic error", Theme::trafficErrorText, QColor(0xc0, 0x1c, 0x28),
         QColor(0xff, 0x7a, 0x7a), true);
    rows(
        "accent blue",
        [](const QPalette &p) { return Theme::accent(Theme::Accent::Blue, Theme::isDark(p)); },
        QColor(0x1d, 0x5f, 0xa8), QColor(0x6c, 0xb6, 0xff));
    rows(
        "accent green",
        [](const QPalette &p) { return Theme::accent(Theme::Accent::Green, Theme::isDark(p)); },
        QColor(0x1e, 0x8e, 0x3e), QColor(0x5c, 0xd6, 0x7a));
    rows(
        "accent red",
        [](const QPalette &p) { return Theme::accent(Theme::Accent::Red, Theme::isDark(p)); },
        QColor(0xc0, 0x1c, 0x28), QColor(0xff, 0x7a, 0x7a));
    rows(
        "accent orange",
        [](const QPalette &p) { return Theme::accent(Theme::Accent::Orange, Theme::isDark(p)); },
        QColor(0xa8, 0x4b, 0x00), QColor(0xff, 0xb0, 0x57));
}

void tst_Theme::colours()
{
    QFETCH(Pick, pick);
    QFETCH(bool, darkWindow);
    QFETCH(bool, darkBase);
    QFETCH(QColor, expected);
    QCOMPARE(pick(palette(darkWindow, darkBase)).name(), expected.name());
}

void tst_Theme::darkness_data()
{
    QTest::addColumn<QColor>("colour");
    QTest::addColumn<bool>("dark");
    QTest::newRow("black") << QColor(Qt::black) << true;
    QTest::newRow("lightness 127") << QColor::fromHsl(0, 0, 127) << true;
    QTest::newRow("lightness 128") << QColor::fromHsl(0, 0, 128) << false;
    QTest::newRow("white") << QColor(Qt::white) << false;
}

void tst_Theme::darkness()
{
    QFETCH(QColor, colour);
    QFETCH(bool, dark);
    QPalette window;
    window.setColor(QPalette::Window, colour);
    window.setColor(QPalette::Base, dark ? Qt::white : Qt::black);
    QCOMPARE(Theme::isDark(window), dark);
    QPalette base;
    base.setColor(QPalette::Base, colour);
    base.setColor(QPalette::Window, dark ? Qt::white : Qt::black);
    QCOMPARE(Theme::isDarkBase(base), dark);
}

QTEST_MAIN(tst_Theme)
#include "tst_theme.moc"
