// TrafficSelection with no window: clicks with Shift and Ctrl, select all, and a selection
// that stays on its records while rows come and go.
#include "models/trafficmodel.h"
#include "traffic/trafficlog.h"
#include "traffic/trafficselection.h"

#include <QTest>

using namespace sockeye;

namespace {

/// A model of `rows` data records, inserted at once.
struct Records
{
    explicit Records(int rows)
    {
        for (int i = 0; i < rows; ++i) {
            TrafficRecord r;
            r.session = 1;
            r.direction = Direction::Rx;
            r.bytes = QByteArray::number(i);
            log.append(r);
        }
        model.flush();
    }

    TrafficLog log;
    TrafficModel model{&log};
};

/// Applies clicks written as "3", "shift 5", "ctrl 2", "ctrl+shift 7", "all" or "clear",
/// separated by commas.
void apply(TrafficSelection &selection, const QString &clicks)
{
    for (const QString &click : clicks.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList parts = click.trimmed().split(QLatin1Char(' '));
        if (parts.last() == QLatin1String("all")) {
            selection.selectAll();
        } else if (parts.last() == QLatin1String("clear")) {
            selection.clear();
        } else {
            Qt::KeyboardModifiers modifiers;
            if (parts.size() == 2 && parts.at(0).contains(QLatin1String("shift")))
                modifiers |= Qt::ShiftModifier;
            if (parts.size() == 2 && parts.at(0).contains(QLatin1String("ctrl")))
                modifiers |= Qt::ControlModifier;
            selection.select(parts.last().toInt(), modifiers);
        }
    }
}

} // namespace

class tst_TrafficSelection : public QObject
{
    Q_OBJECT
private slots:
    void clicks_data();
    void clicks();
    void rowsMoveUnderTheSelection_data();
    void rowsMoveUnderTheSelection();
    void evictedRecordsLeaveTheSelection();
};

void tst_TrafficSelection::clicks_data()
{
    QTest::addColumn<QString>("clicks"); ///< comma-separated, as apply() reads them
    QTest::addColumn<QList<int>>("rows");
    QTest::addColumn<int>("current");

    QTest::newRow("nothing") << "" << QList<int>{} << -1;
    QTest::newRow("a click selects one row") << "3" << QList<int>{3} << 3;
    QTest::newRow("another click replaces it") << "3, 5" << QList<int>{5} << 5;
    QTest::newRow("ctrl adds a row") << "3, ctrl 5" << QList<int>{3, 5} << 5;
    QTest::newRow("ctrl again takes it out") << "3, ctrl 5, ctrl 5" << QList<int>{3} << 5;
    QTest::newRow("shift selects from the anchor") << "2, shift 5" << QList<int>{2, 3, 4, 5} << 5;
    QTest::newRow("shift upwards") << "5, shift 2" << QList<int>{2, 3, 4, 5} << 2;
    QTest::newRow("shift again keeps the anchor")
        << "4, shift 6, shift 2" << QList<int>{2, 3, 4} << 2;
    QTest::newRow("shift with no anchor is a click") << "shift 4" << QList<int>{4} << 4;
    QTest::newRow("ctrl moves the anchor") << "1, ctrl 6, shift 8" << QList<int>{6, 7, 8} << 8;
    QTest::newRow("ctrl+shift adds the range")
        << "1, ctrl 6, ctrl+shift 8" << QList<int>{1, 6, 7, 8} << 8;
    QTest::newRow("a row that is not there changes nothing") << "3, 10, -1" << QList<int>{3} << 3;
    QTest::newRow("select all") << "3, all" << QList<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9} << 3;
    QTest::newRow("ctrl after select all takes one out")
        << "all, ctrl 0" << QList<int>{1, 2, 3, 4, 5, 6, 7, 8, 9} << 0;
    QTest::newRow("clear keeps the current row") << "3, shift 5, clear" << QList<int>{} << 5;
    QTest::newRow("after clear, shift still starts at the anchor")
        << "3, clear, shift 5" << QList<int>{3, 4, 5} << 5;
}

void tst_TrafficSelection::clicks()
{
    QFETCH(QString, clicks);
    QFETCH(QList<int>, rows);
    QFETCH(int, current);

    Records records(10);
    TrafficSelection selection(&records.model);
    apply(selection, clicks);
    QCOMPARE(selection.rows(), rows);
    QCOMPARE(selection.currentRow(), current);
    QCOMPARE(selection.isEmpty(), rows.isEmpty());
    for (int row = 0; row < 10; ++row)
        QCOMPARE(selection.contains(records.model.sequenceAt(row)), rows.contains(row));
}

void tst_TrafficSelection::rowsMoveUnderTheSelection_data()
{
    QTest::addColumn<QString>("edit");
    QTest::addColumn<int>("first");
    QTest::addColumn<int>("last");
    QTest::addColumn<int>("current");
    QTest::addColumn<QList<int>>("afterShift8"); ///< shows where the anchor went

    // Row 4 clicked (current and anchor), then rows change; then Shift+click on row 8.
    QTest::newRow("rows inserted above") << "insert" << 0 << 1 << 6 << QList<int>{6, 7, 8};
    QTest::newRow("rows inserted below") << "insert" << 5 << 6 << 4 << QList<int>{4, 5, 6, 7, 8};
    QTest::newRow("rows removed above")
        << "remove" << 0 << 1 << 2 << QList<int>{2, 3, 4, 5, 6, 7, 8};
    QTest::newRow("rows removed below") << "remove" << 6 << 7 << 4 << QList<int>{4, 5, 6, 7, 8};
    QTest::newRow("its row removed: no current row, no anchor")
        << "remove" << 3 << 5 << -1 << QList<int>{8};
}

void tst_TrafficSelection::rowsMoveUnderTheSelection()
{
    QFETCH(QString, edit);
    QFETCH(int, first);
    QFETCH(int, last);
    QFETCH(int, current);
    QFETCH(QList<int>, afterShift8);

    Records records(10);
    TrafficSelection selection(&records.model);
    selection.select(4);
    // Only the bookkeeping is under test; the model's rows stay as they are.
    if (edit == QLatin1String("insert"))
        selection.rowsInserted(first, last - first + 1);
    else
        selection.rowsRemoved(first, last);
    QCOMPARE(selection.currentRow(), current);
    selection.select(8, Qt::ShiftModifier);
    QCOMPARE(selection.rows(), afterShift8);
}

void tst_TrafficSelection::evictedRecordsLeaveTheSelection()
{
    Records records(10);
    TrafficSelection selection(&records.model);
    selection.select(1);
    selection.select(5, Qt::ControlModifier);
    // The log evicts the first three records; the model drops their rows from the front.
    records.log.evictBefore(records.model.sequenceAt(3));
    records.model.flush();
    QCOMPARE(records.model.rowCount(), 7);
    selection.rowsRemoved(0, 2);
    QCOMPARE(selection.rows(), QList<int>{2}); // row 5 is row 2 now; row 1 is gone
    QCOMPARE(selection.currentRow(), 2);
    selection.reset();
    QVERIFY(selection.isEmpty());
    QCOMPARE(selection.currentRow(), -1);
}

QTEST_GUILESS_MAIN(tst_TrafficSelection)
#include "tst_trafficselection.moc"
