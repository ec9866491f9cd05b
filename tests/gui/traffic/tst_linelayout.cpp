// LineLayout with no window: rows of several lines each, the line starts kept up to date as
// rows are appended, inserted, evicted from the front or removed, and recounted only when asked.
#include "traffic/linelayout.h"

#include <QTest>

#include <vector>

using namespace sockeye;

namespace {

/// The rows a layout lays out: each row's line count, and how often the layout asked.
struct Rows
{
    QList<int> lines;
    int asked = 0;

    LineLayout::LineCounter counter()
    {
        return [this](int row, int) {
            ++asked;
            return LineLayout::RowLayout{lines.at(row), 0, 0};
        };
    }
};

/// Every row's first line, as the layout says.
QList<qint64> firstLines(LineLayout &layout)
{
    QList<qint64> out;
    for (int row = 0; row < layout.rowCount(); ++row)
        out << layout.firstLineOf(row);
    return out;
}

} // namespace

class tst_LineLayout : public QObject
{
    Q_OBJECT
private slots:
    void layout_data();
    void layout();
    void edits_data();
    void edits();
    void appendingAsksOnlyTheNewRows();
    void invalidateRecounts();
};

void tst_LineLayout::layout_data()
{
    QTest::addColumn<QList<int>>("lines");
    QTest::addColumn<QList<qint64>>("firstLines");

    QTest::newRow("no rows") << QList<int>{} << QList<qint64>{};
    QTest::newRow("one line each") << QList<int>{1, 1, 1} << QList<qint64>{0, 1, 2};
    QTest::newRow("mixed heights") << QList<int>{3, 1, 2} << QList<qint64>{0, 3, 4};
    QTest::newRow("one tall row") << QList<int>{65536} << QList<qint64>{0};
}

void tst_LineLayout::layout()
{
    QFETCH(QList<int>, lines);
    QFETCH(QList<qint64>, firstLines);

    Rows rows{lines};
    LineLayout layout(rows.counter());
    layout.reset(int(lines.size()));
    QCOMPARE(::firstLines(layout), firstLines);
    qint64 total = 0;
    for (int n : lines)
        total += n;
    QCOMPARE(layout.lineCount(), total);
    QCOMPARE(layout.firstLineOf(int(lines.size())), total); // past the last row
    // Every line belongs to the row that starts at or before it.
    for (int row = 0; row < lines.size(); ++row) {
        QCOMPARE(layout.rowLineCount(row), lines.at(row));
        QCOMPARE(layout.rowAtLine(firstLines.at(row)), row);
        QCOMPARE(layout.rowAtLine(firstLines.at(row) + lines.at(row) - 1), row);
    }
    QCOMPARE(layout.rowAtLine(total + 10), lines.isEmpty() ? -1 : int(lines.size()) - 1);
    QCOMPARE(layout.rowLineCount(-1), 0);
    QCOMPARE(layout.rowLineCount(int(lines.size())), 0);
}

void tst_LineLayout::edits_data()
{
    QTest::addColumn<QList<int>>("before");
    QTest::addColumn<bool>("laidOut"); ///< the layout was computed before the edit
    QTest::addColumn<QString>("edit");
    QTest::addColumn<int>("first");
    QTest::addColumn<int>("last");
    QTest::addColumn<QList<int>>("after");
    QTest::addColumn<QList<qint64>>("firstLines");
    QTest::addColumn<qint64>("removedLines");

    const QList<int> rows{2, 1, 3, 1};
    QTest::newRow("append at the end")
        << rows << true << "insert" << 4 << 5 << QList<int>{2, 1, 3, 1, 4, 1}
        << QList<qint64>{0, 2, 3, 6, 7, 11} << qint64(0);
    QTest::newRow("insert in the middle")
        << rows << true << "insert" << 1 << 1 << QList<int>{2, 5, 1, 3, 1}
        << QList<qint64>{0, 2, 7, 8, 11} << qint64(0);
    QTest::newRow("evicted from the front: the lines above are reported")
        << rows << true << "remove" << 0 << 1 << QList<int>{3, 1} << QList<qint64>{0, 3}
        << qint64(3);
    QTest::newRow("evicted from the front before any layout: nothing to report")
        << rows << false << "remove" << 0 << 1 << QList<int>{3, 1} << QList<qint64>{0, 3}
        << qint64(0);
    QTest::newRow("removed from the middle")
        << rows << true << "remove" << 1 << 2 << QList<int>{2, 1} << QList<qint64>{0, 2}
        << qint64(0);
    QTest::newRow("removed at the end") << rows << true << "remove" << 3 << 3 << QList<int>{2, 1, 3}
                                        << QList<qint64>{0, 2, 3} << qint64(0);
    QTest::newRow("every row removed")
        << rows << true << "remove" << 0 << 3 << QList<int>{} << QList<qint64>{} << qint64(0);
}

void tst_LineLayout::edits()
{
    QFETCH(QList<int>, before);
    QFETCH(bool, laidOut);
    QFETCH(QString, edit);
    QFETCH(int, first);
    QFETCH(int, last);
    QFETCH(QList<int>, after);
    QFETCH(QList<qint64>, firstLines);
    QFETCH(qint64, removedLines);

    Rows rows{before};
    LineLayout layout(rows.counter());
    layout.reset(int(before.size()));
    if (laidOut)
        QCOMPARE(layout.lineCount(), qint64(7));
    qint64 removed = 0;
    if (edit == QLatin1String("insert")) {
        rows.lines = after;
        layout.insertRows(first, last - first + 1);
    } else {
        // What a view does: line starts brought up to date while the rows are still there.
        if (laidOut)
            layout.aboutToRemoveRows();
        rows.lines = after;
        removed = layout.removeRows(first, last);
    }
    QCOMPARE(removed, removedLines);
    QCOMPARE(layout.rowCount(), int(after.size()));
    QCOMPARE(::firstLines(layout), firstLines);
    qint64 total = 0;
    for (int n : after)
        total += n;
    QCOMPARE(layout.lineCount(), total);
    for (int row = 0; row < after.size(); ++row)
        QCOMPARE(layout.rowAtLine(firstLines.at(row)), row);
}

void tst_LineLayout::appendingAsksOnlyTheNewRows()
{
    Rows rows{QList<int>(1000, 2)};
    LineLayout layout(rows.counter());
    layout.reset(1000);
    QCOMPARE(layout.lineCount(), qint64(2000));
    const int asked = rows.asked;
    rows.lines << 5 << 5;
    layout.insertRows(1000, 2);
    QCOMPARE(layout.lineCount(), qint64(2010));
    // Only the new rows: the others' counts are cached.
    QCOMPARE(rows.asked - asked, 2);
    // Evicting from the front renumbers nothing either.
    layout.aboutToRemoveRows();
    rows.lines.remove(0, 10);
    QCOMPARE(layout.removeRows(0, 9), qint64(20));
    QCOMPARE(layout.firstLineOf(990), qint64(1980));
    QCOMPARE(layout.rowAtLine(1985), 991);
    // Only the new first row is asked again: whether it lays out differently without the rows
    // before it (a stream line can run across rows). Here it does not.
    QCOMPARE(rows.asked - asked, 3);
}

void tst_LineLayout::invalidateRecounts()
{
    Rows rows{{1, 1, 1}};
    LineLayout layout(rows.counter());
    layout.reset(3);
    QCOMPARE(layout.lineCount(), qint64(3));
    rows.lines = {4, 4, 4};                  // a mode switch: every row is taller now
    QCOMPARE(layout.lineCount(), qint64(3)); // the counts are cached until told
    layout.invalidate();
    QCOMPARE(layout.lineCount(), qint64(12));
    QCOMPARE(layout.firstLineOf(2), qint64(8));
}

QTEST_GUILESS_MAIN(tst_LineLayout)
#include "tst_linelayout.moc"
