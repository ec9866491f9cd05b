// The stream mode with no window: records as a device sends them, laid out in order by a
// LineLayout as the view does, and the lines a user reads.
#include "traffic/linelayout.h"
#include "traffic/streamlines.h"

#include <QTest>

using namespace sockeye;

Q_DECLARE_METATYPE(sockeye::TrafficRecord)

namespace {

TrafficRecord data(Direction direction, const QByteArray &bytes, PeerId peer, qint64 ms)
{
    TrafficRecord r;
    r.session = 1;
    r.peer = peer;
    r.direction = direction;
    r.bytes = bytes;
    r.timestampUs = 1'700'000'000'000'000 + ms * 1000;
    return r;
}

TrafficRecord rx(const QByteArray &bytes, qint64 ms = 0, PeerId peer = 1)
{
    return data(Direction::Rx, bytes, peer, ms);
}

TrafficRecord tx(const QByteArray &bytes, qint64 ms = 0, PeerId peer = 1)
{
    return data(Direction::Tx, bytes, peer, ms);
}

TrafficRecord eventRecord(const QString &text)
{
    TrafficRecord r;
    r.session = 1;
    r.kind = RecordKind::Accepted;
    r.text = text;
    return r;
}

/// Records as the view's model holds them, and the stream lines they make: each line as
/// "*text" where a block starts (the peer shown) and " text" where it goes on.
struct Stream
{
    QList<TrafficRecord> records;
    bool framed = false;
    QString encoding = QStringLiteral("UTF-8");
    StreamLines lines;
    LineLayout layout{[this](int row, int previousCarry) {
        return StreamLines::layoutRow(row > 0 ? &records[row - 1] : nullptr, records[row],
                                      previousCarry, encoding == QLatin1String("UTF-8"), framed);
    }};

    explicit Stream(const QList<TrafficRecord> &list, bool isFramed = false)
        : records(list)
        , framed(isFramed)
    {
        for (int i = 0; i < records.size(); ++i)
            records[i].sequence = quint64(i + 1);
        layout.reset(int(records.size()));
    }

    StreamLines::Line line(int row, int index)
    {
        return lines.line(
            row, index,
            [this](int r) { return r >= 0 && r < records.size() ? &records[r] : nullptr; },
            [this](int r) { return layout.carryIn(r); }, int(records.size()), encoding);
    }

    QStringList shown()
    {
        QStringList out;
        for (int row = 0; row < records.size(); ++row) {
            for (int i = 0; i < layout.rowLineCount(row); ++i) {
                const StreamLines::Line l = line(row, i);
                out << (l.blockHead ? QLatin1Char('*') : QLatin1Char(' ')) + l.text;
            }
        }
        return out;
    }

    QList<int> rowLines()
    {
        QList<int> out;
        for (int row = 0; row < records.size(); ++row)
            out << layout.rowLineCount(row);
        return out;
    }
};

} // namespace

class tst_StreamLines : public QObject
{
    Q_OBJECT
private slots:
    void lines_data();
    void lines();
    void framedRecordsStartLines();
    void lineGrowsAsRecordsArrive();
    void lineRunsIntoLaterRecords();
    void evictionLeavesNoBytesHidden();
    void evictionInALongLineShowsEveryByteOnce();
};

void tst_StreamLines::lines_data()
{
    QTest::addColumn<QList<TrafficRecord>>("records");
    QTest::addColumn<QStringList>("shown");
    QTest::addColumn<QList<int>>("rowLines");

    const QString x128(128, u'x');
    QTest::newRow("a line in four reads")
        << QList<TrafficRecord>{rx("temp="), rx("21"), rx(".5"), rx("\r\n")}
        << QStringList{QStringLiteral("*temp=21.5")} << QList<int>{1, 0, 0, 0};
    QTest::newRow("two lines in one read")
        << QList<TrafficRecord>{rx("a\r\nb\r\n")}
        << QStringList{QStringLiteral("*a"), QStringLiteral(" b")} << QList<int>{2};
    QTest::newRow("CR and LF in different reads")
        << QList<TrafficRecord>{rx("a\r"), rx("\nb\n")}
        << QStringList{QStringLiteral("*a"), QStringLiteral(" b")} << QList<int>{1, 1};
    QTest::newRow("the next read after a line end starts a line")
        << QList<TrafficRecord>{rx("ok\n"), rx("ready\n")}
        << QStringList{QStringLiteral("*ok"), QStringLiteral(" ready")} << QList<int>{1, 1};
    QTest::newRow("empty lines stay")
        << QList<TrafficRecord>{rx("a\n\nb\n")}
        << QStringList{QStringLiteral("*a"), QStringLiteral(" "), QStringLiteral(" b")}
        << QList<int>{3};
    QTest::newRow("a lone CR is shown")
        << QList<TrafficRecord>{rx("50%\r60%\r\n")} << QStringList{QStringLiteral("*50%\\r60%")}
        << QList<int>{1};
    QTest::newRow("another peer starts a block")
        << QList<TrafficRecord>{rx("abc", 0, 1), rx("def", 0, 2)}
        << QStringList{QStringLiteral("*abc"), QStringLiteral("*def")} << QList<int>{1, 1};
    QTest::newRow("the other direction starts a block")
        << QList<TrafficRecord>{rx("AT"), tx("OK\r\n"), rx("+CSQ")}
        << QStringList{QStringLiteral("*AT"), QStringLiteral("*OK"), QStringLiteral("*+CSQ")}
        << QList<int>{1, 1, 1};
    QTest::newRow("an idle gap starts a block")
        << QList<TrafficRecord>{rx("abc", 0), rx("def", 499), rx("ghi", 1000)}
        << QStringList{QStringLiteral("*abcdef"), QStringLiteral("*ghi")} << QList<int>{1, 0, 1};
    QTest::newRow("an event ends a block")
        << QList<TrafficRecord>{rx("abc"), eventRecord(QStringLiteral("Accepted 127.0.0.1:5000")),
                                rx("def")}
        << QStringList{QStringLiteral("*abc"), QStringLiteral(" Accepted 127.0.0.1:5000"),
                       QStringLiteral("*def")}
        << QList<int>{1, 1, 1};
    QTest::newRow("an empty datagram is a line of its own")
        << QList<TrafficRecord>{rx("abc"), rx(""), rx("def")}
        << QStringList{QStringLiteral("*abc"), QStringLiteral("*(empty)"), QStringLiteral("*def")}
        << QList<int>{1, 1, 1};
    QTest::newRow("a long line wraps every 128 bytes across reads")
        << QList<TrafficRecord>{rx(QByteArray(100, 'x')), rx(QByteArray(100, 'x'))}
        << QStringList{u'*' + x128, QStringLiteral(" ") + QString(72, u'x')} << QList<int>{1, 1};
    QTest::newRow("a wrap never cuts a UTF-8 character split across reads")
        << QList<TrafficRecord>{rx(QByteArray(127, 'x') + "\xC3"), rx("\xA9y")}
        << QStringList{u'*' + QString(127, u'x') + QChar(0xe9), QStringLiteral(" y")}
        << QList<int>{1, 1};
    QTest::newRow("a full line does not wrap before its own line end")
        << QList<TrafficRecord>{rx(QByteArray(128, 'x')), rx("\r\nnext\n")}
        << QStringList{u'*' + x128, QStringLiteral(" next")} << QList<int>{1, 1};
}

void tst_StreamLines::lines()
{
    QFETCH(QList<TrafficRecord>, records);
    QFETCH(QStringList, shown);
    QFETCH(QList<int>, rowLines);

    Stream stream(records);
    QCOMPARE(stream.shown(), shown);
    QCOMPARE(stream.rowLines(), rowLines);
    QCOMPARE(stream.layout.lineCount(), qint64(shown.size()));

    // Laid out again from scratch (a mode or encoding change), the same.
    stream.layout.invalidate();
    stream.lines.clearCache();
    QCOMPARE(stream.rowLines(), rowLines);
    QCOMPARE(stream.shown(), shown);
}

void tst_StreamLines::framedRecordsStartLines()
{
    // Frames are what the user asked to see one by one: each starts a line, one block.
    Stream stream({rx("\x01\x02"), rx("\x03"), tx("\x04")}, true);
    QCOMPARE(stream.shown(), (QStringList{QStringLiteral("*\\x01\\x02"), QStringLiteral(" \\x03"),
                                          QStringLiteral("*\\x04")}));
}

void tst_StreamLines::lineGrowsAsRecordsArrive()
{
    // The last line is open: what arrives later is shown on it, not on a line of its own.
    Stream stream({rx("temp=")});
    QCOMPARE(stream.shown(), QStringList{QStringLiteral("*temp=")});
    stream.records << rx("21.5\r\n") << rx("temp=21.6\r\n");
    stream.records[1].sequence = 2;
    stream.records[2].sequence = 3;
    stream.layout.insertRows(1, 2);
    QCOMPARE(stream.shown(),
             (QStringList{QStringLiteral("*temp=21.5"), QStringLiteral(" temp=21.6")}));
    QCOMPARE(stream.rowLines(), (QList<int>{1, 0, 1}));
}

void tst_StreamLines::lineRunsIntoLaterRecords()
{
    // A line says which records are on it, so selecting any of them highlights it.
    Stream stream({rx("a"), rx("b"), rx("c\nd"), rx("e\n")});
    const StreamLines::Line first = stream.line(0, 0);
    QCOMPARE(first.text, QStringLiteral("abc"));
    QCOMPARE(first.lastRow, 2);
    const StreamLines::Line second = stream.line(2, 0); // the line that starts in "c\nd"
    QCOMPARE(second.text, QStringLiteral("de"));
    QCOMPARE(second.lastRow, 3);
    QVERIFY(!second.blockHead);
}

void tst_StreamLines::evictionLeavesNoBytesHidden()
{
    // The log drops its oldest records: a line that began in one goes on in the next, which
    // now starts the view. Its bytes are shown, not left on a line nobody draws.
    Stream stream({rx("temp="), rx("21"), rx(".5\r\nhum"), rx("=40\r\n"), rx("ok\r\n")});
    QCOMPARE(stream.shown(), (QStringList{QStringLiteral("*temp=21.5"), QStringLiteral(" hum=40"),
                                          QStringLiteral(" ok")}));
    stream.layout.ensureLineStarts();
    stream.records.removeFirst();
    // One line left the top and one came back: what the scroll position follows.
    QCOMPARE(stream.layout.removeRows(0, 0), qint64(0));
    QCOMPARE(stream.shown(), (QStringList{QStringLiteral("*21.5"), QStringLiteral(" hum=40"),
                                          QStringLiteral(" ok")}));
    QCOMPARE(stream.rowLines(), (QList<int>{1, 1, 0, 1}));
    QCOMPARE(stream.layout.lineCount(), qint64(3));
    QCOMPARE(stream.layout.firstLineOf(3), qint64(2));

    stream.records.removeFirst();
    stream.records.removeFirst(); // "hum" began in it
    QCOMPARE(stream.layout.removeRows(0, 1), qint64(1));
    QCOMPARE(stream.shown(), (QStringList{QStringLiteral("*=40"), QStringLiteral(" ok")}));
    QCOMPARE(stream.layout.lineCount(), qint64(2));
}

void tst_StreamLines::evictionInALongLineShowsEveryByteOnce()
{
    // Two thousand reads without a line end: an eviction lays out at most a few hundred rows
    // again, and the view still shows every byte that is left, once and in order.
    QList<TrafficRecord> records;
    for (int i = 0; i < 2000; ++i)
        records << rx(QByteArray(50, char('a' + i % 26)));
    Stream stream(records);
    stream.layout.ensureLineStarts();
    for (int evicted = 1; evicted <= 2; ++evicted) {
        stream.records.removeFirst();
        (void)stream.layout.removeRows(0, 0);
        QString joined;
        const QStringList shown = stream.shown();
        for (const QString &line : shown) {
            QVERIFY(line.size() - 1 <= 2 * StreamLines::TextBytesPerLine);
            joined += line.mid(1);
        }
        QCOMPARE(joined.size(), (2000 - evicted) * 50);
        for (int i = 0; i < 2000 - evicted; ++i)
            QCOMPARE(joined.mid(i * 50, 50), QString(50, QChar(u'a' + (i + evicted) % 26)));
        QCOMPARE(stream.layout.lineCount(), qint64(shown.size()));
    }
}

QTEST_GUILESS_MAIN(tst_StreamLines)
#include "tst_streamlines.moc"
