#include "models/trafficmodel.h"
#include "traffic/lineformatter.h"
#include "traffic/trafficlog.h"
#include "traffic/trafficview.h"

#include <QAbstractItemModelTester>
#include <QScrollBar>
#include <QTest>
#include <QtMath>

using namespace sockeye;

class tst_TrafficView : public QObject
{
    Q_OBJECT
private slots:
    void lineCounts_data();
    void lineCounts();
    void followsUntilScrolledUp();
    void pauseKeepsRecording();
    void clickShiftClickAndCopy();
    void findTextAndHex();
    void evictionKeepsLayoutConsistent();
    void streamShowsAReadAcrossRecords();
    void hexDumpFitsANarrowView_data();
    void hexDumpFitsANarrowView();

private:
    static TrafficRecord data(Direction direction, const QByteArray &bytes, PeerId peer = 1)
    {
        TrafficRecord r;
        r.session = 1;
        r.peer = peer;
        r.direction = direction;
        r.bytes = bytes;
        return r;
    }
};

void tst_TrafficView::lineCounts_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("lines");
    QTest::addColumn<QString>("firstLine");

    QTest::newRow("log one line") << 1 << QByteArray("abc") << 1 << QStringLiteral("abc");
    QTest::newRow("log breaks after LF")
        << 1 << QByteArray("a\r\nb\nc") << 3 << QStringLiteral("a\\r\\n");
    QTest::newRow("log long line wraps") << 1 << QByteArray(300, 'x') << 3 << QString(128, u'x');
    QTest::newRow("log empty") << 1 << QByteArray() << 1 << QStringLiteral("(empty)");
    QTest::newRow("hex 32 bytes one line")
        << 2 << QByteArray(32, '\x01') << 1
        << QStringLiteral("01 ").repeated(31) + QStringLiteral("01");
    QTest::newRow("hex 33 bytes two lines")
        << 2 << QByteArray(33, 'A') << 2
        << QStringLiteral("41 ").repeated(31) + QStringLiteral("41");
    QTest::newRow("dump 16 bytes") << 3 << QByteArray("0123456789abcdef") << 1
                                   << QStringLiteral("00000000  30 31 32 33 34 35 36 37  "
                                                     "38 39 61 62 63 64 65 66  "
                                                     "|0123456789abcdef|");
    QTest::newRow("dump 17 bytes") << 3 << QByteArray(17, 'z') << 2 << QString();
}

void tst_TrafficView::lineCounts()
{
    QFETCH(int, mode);
    QFETCH(QByteArray, payload);
    QFETCH(int, lines);
    QFETCH(QString, firstLine);

    TrafficLog log;
    TrafficModel model(&log);
    TrafficView view(&model);
    view.setMode(TrafficView::Mode(mode));
    log.append(data(Direction::Rx, payload));
    log.append(data(Direction::Tx, "z"));
    model.flush();
    QCOMPARE(view.rowLineCount(0), lines);
    QCOMPARE(view.lineCount(), qint64(lines + 1));
    QCOMPARE(view.rowLines(0).size(), lines);
    if (!firstLine.isEmpty())
        QCOMPARE(view.rowLines(0).first(), firstLine);

    // Switching modes re-lays out lazily and consistently.
    view.setMode(TrafficView::Mode((mode + 1) % 4));
    qint64 total = 0;
    for (int row = 0; row < model.rowCount(); ++row)
        total += view.rowLineCount(row);
    QCOMPARE(view.lineCount(), total);
}

void tst_TrafficView::followsUntilScrolledUp()
{
    TrafficLog log;
    TrafficModel model(&log);
    TrafficView view(&model);
    view.resize(600, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    for (int i = 0; i < 200; ++i)
        log.append(data(i % 2 ? Direction::Tx : Direction::Rx, QByteArray::number(i)));
    QTRY_COMPARE(model.rowCount(), 200);
    QScrollBar *bar = view.verticalScrollBar();
    QVERIFY(bar->maximum() > 0);
    QCOMPARE(bar->value(), bar->maximum());
    QVERIFY(view.isFollowing());

    bar->setValue(0); // the user scrolls up
    QVERIFY(!view.isFollowing());
    for (int i = 0; i < 50; ++i)
        log.append(data(Direction::Rx, "more"));
    QTRY_COMPARE(model.rowCount(), 250);
    QCOMPARE(bar->value(), 0); // stays where the user looks

    bar->setValue(bar->maximum()); // back at the bottom: follows again
    QVERIFY(view.isFollowing());
    log.append(data(Direction::Rx, "last"));
    QTRY_COMPARE(model.rowCount(), 251);
    QCOMPARE(bar->value(), bar->maximum());
    QVERIFY(!view.grab().isNull());
}

void tst_TrafficView::pauseKeepsRecording()
{
    TrafficLog log;
    TrafficModel model(&log);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    TrafficView view(&model);
    view.resize(500, 200);
    view.show();
    log.append(data(Direction::Rx, "before"));
    QTRY_COMPARE(model.rowCount(), 1);
    model.setPaused(true);
    for (int i = 0; i < 5; ++i)
        log.append(data(Direction::Rx, "while paused"));
    model.flush(); // what the coalescing timer does: paused, it adds nothing
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.pendingCount(), 5);
    QCOMPARE(view.lineCount(), 1);
    QVERIFY(!view.grab().isNull()); // paints the "Paused — 5 new records" notice
    model.setPaused(false);
    QCOMPARE(model.rowCount(), 6);
    QCOMPARE(view.lineCount(), 6);
}

void tst_TrafficView::clickShiftClickAndCopy()
{
    TrafficLog log;
    TrafficModel model(&log);
    TrafficView view(&model);
    view.setShowTimestamps(false);
    view.resize(700, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    log.append(data(Direction::Rx, "AB"));
    log.append(data(Direction::Tx, "\x01\x02"));
    log.append(data(Direction::Rx, "xyz"));
    model.setPeerLabel(1, 1, QStringLiteral("127.0.0.1:9"));
    model.flush();
    view.scrollToBottom();

    const int lineHeight = view.fontMetrics().lineSpacing();
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, QPoint(50, lineHeight / 2));
    QCOMPARE(view.selectedRows(), QList<int>{0});
    QTest::mouseClick(view.viewport(), Qt::LeftButton, Qt::ShiftModifier,
                      QPoint(50, lineHeight + lineHeight / 2));
    QCOMPARE(view.selectedRows(), (QList<int>{0, 1}));
    QCOMPARE(view.selectionAsHex(), QStringLiteral("41 42\n01 02"));
    const QString text = view.selectionAsText();
    QVERIFY2(text.contains(QStringLiteral("127.0.0.1:9 AB")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("\\x01\\x02")), qPrintable(text));

    QTest::keyClick(&view, Qt::Key_A, Qt::ControlModifier);
    QCOMPARE(view.selectedRows().size(), 3);
    QTest::keyClick(&view, Qt::Key_Escape);
    QVERIFY(view.selectedRows().isEmpty());
}

void tst_TrafficView::findTextAndHex()
{
    TrafficLog log;
    TrafficModel model(&log);
    TrafficView view(&model);
    log.append(data(Direction::Rx, "hello world"));
    log.append(data(Direction::Tx, QByteArray("\x00\xff\x10", 3)));
    log.append(data(Direction::Rx, "HELLO again"));
    model.flush();

    QCOMPARE(view.find(QStringLiteral("hello"), false, false), 0);
    QCOMPARE(view.find(QStringLiteral("hello"), false, false), 2); // case-insensitive, next
    QCOMPARE(view.find(QStringLiteral("hello"), false, false), 0); // wraps around
    QCOMPARE(view.find(QStringLiteral("hello"), false, true), 2);  // previous
    QCOMPARE(view.find(QStringLiteral("FF 10"), true, false), 1);
    QString error;
    QCOMPARE(view.find(QStringLiteral("F"), true, false, &error), -1);
    QVERIFY(!error.isEmpty());
    QCOMPARE(view.find(QStringLiteral("absent"), false, false), -1);
}

void tst_TrafficView::evictionKeepsLayoutConsistent()
{
    TrafficLog log;
    log.setByteBudget(TrafficLog::cost(data(Direction::Rx, QByteArray(40, 'x'))) * 50);
    TrafficModel model(&log);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    TrafficView view(&model);
    view.setMode(TrafficView::Mode::HexDump);
    view.resize(600, 300);
    view.show();
    for (int i = 0; i < 400; ++i) {
        log.append(data(Direction::Rx, QByteArray(40, char('a' + i % 26))));
        if (i % 37 == 0)
            model.flush();
    }
    model.flush();
    QVERIFY(model.evictedRows() > 0);
    QCOMPARE(model.rowCount(), 50);
    QCOMPARE(view.lineCount(), 50 * 3);
    view.verticalScrollBar()->setValue(10);
    for (int i = 0; i < 10; ++i)
        log.append(data(Direction::Rx, QByteArray(40, 'q')));
    model.flush();
    QCOMPARE(view.lineCount(), 50 * 3);
    QVERIFY(!view.grab().isNull());
}

void tst_TrafficView::streamShowsAReadAcrossRecords()
{
    TrafficLog log;
    TrafficModel model(&log);
    TrafficView view(&model);
    view.setMode(TrafficView::Mode::Stream);
    view.resize(600, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    for (const char *part : {"temp=", "21", ".5", "\r\n", "temp=21.6\r\n"})
        log.append(data(Direction::Rx, part));
    log.append(data(Direction::Tx, "ok\r\n"));
    QTRY_COMPARE(model.rowCount(), 6);
    QCOMPARE(view.lineCount(), qint64(3));
    QCOMPARE(view.rowLines(0), QStringList{QStringLiteral("temp=21.5")});
    QCOMPARE(view.rowLines(1), QStringList());
    QCOMPARE(view.rowLines(4), QStringList{QStringLiteral("temp=21.6")});
    QCOMPARE(view.rowLines(5), QStringList{QStringLiteral("ok")});
    // Every record can still be selected and copied as it was received.
    view.selectRow(2);
    QCOMPARE(view.selectionAsHex(), QStringLiteral("2E 35"));
    QVERIFY(!view.grab().isNull());
    // The log mode shows the same records one by one again.
    view.setMode(TrafficView::Mode::Log);
    QCOMPARE(view.lineCount(), qint64(6));
}

void tst_TrafficView::hexDumpFitsANarrowView_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("extraChars"); // the view's width beyond the bytes and time columns
    QTest::addColumn<bool>("scrolls");
    const int dump = int(TrafficView::Mode::HexDump);
    QTest::newRow("hex dump, room for the whole peer") << dump << 40 << false;
    QTest::newRow("hex dump, the peer column gives way") << dump << 12 << false;
    QTest::newRow("hex dump, too narrow even so") << dump << 2 << true;
    QTest::newRow("hex, the peer column gives way") << int(TrafficView::Mode::Hex) << 12 << false;
}

void tst_TrafficView::hexDumpFitsANarrowView()
{
    // A 16-byte dump row is read without scrolling sideways as long as the bytes, the time and
    // a few characters of the peer fit: the peer column (23 characters) gives way first.
    QFETCH(int, mode);
    QFETCH(int, extraChars);
    QFETCH(bool, scrolls);
    TrafficLog log;
    TrafficModel model(&log);
    TrafficView view(&model);
    view.setMode(TrafficView::Mode(mode));
    log.append(data(Direction::Rx, QByteArray(40, 'x')));
    model.flush();
    const int charWidth = QFontMetrics(view.font()).horizontalAdvance(QLatin1Char('0'));
    constexpr int dumpBytes = LineFormatter::DumpBytesPerLine;
    const int bytesChars = mode == int(TrafficView::Mode::HexDump)
                               ? 8 + 2 + dumpBytes * 3 + 2 + dumpBytes + 2
                               : LineFormatter::HexBytesPerLine * 3;
    // "12:34:56.789 ", "▼ " and the gap before the bytes.
    const int timeAndArrow = LineFormatter::TimeColumnChars + LineFormatter::ArrowColumnChars + 1;
    // The columns step in whole pixels per character; the bytes are drawn at the font's advance.
    const int bytesWidth =
        qCeil(bytesChars * QFontMetricsF(view.font()).horizontalAdvance(QLatin1Char('0')));
    view.resize(view.width() - view.viewport()->width() + (timeAndArrow + extraChars) * charWidth +
                    6 + bytesWidth,
                300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(view.horizontalScrollBar()->maximum() > 0, scrolls);
}

QTEST_MAIN(tst_TrafficView)
#include "tst_trafficview.moc"
