#include "payload/payloadcontext.h"
#include "payload/payloadspec.h"

#include <QTest>

using namespace sockeye;
using Mode = PayloadSpec::Mode;
using LineEnding = PayloadSpec::LineEnding;

namespace {

constexpr qint64 kNowMs = 1714567890123; // 2024-05-01T12:51:30.123Z
constexpr quint32 kFirstSequence = 258;  // 0x0102

// A context with a fixed clock and random bytes 01 02 03 ... in order.
PayloadContext fixedContext(quint32 sequence = kFirstSequence)
{
    auto counter = std::make_shared<quint32>(0);
    return PayloadContext([] { return kNowMs; },
                          [counter] {
                              quint32 word = 0;
                              for (int i = 0; i < 4; ++i)
                                  word |= quint32((++*counter) & 0xFF) << (8 * i);
                              return word;
                          },
                          sequence);
}

PayloadSpec makeSpec(const QString &syntax, LineEnding ending = LineEnding::None,
                     const QString &checksum = QString(), const QString &encoding = QString())
{
    PayloadSpec spec = PayloadSpec::fromSyntax(syntax);
    spec.setLineEnding(ending);
    if (!checksum.isEmpty()) {
        PayloadError error;
        spec.setChecksum(Checksum::fromString(checksum, &error));
        Q_ASSERT(!error.isError());
    }
    if (!encoding.isEmpty())
        spec.setEncoding(encoding);
    return spec;
}

} // namespace

class tst_PayloadSpec : public QObject
{
    Q_OBJECT

private slots:
    void syntax_data();
    void syntax();
    void encode_data();
    void encode();
    void errors_data();
    void errors();
    void sequenceAdvancesPerSend();
    void failedEncodeDoesNotAdvance();
    void previewAndValidateHaveNoSideEffects();
    void sequenceWraps();
    void hasDynamicFields_data();
    void hasDynamicFields();
    void convert_data();
    void convert();
    void convertErrors();
    void json();
    void jsonErrors_data();
    void jsonErrors();
    void lineEndingNames();
};

void tst_PayloadSpec::syntax_data()
{
    QTest::addColumn<QString>("syntax");
    QTest::addColumn<Mode>("mode");
    QTest::addColumn<bool>("escapes");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("canonical");

    QTest::newRow("hex") << QStringLiteral("hex:48 65") << Mode::Hex << true
                         << QStringLiteral("48 65") << QStringLiteral("hex:48 65");
    QTest::newRow("text") << QStringLiteral("text:Hi\\r\\n") << Mode::Text << true
                          << QStringLiteral("Hi\\r\\n") << QStringLiteral("text:Hi\\r\\n");
    QTest::newRow("literal") << QStringLiteral("lit:C:\\temp") << Mode::Text << false
                             << QStringLiteral("C:\\temp") << QStringLiteral("lit:C:\\temp");
    QTest::newRow("plain is text with escapes")
        << QStringLiteral("Hello\\n") << Mode::Text << true << QStringLiteral("Hello\\n")
        << QStringLiteral("text:Hello\\n");
    QTest::newRow("prefixes are case-sensitive")
        << QStringLiteral("HEX:41") << Mode::Text << true << QStringLiteral("HEX:41")
        << QStringLiteral("text:HEX:41");
    QTest::newRow("text that looks like a prefix")
        << QStringLiteral("text:hex:41") << Mode::Text << true << QStringLiteral("hex:41")
        << QStringLiteral("text:hex:41");
    QTest::newRow("empty") << QString() << Mode::Text << true << QString()
                           << QStringLiteral("text:");
}

void tst_PayloadSpec::syntax()
{
    QFETCH(QString, syntax);
    QFETCH(Mode, mode);
    QFETCH(bool, escapes);
    QFETCH(QString, text);
    QFETCH(QString, canonical);
    const PayloadSpec spec = PayloadSpec::fromSyntax(syntax);
    QCOMPARE(spec.mode(), mode);
    QCOMPARE(spec.escapes(), escapes);
    QCOMPARE(spec.text(), text);
    QCOMPARE(spec.toSyntax(), canonical);
    QCOMPARE(spec.toSyntax().mid(spec.syntaxPrefixLength()), text);
    QCOMPARE(PayloadSpec::fromSyntax(spec.toSyntax()), spec);
}

void tst_PayloadSpec::encode_data()
{
    QTest::addColumn<QString>("syntax");
    QTest::addColumn<LineEnding>("ending");
    QTest::addColumn<QString>("checksum");
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<QByteArray>("expected"); // hex

    const QString none;
    const LineEnding noEnding = LineEnding::None;
    QTest::newRow("hex seq u16be") << QStringLiteral("hex:AA {seq:u16be} BB") << noEnding << none
                                   << none << QByteArray("aa0102bb");
    QTest::newRow("hex seq u16le") << QStringLiteral("hex:AA{seq:u16le}BB") << noEnding << none
                                   << none << QByteArray("aa0201bb");
    QTest::newRow("hex seq u8 keeps the low byte")
        << QStringLiteral("hex:{seq:u8}") << noEnding << none << none << QByteArray("02");
    QTest::newRow("hex seq u32le")
        << QStringLiteral("hex:{seq:u32le}") << noEnding << none << none << QByteArray("02010000");
    QTest::newRow("hex bare seq is u32be")
        << QStringLiteral("hex:{seq}") << noEnding << none << none << QByteArray("00000102");
    QTest::newRow("text seq is decimal")
        << QStringLiteral("n={seq}") << noEnding << none << none << QByteArray("6e3d323538");
    QTest::newRow("text seq u8 is decimal modulo 256")
        << QStringLiteral("{seq:u8}") << noEnding << none << none << QByteArray("32");
    QTest::newRow("hex unix seconds") << QStringLiteral("hex:{time:unix_s}") << noEnding << none
                                      << none << QByteArray("66323ad2");
    QTest::newRow("hex unix milliseconds") << QStringLiteral("hex:{time:unix_ms}") << noEnding
                                           << none << none << QByteArray("0000018f3435c4cb");
    QTest::newRow("text unix seconds") << QStringLiteral("t={time:unix_s}") << noEnding << none
                                       << none << QByteArray("t=1714567890").toHex();
    QTest::newRow("text unix milliseconds") << QStringLiteral("{time:unix_ms}") << noEnding << none
                                            << none << QByteArray("1714567890123").toHex();
    QTest::newRow("iso time in text") << QStringLiteral("{time:iso}") << noEnding << none << none
                                      << QByteArray("2024-05-01T12:51:30.123Z").toHex();
    QTest::newRow("iso time in hex")
        << QStringLiteral("hex:02 {time:iso} 03") << noEnding << none << none
        << ("02" + QByteArray("2024-05-01T12:51:30.123Z").toHex() + "03");
    QTest::newRow("random bytes in hex")
        << QStringLiteral("hex:{rand:6}") << noEnding << none << none << QByteArray("010203040506");
    QTest::newRow("random bytes in text are raw")
        << QStringLiteral("a{rand:2}b") << noEnding << none << none << QByteArray("61010262");
    QTest::newRow("line ending CR LF")
        << QStringLiteral("AT") << LineEnding::CrLf << none << none << QByteArray("41540d0a");
    QTest::newRow("line ending CR")
        << QStringLiteral("AT") << LineEnding::Cr << none << none << QByteArray("41540d");
    QTest::newRow("line ending LF on hex")
        << QStringLiteral("hex:00") << LineEnding::Lf << none << none << QByteArray("000a");
    QTest::newRow("body, checksum, then line ending")
        << QStringLiteral("AT") << LineEnding::CrLf << QStringLiteral("sum8") << none
        << QByteArray("4154950d0a");
    QTest::newRow("modbus rtu frame")
        << QStringLiteral("hex:01 03 00 00 00 0A") << noEnding << QStringLiteral("crc16-modbus")
        << none << QByteArray("01030000000ac5cd");
    QTest::newRow("checksum over a field") << QStringLiteral("hex:{seq:u8}") << noEnding
                                           << QStringLiteral("xor8") << none << QByteArray("0202");
    QTest::newRow("GBK text with CR LF") << QStringLiteral("中文") << LineEnding::CrLf << none
                                         << QStringLiteral("GBK") << QByteArray("d6d0cec40d0a");
    QTest::newRow("literal keeps backslashes and braces")
        << QStringLiteral("lit:\\n{seq}") << noEnding << none << none
        << QByteArray("\\n{seq}").toHex();
    QTest::newRow("literal in GBK") << QStringLiteral("lit:\\\\é") << noEnding << none
                                    << QStringLiteral("GBK") << QByteArray("5c5ca8a6");
    QTest::newRow("hex mode ignores the encoding") << QStringLiteral("hex:41") << noEnding << none
                                                   << QStringLiteral("EBCDIC") << QByteArray("41");
    QTest::newRow("empty text") << QString() << noEnding << none << none << QByteArray();
}

void tst_PayloadSpec::encode()
{
    QFETCH(QString, syntax);
    QFETCH(LineEnding, ending);
    QFETCH(QString, checksum);
    QFETCH(QString, encoding);
    QFETCH(QByteArray, expected);
    const PayloadSpec spec = makeSpec(syntax, ending, checksum, encoding);
    PayloadContext context = fixedContext();
    const EncodeResult result = spec.encode(context);
    QVERIFY2(result.ok(), qPrintable(result.error.message));
    QCOMPARE(result.bytes.toHex(), expected);
    QVERIFY(!spec.validate().isError());
}

void tst_PayloadSpec::errors_data()
{
    QTest::addColumn<QString>("syntax");
    QTest::addColumn<QString>("checksum");
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<int>("position");
    QTest::addColumn<QString>("mentions");

    const QString none;
    QTest::newRow("odd hex group after a field")
        << QStringLiteral("hex:01 {seq:u8} 0") << none << none << 12 << QStringLiteral("'0'");
    QTest::newRow("hex group cut by a field")
        << QStringLiteral("hex:4{seq:u8}8") << none << none << 0 << QStringLiteral("Odd number");
    QTest::newRow("invalid hex digit")
        << QStringLiteral("hex:48 6G") << none << none << 4 << QStringLiteral("'G'");
    QTest::newRow("unknown seq format")
        << QStringLiteral("hex:01 {seq:u12}") << none << none << 3 << QStringLiteral("{seq:u16be}");
    QTest::newRow("time without format")
        << QStringLiteral("{time}") << none << none << 0 << QStringLiteral("{time:unix_ms}");
    QTest::newRow("rand zero") << QStringLiteral("ab{rand:0}") << none << none << 2
                               << QStringLiteral("1 to 4096");
    QTest::newRow("rand too many")
        << QStringLiteral("hex:{rand:4097}") << none << none << 0 << QStringLiteral("1 to 4096");
    QTest::newRow("double brace in hex")
        << QStringLiteral("hex:{{") << none << none << 0 << QStringLiteral("not closed");
    QTest::newRow("unencodable after an escape")
        << QStringLiteral("a\\n中") << none << QStringLiteral("ISO-8859-1") << 3
        << QStringLiteral("U+4E2D");
    QTest::newRow("unencodable code point escape")
        << QStringLiteral("ok\\u{20AC}") << none << QStringLiteral("ISO-8859-1") << 2
        << QStringLiteral("U+20AC");
    QTest::newRow("unknown encoding") << QStringLiteral("abc") << none << QStringLiteral("EBCDIC")
                                      << -1 << QStringLiteral("'EBCDIC'");
    QTest::newRow("checksum range too long")
        << QStringLiteral("hex:01 02") << QStringLiteral("sum8,range=0:5") << none << -1
        << QStringLiteral("2-byte");
}

void tst_PayloadSpec::errors()
{
    QFETCH(QString, syntax);
    QFETCH(QString, checksum);
    QFETCH(QString, encoding);
    QFETCH(int, position);
    QFETCH(QString, mentions);
    const PayloadSpec spec = makeSpec(syntax, LineEnding::CrLf, checksum, encoding);
    PayloadContext context = fixedContext();
    const EncodeResult result = spec.encode(context);
    QVERIFY(!result.ok());
    QVERIFY(result.bytes.isEmpty());
    QCOMPARE(result.error.position, position);
    QVERIFY2(result.error.message.contains(mentions), qPrintable(result.error.message));
    QCOMPARE(spec.validate().position, position);
    QCOMPARE(spec.validate().message, result.error.message);
}

void tst_PayloadSpec::sequenceAdvancesPerSend()
{
    const PayloadSpec spec = makeSpec(QStringLiteral("hex:{seq:u8} {seq:u16be}"));
    PayloadContext context = fixedContext(0);
    QCOMPARE(spec.encode(context).bytes.toHex(), QByteArray("000000"));
    QCOMPARE(spec.encode(context).bytes.toHex(), QByteArray("010001"));
    QCOMPARE(spec.encode(context).bytes.toHex(), QByteArray("020002"));
    QCOMPARE(context.sequence(), 3u);
    context.setSequence(0x1FF);
    QCOMPARE(spec.encode(context).bytes.toHex(), QByteArray("ff01ff"));
    // A payload without {seq} leaves the counter (issue 17: "{seq} starts from unrelated
    // earlier sends"): the next {seq} goes on from the last one that counted.
    const PayloadSpec plain = makeSpec(QStringLiteral("x"));
    QVERIFY(plain.encode(context).ok());
    QVERIFY(plain.encode(context).ok());
    QCOMPARE(context.sequence(), 0x200u);
    QCOMPARE(spec.encode(context).bytes.toHex(), QByteArray("000200"));
}

void tst_PayloadSpec::failedEncodeDoesNotAdvance()
{
    const PayloadSpec bad = makeSpec(QStringLiteral("hex:{seq:u8} 0"));
    PayloadContext context = fixedContext(5);
    QVERIFY(!bad.encode(context).ok());
    QCOMPARE(context.sequence(), 5u);
}

void tst_PayloadSpec::previewAndValidateHaveNoSideEffects()
{
    int randomCalls = 0;
    PayloadContext context([] { return kNowMs; },
                           [&randomCalls] {
                               ++randomCalls;
                               return 0xFFFFFFFFu;
                           },
                           7);
    const PayloadSpec spec = makeSpec(QStringLiteral("hex:{seq:u8} {rand:3}"));
    QCOMPARE(spec.preview(context).bytes.toHex(), QByteArray("07000000"));
    QVERIFY(!spec.validate().isError());
    QCOMPARE(context.sequence(), 7u);
    QCOMPARE(randomCalls, 0);
    QCOMPARE(spec.encode(context).bytes.toHex(), QByteArray("07ffffff"));
    QCOMPARE(randomCalls, 1);
    QCOMPARE(context.sequence(), 8u);
}

void tst_PayloadSpec::sequenceWraps()
{
    PayloadContext context = fixedContext(0xFFFFFFFF);
    const PayloadSpec spec = makeSpec(QStringLiteral("{seq}"));
    QCOMPARE(spec.encode(context).bytes, QByteArray("4294967295"));
    QCOMPARE(spec.encode(context).bytes, QByteArray("0"));
}

void tst_PayloadSpec::hasDynamicFields_data()
{
    QTest::addColumn<QString>("syntax");
    QTest::addColumn<bool>("dynamic");
    QTest::newRow("plain text") << QStringLiteral("hello") << false;
    QTest::newRow("escaped brace") << QStringLiteral("{{seq}") << false;
    QTest::newRow("text field") << QStringLiteral("a{seq}") << true;
    QTest::newRow("hex field") << QStringLiteral("hex:00 {rand:1}") << true;
    QTest::newRow("literal braces") << QStringLiteral("lit:{seq}") << false;
}

void tst_PayloadSpec::hasDynamicFields()
{
    QFETCH(QString, syntax);
    QFETCH(bool, dynamic);
    QCOMPARE(PayloadSpec::fromSyntax(syntax).hasDynamicFields(), dynamic);
}

void tst_PayloadSpec::convert_data()
{
    QTest::addColumn<QString>("syntax");
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<QString>("converted"); // toSyntax() of the result

    const QString utf8 = QStringLiteral("UTF-8");
    QTest::newRow("text to hex") << QStringLiteral("Hi\\r\\n") << utf8
                                 << QStringLiteral("hex:48 69 0D 0A");
    QTest::newRow("hex to text") << QStringLiteral("hex:48 69 0d 0a") << utf8
                                 << QStringLiteral("text:Hi\\r\\n");
    QTest::newRow("literal to hex")
        << QStringLiteral("lit:\\n") << utf8 << QStringLiteral("hex:5C 6E");
    QTest::newRow("GBK text to hex")
        << QStringLiteral("中") << QStringLiteral("GBK") << QStringLiteral("hex:D6 D0");
    QTest::newRow("GBK hex to text")
        << QStringLiteral("hex:D6D0 81") << QStringLiteral("GBK") << QStringLiteral("text:中\\x81");
    QTest::newRow("invalid UTF-8 to text")
        << QStringLiteral("hex:ff 41") << utf8 << QStringLiteral("text:\\xFFA");
    QTest::newRow("brace to text")
        << QStringLiteral("hex:7B 5C") << utf8 << QStringLiteral("text:{{\\\\");
    QTest::newRow("brace to hex") << QStringLiteral("a{{b") << utf8
                                  << QStringLiteral("hex:61 7B 62");
    QTest::newRow("random field kept") << QStringLiteral("hex:01 {rand:2} 02") << utf8
                                       << QStringLiteral("text:\\x01{rand:2}\\x02");
    QTest::newRow("iso field kept")
        << QStringLiteral("t={time:iso}") << utf8 << QStringLiteral("hex:74 3D {time:iso}");
    QTest::newRow("raw byte escape to hex")
        << QStringLiteral("\\xff") << utf8 << QStringLiteral("hex:FF");
}

void tst_PayloadSpec::convert()
{
    QFETCH(QString, syntax);
    QFETCH(QString, encoding);
    QFETCH(QString, converted);
    const PayloadSpec spec = makeSpec(syntax, LineEnding::None, QString(), encoding);
    const Mode target = spec.mode() == Mode::Hex ? Mode::Text : Mode::Hex;
    PayloadError error;
    const PayloadSpec result = spec.convertedTo(target, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(result.toSyntax(), converted);
    QCOMPARE(result.encoding(), spec.encoding());
    // Same bytes either way (random bytes are zeros in a preview).
    const PayloadContext context = fixedContext();
    QCOMPARE(result.preview(context).bytes.toHex(), spec.preview(context).bytes.toHex());
}

void tst_PayloadSpec::convertErrors()
{
    PayloadError error;
    const PayloadSpec text = makeSpec(QStringLiteral("id {seq:u8}"));
    const PayloadSpec same = text.convertedTo(Mode::Hex, &error);
    QCOMPARE(error.position, 3);
    QVERIFY(error.message.contains(QStringLiteral("{seq:u8}")));
    QCOMPARE(same, text);

    const PayloadSpec hex = makeSpec(QStringLiteral("hex:00 {time:unix_s}"));
    QCOMPARE(hex.convertedTo(Mode::Text, &error), hex);
    QCOMPARE(error.position, 3);

    const PayloadSpec bad = makeSpec(QStringLiteral("hex:0"));
    QCOMPARE(bad.convertedTo(Mode::Text, &error), bad);
    QCOMPARE(error.position, 0);

    QCOMPARE(text.convertedTo(Mode::Text, &error), text);
    QVERIFY(!error.isError());
}

void tst_PayloadSpec::json()
{
    PayloadSpec spec = makeSpec(QStringLiteral("hex:01 03 {seq:u16be}"), LineEnding::CrLf,
                                QStringLiteral("crc16-modbus,range=1:"), QStringLiteral("gbk"));
    QCOMPARE(spec.encoding(), QStringLiteral("GBK"));
    const QJsonObject json = spec.toJson();
    QCOMPARE(json.value(QStringLiteral("payload")).toString(),
             QStringLiteral("hex:01 03 {seq:u16be}"));
    QCOMPARE(json.value(QStringLiteral("lineEnding")).toString(), QStringLiteral("crlf"));
    QCOMPARE(json.value(QStringLiteral("checksum")).toString(),
             QStringLiteral("crc16-modbus,range=1:"));
    PayloadError error;
    QCOMPARE(PayloadSpec::fromJson(json, &error), spec);
    QVERIFY(!error.isError());

    spec.setEscapes(false);
    spec.setMode(Mode::Text);
    QCOMPARE(PayloadSpec::fromJson(spec.toJson(), &error), spec);
}

void tst_PayloadSpec::jsonErrors_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("bad encoding") << QStringLiteral("encoding") << QStringLiteral("klingon")
                                  << QStringLiteral("'klingon'");
    QTest::newRow("bad line ending")
        << QStringLiteral("lineEnding") << QStringLiteral("crcr") << QStringLiteral("'crcr'");
    QTest::newRow("bad checksum") << QStringLiteral("checksum") << QStringLiteral("md5")
                                  << QStringLiteral("'md5'");
}

void tst_PayloadSpec::jsonErrors()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, mentions);
    QJsonObject json{{QStringLiteral("payload"), QStringLiteral("x")}, {key, value}};
    PayloadError error;
    QCOMPARE(PayloadSpec::fromJson(json, &error), PayloadSpec());
    QVERIFY2(error.message.contains(mentions), qPrintable(error.message));
}

void tst_PayloadSpec::lineEndingNames()
{
    for (const LineEnding e : {LineEnding::None, LineEnding::Cr, LineEnding::Lf, LineEnding::CrLf})
        QCOMPARE(PayloadSpec::lineEndingFromName(PayloadSpec::lineEndingName(e)), e);
    QCOMPARE(PayloadSpec::lineEndingBytes(LineEnding::CrLf), QByteArray("\r\n"));
    QVERIFY(!PayloadSpec::lineEndingFromName(u"lfcr"));
}

QTEST_GUILESS_MAIN(tst_PayloadSpec)
#include "tst_payloadspec.moc"
