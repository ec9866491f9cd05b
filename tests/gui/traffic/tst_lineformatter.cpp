// LineFormatter with no window: how many lines a record takes and what each says, in text,
// hex and hex dump, and the prefix columns.
#include "traffic/lineformatter.h"

#include <QRegularExpression>
#include <QTest>

using namespace sockeye;

namespace {

TrafficRecord data(const QByteArray &bytes, quint64 sequence = 1)
{
    TrafficRecord r;
    r.sequence = sequence;
    r.direction = Direction::Rx;
    r.bytes = bytes;
    return r;
}

TrafficRecord eventRecord(const QString &text)
{
    TrafficRecord r;
    r.sequence = 1;
    r.kind = RecordKind::Accepted;
    r.text = text;
    return r;
}

QByteArray ascii(int n)
{
    QByteArray out;
    for (int i = 0; i < n; ++i)
        out.append(char('a' + i % 26));
    return out;
}

} // namespace

class tst_LineFormatter : public QObject
{
    Q_OBJECT
private slots:
    void lines_data();
    void lines();
    void prefix_data();
    void prefix();
    void settingsClearTheCaches();
};

void tst_LineFormatter::lines_data()
{
    using Mode = LineFormatter::Mode;
    QTest::addColumn<Mode>("mode");
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<TrafficRecord>("record");
    QTest::addColumn<QStringList>("lines");

    const QString utf8 = QStringLiteral("UTF-8");
    const QString latin1 = QStringLiteral("ISO-8859-1");
    QTest::newRow("event: its sentence")
        << Mode::Hex << utf8 << eventRecord(QStringLiteral("Accepted 10.0.0.1:4000"))
        << QStringList{QStringLiteral("Accepted 10.0.0.1:4000")};
    QTest::newRow("empty payload")
        << Mode::Log << utf8 << data({}) << QStringList{QStringLiteral("(empty)")};
    QTest::newRow("text: one line")
        << Mode::Log << utf8 << data("hello") << QStringList{QStringLiteral("hello")};
    QTest::newRow("text: a line after each LF")
        << Mode::Log << utf8 << data("a\nb\n")
        << QStringList{QStringLiteral("a\\n"), QStringLiteral("b\\n")};
    QTest::newRow("text: cut every 128 bytes")
        << Mode::Log << utf8 << data(ascii(130))
        << QStringList{QString::fromLatin1(ascii(128)), QStringLiteral("yz")};
    // 127 ASCII bytes, then "é" (C3 A9) across the 128-byte mark: the line ends before it.
    QTest::newRow("text: a UTF-8 character is not cut")
        << Mode::Log << utf8 << data(ascii(127) + "\xC3\xA9")
        << QStringList{QString::fromLatin1(ascii(127)), QStringLiteral("\u00E9")};
    QTest::newRow("text: Latin-1 is cut at 128 exactly")
        << Mode::Log << latin1 << data(ascii(127) + "\xC3\xA9")
        << QStringList{QString::fromLatin1(ascii(127)) + QStringLiteral("\u00C3"),
                       QStringLiteral("\u00A9")};
    QTest::newRow("hex: 32 bytes a line")
        << Mode::Hex << utf8 << data(QByteArray(33, '\x01'))
        << QStringList{QStringLiteral("01 ").repeated(31) + QStringLiteral("01"),
                       QStringLiteral("01")};
    // The ASCII column lines up: its bar at column 60 on a short line too.
    QTest::newRow("hex dump: 16 bytes a line")
        << Mode::HexDump << utf8 << data("0123456789abcdefXY")
        << QStringList{QStringLiteral("00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  "
                                      "|0123456789abcdef|"),
                       QStringLiteral("00000010  58 59") + QString(45, QLatin1Char(' ')) +
                           QStringLiteral("|XY|")};
}

void tst_LineFormatter::lines()
{
    QFETCH(LineFormatter::Mode, mode);
    QFETCH(QString, encoding);
    QFETCH(TrafficRecord, record);
    QFETCH(QStringList, lines);

    LineFormatter formatter;
    formatter.setMode(mode);
    formatter.setEncoding(encoding);
    QCOMPARE(formatter.countLines(record), int(lines.size()));
    QCOMPARE(formatter.formatRecord(record), lines);
    for (int i = 0; i < lines.size(); ++i) {
        QCOMPARE(formatter.formatLine(record, i), lines.at(i));
        QCOMPARE(formatter.cachedLine(record, i), lines.at(i));
        QCOMPARE(formatter.cachedLine(record, i), lines.at(i)); // from the cache
    }
    if (record.isData() && !record.bytes.isEmpty())
        QCOMPARE(formatter.formatLine(record, int(lines.size())), QString()); // past the end
}

void tst_LineFormatter::prefix_data()
{
    QTest::addColumn<bool>("timestamps");
    QTest::addColumn<TrafficRecord>("record");
    QTest::addColumn<QString>("pattern"); ///< a regular expression: the time is local
    QTest::addColumn<int>("prefixChars");

    TrafficRecord rx = data("x");
    rx.timestampUs = qint64(1700000000250) * 1000; // .250 in every time zone
    TrafficRecord tx = rx;
    tx.direction = Direction::Tx;
    TrafficRecord ev = eventRecord(QStringLiteral("Accepted"));
    ev.timestampUs = rx.timestampUs;

    QTest::newRow("received, with time")
        << true << rx << QStringLiteral("^\\d\\d:\\d\\d:\\d\\d\\.250 \u25BC 10\\.0\\.0\\.1:4000$")
        << 13 + 2 + 23 + 1;
    QTest::newRow("sent, no time")
        << false << tx << QStringLiteral("^\u25B2 10\\.0\\.0\\.1:4000$") << 2 + 23 + 1;
    QTest::newRow("an event has no peer")
        << false << ev << QStringLiteral("^\u2022 $") << 2 + 23 + 1;
}

void tst_LineFormatter::prefix()
{
    QFETCH(bool, timestamps);
    QFETCH(TrafficRecord, record);
    QFETCH(QString, pattern);
    QFETCH(int, prefixChars);

    LineFormatter formatter;
    QCOMPARE(formatter.setShowTimestamps(timestamps), !timestamps); // shown by default
    const QString prefix = formatter.prefixText(record, QStringLiteral("10.0.0.1:4000"));
    QVERIFY2(QRegularExpression(pattern).match(prefix).hasMatch(), qPrintable(prefix));
    QCOMPARE(formatter.prefixChars(), prefixChars);
}

void tst_LineFormatter::settingsClearTheCaches()
{
    LineFormatter formatter;
    const TrafficRecord r = data("\xE9");
    QCOMPARE(formatter.cachedLine(r, 0), QStringLiteral("\uFFFD")); // not UTF-8
    QVERIFY(formatter.setEncoding(QStringLiteral("ISO-8859-1")));
    QVERIFY(!formatter.setEncoding(QStringLiteral("ISO-8859-1")));
    QCOMPARE(formatter.cachedLine(r, 0), QStringLiteral("\u00E9"));
    QVERIFY(formatter.setMode(LineFormatter::Mode::Hex));
    QVERIFY(!formatter.setMode(LineFormatter::Mode::Hex));
    QCOMPARE(formatter.cachedLine(r, 0), QStringLiteral("E9"));
    QCOMPARE(formatter.lineChars(), LineFormatter::HexBytesPerLine * 3);
}

QTEST_GUILESS_MAIN(tst_LineFormatter)
#include "tst_lineformatter.moc"
