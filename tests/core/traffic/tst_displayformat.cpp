#include "traffic/displayformat.h"

#include <QElapsedTimer>
#include <QTest>

using namespace sockeye;
using NonPrintable = DisplayFormat::NonPrintable;

class tst_DisplayFormat : public QObject
{
    Q_OBJECT

private slots:
    void text_data();
    void text();
    void hex_data();
    void hex();
    void hexDump_data();
    void hexDump();
    void hexDumpLines();
    void largeInputIsLinear();
};

void tst_DisplayFormat::text_data()
{
    QTest::addColumn<QByteArray>("bytes"); // hex
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<NonPrintable>("mode");
    QTest::addColumn<QString>("expected");

    const QString utf8 = QStringLiteral("UTF-8");
    const NonPrintable esc = NonPrintable::Escape;
    const NonPrintable dot = NonPrintable::Dot;
    QTest::newRow("plain ascii") << QByteArray("Hello").toHex() << utf8 << esc
                                 << QStringLiteral("Hello");
    QTest::newRow("CR LF escaped")
        << QByteArray("Hi\r\n").toHex() << utf8 << esc << QStringLiteral("Hi\\r\\n");
    QTest::newRow("CR LF as dots")
        << QByteArray("Hi\r\n").toHex() << utf8 << dot << QStringLiteral("Hi..");
    QTest::newRow("tab and NUL") << QByteArray("0961000a") << utf8 << esc
                                 << QStringLiteral("\\ta\\0\\n");
    QTest::newRow("other controls as hex")
        << QByteArray("1b5b6d7f") << utf8 << esc << QStringLiteral("\\x1B[m\\x7F");
    QTest::newRow("backslash as is") << QByteArray("5c6e") << utf8 << esc << QStringLiteral("\\n");
    QTest::newRow("UTF-8 chinese intact")
        << QByteArray("e4b8ade69687") << utf8 << esc << QStringLiteral("中文");
    QTest::newRow("malformed UTF-8 shows U+FFFD")
        << QByteArray("41ff42") << utf8 << esc << QStringLiteral("A\uFFFDB");
    QTest::newRow("malformed UTF-8 with dots")
        << QByteArray("41ff0a") << utf8 << dot << QStringLiteral("A\uFFFD.");
    QTest::newRow("C1 control in UTF-8")
        << QByteArray("c285") << utf8 << esc << QStringLiteral("\\u{85}");
    QTest::newRow("C1 control in Latin-1")
        << QByteArray("85e9") << QStringLiteral("ISO-8859-1") << esc << QStringLiteral("\\x85é");
    QTest::newRow("C1 control as dot")
        << QByteArray("85") << QStringLiteral("ISO-8859-1") << dot << QStringLiteral(".");
    QTest::newRow("GBK with CR LF") << QByteArray("d6d0cec40d0a") << QStringLiteral("GBK") << esc
                                    << QStringLiteral("中文\\r\\n");
    QTest::newRow("GBK truncated")
        << QByteArray("d6d0ce") << QStringLiteral("GBK") << esc << QStringLiteral("中\uFFFD");
    QTest::newRow("Big5") << QByteArray("a4a4a4e5") << QStringLiteral("Big5") << dot
                          << QStringLiteral("中文");
    QTest::newRow("Shift_JIS") << QByteArray("93fa967b0d") << QStringLiteral("Shift_JIS") << esc
                               << QStringLiteral("日本\\r");
    QTest::newRow("empty") << QByteArray() << utf8 << esc << QString();
}

void tst_DisplayFormat::text()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, encoding);
    QFETCH(NonPrintable, mode);
    QFETCH(QString, expected);
    QCOMPARE(DisplayFormat::text(QByteArray::fromHex(bytes), encoding, mode), expected);
}

void tst_DisplayFormat::hex_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("Hel") << QByteArray("Hel") << QStringLiteral("48 65 6C");
    QTest::newRow("binary") << QByteArray("\x00\xff\x0a", 3) << QStringLiteral("00 FF 0A");
}

void tst_DisplayFormat::hex()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    QCOMPARE(DisplayFormat::hex(bytes), expected);
}

void tst_DisplayFormat::hexDump_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qint64>("baseOffset");
    QTest::addColumn<QString>("expected");

    QTest::newRow("empty") << QByteArray() << qint64(0) << QString();
    QTest::newRow("one full line")
        << QByteArray("0123456789ABCDEF") << qint64(0)
        << QStringLiteral("00000000  30 31 32 33 34 35 36 37  38 39 41 42 43 44 45 46  "
                          "|0123456789ABCDEF|");
    QTest::newRow("full line and a short one")
        << QByteArray("0123456789ABCDEFxy\n") << qint64(0)
        << QStringLiteral("00000000  30 31 32 33 34 35 36 37  38 39 41 42 43 44 45 46  "
                          "|0123456789ABCDEF|\n"
                          "00000010  78 79 0A                                          |xy.|");
    QTest::newRow("base offset")
        << QByteArray("xy\n") << qint64(0x110)
        << QStringLiteral("00000110  78 79 0A                                          |xy.|");
    QTest::newRow("non-ASCII bytes are dots")
        << QByteArray("\x00\x7f\x80\xff~ ", 6) << qint64(0)
        << QStringLiteral("00000000  00 7F 80 FF 7E 20                                 |....~ |");
    QTest::newRow("exactly eight bytes")
        << QByteArray("ABCDEFGH") << qint64(0)
        << QStringLiteral("00000000  41 42 43 44 45 46 47 48                           |ABCDEFGH|");
}

void tst_DisplayFormat::hexDump()
{
    QFETCH(QByteArray, bytes);
    QFETCH(qint64, baseOffset);
    QFETCH(QString, expected);
    QCOMPARE(DisplayFormat::hexDump(bytes, baseOffset), expected);
}

void tst_DisplayFormat::hexDumpLines()
{
    QByteArray data;
    for (int i = 0; i < 40; ++i)
        data.append(char(i));
    QCOMPARE(DisplayFormat::hexDumpLineCount(0), 0);
    QCOMPARE(DisplayFormat::hexDumpLineCount(16), 1);
    QCOMPARE(DisplayFormat::hexDumpLineCount(17), 2);
    QCOMPARE(DisplayFormat::hexDumpLineCount(data.size()), 3);
    const QStringList lines = DisplayFormat::hexDump(data, 0x1000).split(u'\n');
    QCOMPARE(lines.size(), 3);
    for (int line = 0; line < 3; ++line)
        QCOMPARE(DisplayFormat::hexDumpLine(data, line, 0x1000), lines.at(line));
    QVERIFY(lines.at(2).startsWith(QStringLiteral("00001020  20 21 22 23 24 25 26 27")));
    QCOMPARE(DisplayFormat::hexDumpLine(data, 3), QString());
    QCOMPARE(DisplayFormat::hexDumpLine(data, -1), QString());
}

void tst_DisplayFormat::largeInputIsLinear()
{
    // 4 MiB of mixed control and multi-byte text: anything quadratic would take minutes.
    QByteArray data;
    while (data.size() < (4 << 20))
        data.append("line \xe4\xb8\xad\r\n\x01", 11);
    QElapsedTimer timer;
    timer.start();
    const QString text = DisplayFormat::text(data, u"UTF-8");
    const QString dump = DisplayFormat::hexDump(data);
    const QString hex = DisplayFormat::hex(data);
    QVERIFY(text.startsWith(QStringLiteral("line 中\\r\\n\\x01line")));
    QCOMPARE(hex.size(), data.size() * 3 - 1);
    QCOMPARE(dump.count(u'\n'), DisplayFormat::hexDumpLineCount(data.size()) - 1);
    QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
}

QTEST_GUILESS_MAIN(tst_DisplayFormat)
#include "tst_displayformat.moc"
