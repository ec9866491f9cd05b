#include "payload/hexcodec.h"

#include <QTest>

using namespace sockeye;

class tst_HexCodec : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void parseErrors_data();
    void parseErrors();
    void positionOffset();
    void format_data();
    void format();
    void roundTrip();
};

void tst_HexCodec::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("expected"); // as hex

    QTest::newRow("empty") << QString() << QByteArray();
    QTest::newRow("only separators") << QStringLiteral(" ,\t\r\n ") << QByteArray();
    QTest::newRow("spaced lowercase") << QStringLiteral("48 65 6c") << QByteArray("48656c");
    QTest::newRow("uppercase") << QStringLiteral("4A 4B FF") << QByteArray("4a4bff");
    QTest::newRow("mixed case in a byte") << QStringLiteral("aB Cd") << QByteArray("abcd");
    QTest::newRow("pairs within a group")
        << QStringLiteral("48656C6C6F") << QByteArray("48656c6c6f");
    QTest::newRow("0x prefixes with commas")
        << QStringLiteral("0x48,0x65, 0X6c") << QByteArray("48656c");
    QTest::newRow("0x prefix on a long group") << QStringLiteral("0x4865") << QByteArray("4865");
    QTest::newRow("tabs and newlines")
        << QStringLiteral("01\t02\r\n03\n04") << QByteArray("01020304");
    QTest::newRow("leading and trailing spaces") << QStringLiteral("  00  ") << QByteArray("00");
    QTest::newRow("zero group") << QStringLiteral("00 0x00") << QByteArray("0000");
}

void tst_HexCodec::parse()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, expected);
    const EncodeResult result = HexCodec::parse(text);
    QVERIFY2(result.ok(), qPrintable(result.error.message));
    QCOMPARE(result.bytes, QByteArray::fromHex(expected));
}

void tst_HexCodec::parseErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("position");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("odd digit count") << QStringLiteral("48 656") << 3 << QStringLiteral("'656'");
    QTest::newRow("single digit") << QStringLiteral("F") << 0 << QStringLiteral("odd number");
    QTest::newRow("odd group after 0x")
        << QStringLiteral("00 0x123") << 3 << QStringLiteral("'0x123'");
    QTest::newRow("invalid digit") << QStringLiteral("48 6g") << 4 << QStringLiteral("'g'");
    // Messages count characters from 1, as a user does; the position field from 0.
    QTest::newRow("invalid digit, the sixth character")
        << QStringLiteral("48 65g") << 5 << QStringLiteral("position 6");
    QTest::newRow("invalid before odd") << QStringLiteral("4z5") << 1 << QStringLiteral("'z'");
    QTest::newRow("bare 0x") << QStringLiteral("48 0x") << 3 << QStringLiteral("'0x'");
    QTest::newRow("x inside a group") << QStringLiteral("480x65") << 3 << QStringLiteral("'x'");
    QTest::newRow("non-ASCII character")
        << QStringLiteral("48 \u00e9") << 3 << QStringLiteral("'\u00e9'");
    QTest::newRow("control character")
        << QStringLiteral("48\u000b") << 2 << QStringLiteral("U+000B");
    QTest::newRow("semicolon is not a separator")
        << QStringLiteral("48;65") << 2 << QStringLiteral("';'");
}

void tst_HexCodec::parseErrors()
{
    QFETCH(QString, text);
    QFETCH(int, position);
    QFETCH(QString, mentions);
    const EncodeResult result = HexCodec::parse(text);
    QVERIFY(!result.ok());
    QVERIFY(result.bytes.isEmpty());
    QCOMPARE(result.error.position, position);
    QVERIFY2(result.error.message.contains(mentions, Qt::CaseInsensitive),
             qPrintable(result.error.message));
    QVERIFY2(result.error.message.contains(QStringLiteral("position %1").arg(position + 1)),
             qPrintable(result.error.message));
}

void tst_HexCodec::positionOffset()
{
    const EncodeResult result = HexCodec::parse(u"00 0g", 10);
    QCOMPARE(result.error.position, 14);
    QVERIFY(result.error.message.contains(QStringLiteral("position 15")));
}

void tst_HexCodec::format_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QChar>("separator");
    QTest::addColumn<QString>("expected");

    QTest::newRow("empty") << QByteArray() << QChar(u' ') << QString();
    QTest::newRow("one byte") << QByteArray("\x0a", 1) << QChar(u' ') << QStringLiteral("0A");
    QTest::newRow("spaced uppercase")
        << QByteArray("Hel") << QChar(u' ') << QStringLiteral("48 65 6C");
    QTest::newRow("no separator") << QByteArray("\x00\xff", 2) << QChar() << QStringLiteral("00FF");
    QTest::newRow("colon separator")
        << QByteArray("\x01\x02", 2) << QChar(u':') << QStringLiteral("01:02");
}

void tst_HexCodec::format()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QChar, separator);
    QFETCH(QString, expected);
    QCOMPARE(HexCodec::format(bytes, separator), expected);
}

void tst_HexCodec::roundTrip()
{
    QByteArray all;
    for (int i = 0; i < 256; ++i)
        all.append(char(i));
    const EncodeResult spaced = HexCodec::parse(HexCodec::format(all));
    QVERIFY(spaced.ok());
    QCOMPARE(spaced.bytes, all);
    const EncodeResult packed = HexCodec::parse(HexCodec::format(all, QChar()));
    QVERIFY(packed.ok());
    QCOMPARE(packed.bytes, all);
}

QTEST_GUILESS_MAIN(tst_HexCodec)
#include "tst_hexcodec.moc"
