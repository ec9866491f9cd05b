#include "payload/textcodec.h"

#include <QTest>

using namespace sockeye;

class tst_TextCodec : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void encode_data();
    void encode();
    void unencodable_data();
    void unencodable();
    void sourcePositions();
    void decode_data();
    void decode();
    void names_data();
    void names();
    void unknownEncoding();
    void decodeNeverCrashes();
};

void tst_TextCodec::initTestCase()
{
    for (const QString &name : TextCodec::encodings())
        QVERIFY2(TextCodec::isAvailable(name), qPrintable(TextCodec::checkAvailable(name).message));
}

void tst_TextCodec::encode_data()
{
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("expected"); // hex

    QTest::newRow("UTF-8 ascii") << QStringLiteral("UTF-8") << QStringLiteral("Hi")
                                 << QByteArray("4869");
    QTest::newRow("UTF-8 chinese")
        << QStringLiteral("UTF-8") << QStringLiteral("中文") << QByteArray("e4b8ade69687");
    QTest::newRow("UTF-8 emoji") << QStringLiteral("UTF-8") << QStringLiteral("😀")
                                 << QByteArray("f09f9880");
    QTest::newRow("GBK chinese") << QStringLiteral("GBK") << QStringLiteral("中文")
                                 << QByteArray("d6d0cec4");
    QTest::newRow("GBK mixed ascii")
        << QStringLiteral("GBK") << QStringLiteral("a中\r\n") << QByteArray("61d6d00d0a");
    QTest::newRow("GB18030 chinese")
        << QStringLiteral("GB18030") << QStringLiteral("中文") << QByteArray("d6d0cec4");
    QTest::newRow("GB18030 four-byte")
        << QStringLiteral("GB18030") << QStringLiteral("\u0080") << QByteArray("81308130");
    QTest::newRow("Big5 chinese") << QStringLiteral("Big5") << QStringLiteral("中文")
                                  << QByteArray("a4a4a4e5");
    QTest::newRow("Shift_JIS japanese")
        << QStringLiteral("Shift_JIS") << QStringLiteral("日本") << QByteArray("93fa967b");
    QTest::newRow("Shift_JIS hiragana")
        << QStringLiteral("Shift_JIS") << QStringLiteral("あ") << QByteArray("82a0");
    QTest::newRow("Latin-1 accents")
        << QStringLiteral("ISO-8859-1") << QStringLiteral("é\u00ff") << QByteArray("e9ff");
    QTest::newRow("alias latin1") << QStringLiteral("latin1") << QStringLiteral("é")
                                  << QByteArray("e9");
    QTest::newRow("empty") << QStringLiteral("GBK") << QString() << QByteArray();
}

void tst_TextCodec::encode()
{
    QFETCH(QString, encoding);
    QFETCH(QString, text);
    QFETCH(QByteArray, expected);
    const EncodeResult result = TextCodec::encode(text, encoding);
    QVERIFY2(result.ok(), qPrintable(result.error.message));
    QCOMPARE(result.bytes.toHex(), expected);
    // And back.
    QCOMPARE(TextCodec::decode(result.bytes, encoding), text);
}

void tst_TextCodec::unencodable_data()
{
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("position");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("Latin-1 chinese")
        << QStringLiteral("ISO-8859-1") << QStringLiteral("ab中c") << 2 << QStringLiteral("U+4E2D");
    QTest::newRow("Latin-1 euro") << QStringLiteral("ISO-8859-1") << QStringLiteral("€") << 0
                                  << QStringLiteral("ISO-8859-1");
    QTest::newRow("GBK emoji") << QStringLiteral("GBK") << QStringLiteral("中a😀") << 2
                               << QStringLiteral("U+1F600");
    QTest::newRow("Shift_JIS accent")
        << QStringLiteral("Shift_JIS") << QStringLiteral("日é") << 1 << QStringLiteral("U+00E9");
    QTest::newRow("Big5 accent after text")
        << QStringLiteral("Big5") << QStringLiteral("中文xé") << 3 << QStringLiteral("Big5");
    QTest::newRow("UTF-8 lone surrogate")
        << QStringLiteral("UTF-8") << (QStringLiteral("ab") + QChar(0xD800)) << 2
        << QStringLiteral("U+D800");
    QTest::newRow("GB18030 lone low surrogate")
        << QStringLiteral("GB18030") << (QString(QChar(0xDC00)) + u'a') << 0
        << QStringLiteral("U+DC00");
}

void tst_TextCodec::unencodable()
{
    QFETCH(QString, encoding);
    QFETCH(QString, text);
    QFETCH(int, position);
    QFETCH(QString, mentions);
    const EncodeResult result = TextCodec::encode(text, encoding);
    QVERIFY(!result.ok());
    QVERIFY(result.bytes.isEmpty());
    QCOMPARE(result.error.position, position);
    QVERIFY2(result.error.message.contains(mentions), qPrintable(result.error.message));
    QVERIFY2(result.error.message.contains(QStringLiteral("position %1").arg(position + 1)),
             qPrintable(result.error.message));
}

void tst_TextCodec::sourcePositions()
{
    const QList<int> sources{10, 14, 15};
    const EncodeResult result = TextCodec::encode(u"ab中", u"ISO-8859-1", &sources);
    QCOMPARE(result.error.position, 15);
    QVERIFY(result.error.message.contains(QStringLiteral("position 16")));
}

void tst_TextCodec::decode_data()
{
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<QByteArray>("bytes"); // hex
    QTest::addColumn<QString>("expected");

    const QString fffd(QChar(0xFFFD));
    QTest::newRow("UTF-8 malformed byte")
        << QStringLiteral("UTF-8") << QByteArray("61ff62") << (u'a' + fffd + u'b');
    QTest::newRow("UTF-8 truncated at end")
        << QStringLiteral("UTF-8") << QByteArray("61e4b8") << (u'a' + fffd + fffd);
    QTest::newRow("UTF-8 overlong")
        << QStringLiteral("UTF-8") << QByteArray("c0af") << (fffd + fffd);
    QTest::newRow("GBK chinese") << QStringLiteral("GBK") << QByteArray("d6d0cec4")
                                 << QStringLiteral("中文");
    QTest::newRow("GBK truncated at end")
        << QStringLiteral("GBK") << QByteArray("d6d0ce") << (QStringLiteral("中") + fffd);
    QTest::newRow("GBK lead byte before newline")
        << QStringLiteral("GBK") << QByteArray("810a41") << (fffd + QStringLiteral("\nA"));
    QTest::newRow("Big5 chinese") << QStringLiteral("Big5") << QByteArray("a4a4a4e5")
                                  << QStringLiteral("中文");
    QTest::newRow("Big5 truncated") << QStringLiteral("Big5") << QByteArray("a4") << fffd;
    QTest::newRow("Shift_JIS japanese")
        << QStringLiteral("Shift_JIS") << QByteArray("93fa967b") << QStringLiteral("日本");
    QTest::newRow("Shift_JIS invalid byte")
        << QStringLiteral("Shift_JIS") << QByteArray("80") << fffd;
    QTest::newRow("Latin-1 every byte is a character")
        << QStringLiteral("ISO-8859-1") << QByteArray("e980") << QStringLiteral("é\u0080");
    QTest::newRow("GB18030 truncated four-byte")
        << QStringLiteral("GB18030") << QByteArray("813081") << (fffd + u'0' + fffd);
}

void tst_TextCodec::decode()
{
    QFETCH(QString, encoding);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    QCOMPARE(TextCodec::decode(QByteArray::fromHex(bytes), encoding), expected);
}

void tst_TextCodec::names_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("utf8") << QStringLiteral("utf8") << QStringLiteral("UTF-8");
    QTest::newRow("Latin-1") << QStringLiteral("Latin-1") << QStringLiteral("ISO-8859-1");
    QTest::newRow("sjis") << QStringLiteral("SJIS") << QStringLiteral("Shift_JIS");
    QTest::newRow("gbk lowercase") << QStringLiteral("gbk") << QStringLiteral("GBK");
    QTest::newRow("big5 with spaces") << QStringLiteral(" big5 ") << QStringLiteral("Big5");
    QTest::newRow("unsupported") << QStringLiteral("EBCDIC") << QString();
}

void tst_TextCodec::names()
{
    QFETCH(QString, name);
    QFETCH(QString, canonical);
    QCOMPARE(TextCodec::canonicalName(name), canonical);
}

void tst_TextCodec::unknownEncoding()
{
    QVERIFY(!TextCodec::isAvailable(u"KOI8-R"));
    const PayloadError error = TextCodec::checkAvailable(u"KOI8-R");
    QVERIFY(error.message.contains(QStringLiteral("'KOI8-R'")));
    QVERIFY(error.message.contains(QStringLiteral("UTF-8")));
    const EncodeResult result = TextCodec::encode(u"abc", u"KOI8-R");
    QVERIFY(!result.ok());
    QCOMPARE(TextCodec::decode("abc", u"KOI8-R"), QStringLiteral("abc"));
}

void tst_TextCodec::decodeNeverCrashes()
{
    // Every 1- and 2-byte input (so only BMP characters) through every encoding: decode gives
    // something, and decodeExact accounts for every byte.
    for (const QString &encoding : TextCodec::encodings()) {
        for (int a = 0; a < 256; a += 3) {
            for (int b = 0; b < 256; b += 5) {
                const char raw[2] = {char(a), char(b)};
                const QByteArrayView bytes(raw, 2);
                QVERIFY(!TextCodec::decode(bytes, encoding).isEmpty());
                QByteArray rebuilt;
                TextCodec::decodeExact(
                    bytes, encoding,
                    [&](char32_t cp, QByteArrayView source) {
                        QCOMPARE(TextCodec::encode(QString(QChar(char16_t(cp))), encoding).bytes,
                                 source.toByteArray());
                        rebuilt += source.toByteArray();
                    },
                    [&](uchar byte) { rebuilt.append(char(byte)); });
                QCOMPARE(rebuilt, bytes.toByteArray());
            }
        }
    }
}

QTEST_GUILESS_MAIN(tst_TextCodec)
#include "tst_textcodec.moc"
