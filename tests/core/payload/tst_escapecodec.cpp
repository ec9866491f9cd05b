#include "payload/escapecodec.h"
#include "payload/payloadcontext.h"
#include "payload/payloadspec.h"
#include "payload/textcodec.h"

#include <QRandomGenerator>
#include <QTest>

using namespace sockeye;

namespace {

EncodeResult encodeText(const QString &text, const QString &encoding = QStringLiteral("UTF-8"))
{
    PayloadSpec spec(PayloadSpec::Mode::Text, text);
    spec.setEncoding(encoding);
    return spec.preview(PayloadContext());
}

} // namespace

class tst_EscapeCodec : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void parseErrors_data();
    void parseErrors();
    void literalMode();
    void escape_data();
    void escape();
    void roundTripRandomBytes_data();
    void roundTripRandomBytes();
};

void tst_EscapeCodec::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<QByteArray>("expected"); // hex

    const QString utf8 = QStringLiteral("UTF-8");
    QTest::newRow("CR LF") << QStringLiteral("a\\r\\n") << utf8 << QByteArray("610d0a");
    QTest::newRow("tab") << QStringLiteral("\\t") << utf8 << QByteArray("09");
    QTest::newRow("NUL then a digit") << QStringLiteral("\\01") << utf8 << QByteArray("0031");
    QTest::newRow("backslash") << QStringLiteral("C:\\\\x") << utf8 << QByteArray("433a5c78");
    QTest::newRow("hex byte is raw") << QStringLiteral("\\xFF\\x0a") << utf8 << QByteArray("ff0a");
    QTest::newRow("hex byte lowercase") << QStringLiteral("\\xab") << utf8 << QByteArray("ab");
    QTest::newRow("code point in UTF-8")
        << QStringLiteral("\\u{20AC}") << utf8 << QByteArray("e282ac");
    QTest::newRow("code point in GBK")
        << QStringLiteral("\\u{4e2d}") << QStringLiteral("GBK") << QByteArray("d6d0");
    QTest::newRow("astral code point")
        << QStringLiteral("\\u{1F600}") << utf8 << QByteArray("f09f9880");
    QTest::newRow("code point in Latin-1")
        << QStringLiteral("\\u{e9}") << QStringLiteral("ISO-8859-1") << QByteArray("e9");
    QTest::newRow("six-digit code point")
        << QStringLiteral("\\u{10FFFF}") << utf8 << QByteArray("f48fbfbf");
    QTest::newRow("double brace") << QStringLiteral("{{x}") << utf8 << QByteArray("7b787d");
    QTest::newRow("lone closing brace") << QStringLiteral("}") << utf8 << QByteArray("7d");
    QTest::newRow("raw byte between GBK text")
        << QStringLiteral("中\\x00文") << QStringLiteral("GBK") << QByteArray("d6d000cec4");
}

void tst_EscapeCodec::parse()
{
    QFETCH(QString, text);
    QFETCH(QString, encoding);
    QFETCH(QByteArray, expected);
    const EncodeResult result = encodeText(text, encoding);
    QVERIFY2(result.ok(), qPrintable(result.error.message));
    QCOMPARE(result.bytes.toHex(), expected);
}

void tst_EscapeCodec::parseErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("position");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("unknown escape") << QStringLiteral("ab\\q") << 2 << QStringLiteral("'\\q'");
    QTest::newRow("trailing backslash")
        << QStringLiteral("abc\\") << 3 << QStringLiteral("ends the text");
    QTest::newRow("short hex escape") << QStringLiteral("\\x4") << 0 << QStringLiteral("two hex");
    QTest::newRow("bad hex escape") << QStringLiteral("a\\xg1") << 1 << QStringLiteral("two hex");
    QTest::newRow("code point without braces")
        << QStringLiteral("\\u20AC") << 0 << QStringLiteral("\\u{20AC}");
    QTest::newRow("empty code point") << QStringLiteral("\\u{}") << 0 << QStringLiteral("braces");
    QTest::newRow("code point too large")
        << QStringLiteral("x\\u{110000}") << 1 << QStringLiteral("10FFFF");
    QTest::newRow("surrogate code point")
        << QStringLiteral("\\u{D800}") << 0 << QStringLiteral("surrogates");
    QTest::newRow("seven digits") << QStringLiteral("\\u{0000041}") << 0 << QStringLiteral("6 hex");
    QTest::newRow("unclosed code point")
        << QStringLiteral("\\u{41") << 0 << QStringLiteral("braces");
    QTest::newRow("unclosed brace")
        << QStringLiteral("ab{seq") << 2 << QStringLiteral("not closed");
    QTest::newRow("unknown field")
        << QStringLiteral("x{name}") << 1 << QStringLiteral("{{ for a literal");
    QTest::newRow("escape error after fields")
        << QStringLiteral("{seq}\\z") << 5 << QStringLiteral("'\\z'");
}

void tst_EscapeCodec::parseErrors()
{
    QFETCH(QString, text);
    QFETCH(int, position);
    QFETCH(QString, mentions);
    const EncodeResult result = encodeText(text);
    QVERIFY(!result.ok());
    QCOMPARE(result.error.position, position);
    QVERIFY2(result.error.message.contains(mentions), qPrintable(result.error.message));
}

void tst_EscapeCodec::literalMode()
{
    PayloadSpec spec(PayloadSpec::Mode::Text, QStringLiteral("C:\\temp\\x{seq}{"));
    spec.setEscapes(false);
    const EncodeResult result = spec.preview(PayloadContext());
    QVERIFY(result.ok());
    QCOMPARE(result.bytes, QByteArray("C:\\temp\\x{seq}{"));
}

void tst_EscapeCodec::escape_data()
{
    QTest::addColumn<QByteArray>("bytes"); // hex
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<QString>("expected");

    const QString utf8 = QStringLiteral("UTF-8");
    QTest::newRow("printable") << QByteArray("48656c6c6f") << utf8 << QStringLiteral("Hello");
    QTest::newRow("CR LF tab NUL")
        << QByteArray("0d0a0900") << utf8 << QStringLiteral("\\r\\n\\t\\0");
    QTest::newRow("other controls")
        << QByteArray("011b7f") << utf8 << QStringLiteral("\\x01\\x1B\\x7F");
    QTest::newRow("backslash and brace")
        << QByteArray("5c7b7d") << utf8 << QStringLiteral("\\\\{{}");
    QTest::newRow("invalid UTF-8 byte")
        << QByteArray("61ff62") << utf8 << QStringLiteral("a\\xFFb");
    QTest::newRow("truncated UTF-8") << QByteArray("e4b8") << utf8 << QStringLiteral("\\xE4\\xB8");
    QTest::newRow("UTF-8 chinese") << QByteArray("e4b8ad") << utf8 << QStringLiteral("中");
    QTest::newRow("C1 control") << QByteArray("c285") << utf8 << QStringLiteral("\\u{85}");
    QTest::newRow("encoded surrogate is invalid")
        << QByteArray("eda080") << utf8 << QStringLiteral("\\xED\\xA0\\x80");
    QTest::newRow("byte order mark is kept")
        << QByteArray("efbbbf41") << utf8 << (QChar(0xFEFF) + QStringLiteral("A"));
    QTest::newRow("GBK chinese") << QByteArray("d6d0cec4") << QStringLiteral("GBK")
                                 << QStringLiteral("中文");
    QTest::newRow("GBK lead byte then newline")
        << QByteArray("810a") << QStringLiteral("GBK") << QStringLiteral("\\x81\\n");
    QTest::newRow("Shift_JIS invalid then text")
        << QByteArray("8082a0") << QStringLiteral("Shift_JIS") << QStringLiteral("\\x80あ");
    QTest::newRow("Latin-1 high bytes")
        << QByteArray("e985") << QStringLiteral("ISO-8859-1") << QStringLiteral("é\\u{85}");
}

void tst_EscapeCodec::escape()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, encoding);
    QFETCH(QString, expected);
    const QByteArray raw = QByteArray::fromHex(bytes);
    const QString text = EscapeCodec::escape(raw, encoding);
    QCOMPARE(text, expected);
    const EncodeResult back = encodeText(text, encoding);
    QVERIFY2(back.ok(), qPrintable(back.error.message));
    QCOMPARE(back.bytes.toHex(), raw.toHex());
}

void tst_EscapeCodec::roundTripRandomBytes_data()
{
    QTest::addColumn<QString>("encoding");
    for (const QString &encoding : TextCodec::encodings())
        QTest::newRow(qPrintable(encoding)) << encoding;
}

void tst_EscapeCodec::roundTripRandomBytes()
{
    QFETCH(QString, encoding);
    QRandomGenerator rng(20240501);
    for (int round = 0; round < 200; ++round) {
        QByteArray bytes(int(rng.bounded(1, 40)), '\0');
        for (char &b : bytes) {
            // Mostly high bytes, where the multi-byte characters live.
            b = char(rng.bounded(4) == 0 ? rng.bounded(0x80) : rng.bounded(0x80, 0x100));
        }
        const QString text = EscapeCodec::escape(bytes, encoding);
        const EncodeResult back = encodeText(text, encoding);
        QVERIFY2(back.ok(), qPrintable(back.error.message));
        QCOMPARE(back.bytes.toHex(' '), bytes.toHex(' '));
    }
}

QTEST_GUILESS_MAIN(tst_EscapeCodec)
#include "tst_escapecodec.moc"
