#include "payload/checksum.h"

#include <QTest>

using namespace sockeye;
using Algorithm = Checksum::Algorithm;
using ByteOrder = Checksum::ByteOrder;

class tst_Checksum : public QObject
{
    Q_OBJECT

private slots:
    void checkValues_data();
    void checkValues();
    void emptyInput_data();
    void emptyInput();
    void appendTo_data();
    void appendTo();
    void rangeErrors_data();
    void rangeErrors();
    void stringForm_data();
    void stringForm();
    void stringErrors_data();
    void stringErrors();
    void names();
};

void tst_Checksum::checkValues_data()
{
    QTest::addColumn<Algorithm>("algorithm");
    QTest::addColumn<uint>("check");
    QTest::addColumn<int>("width");

    // Published check values for ASCII "123456789" (CRC catalogue); sums computed by hand:
    // 0x31 + ... + 0x39 = 477 = 0x1DD, the XOR of the nine bytes is 0x31, LRC = -0xDD = 0x23.
    QTest::newRow("CRC-16/MODBUS") << Algorithm::Crc16Modbus << 0x4B37u << 2;
    QTest::newRow("CRC-16/CCITT-FALSE") << Algorithm::Crc16CcittFalse << 0x29B1u << 2;
    QTest::newRow("CRC-16/XMODEM") << Algorithm::Crc16Xmodem << 0x31C3u << 2;
    QTest::newRow("CRC-32") << Algorithm::Crc32 << 0xCBF43926u << 4;
    QTest::newRow("CRC-8/SMBUS") << Algorithm::Crc8Smbus << 0xF4u << 1;
    QTest::newRow("SUM-8") << Algorithm::Sum8 << 0xDDu << 1;
    QTest::newRow("SUM-16") << Algorithm::Sum16 << 0x01DDu << 2;
    QTest::newRow("XOR-8") << Algorithm::Xor8 << 0x31u << 1;
    QTest::newRow("LRC") << Algorithm::Lrc << 0x23u << 1;
}

void tst_Checksum::checkValues()
{
    QFETCH(Algorithm, algorithm);
    QFETCH(uint, check);
    QFETCH(int, width);
    QCOMPARE(Checksum::compute(algorithm, "123456789"), check);
    QCOMPARE(Checksum::width(algorithm), width);
}

void tst_Checksum::emptyInput_data()
{
    QTest::addColumn<Algorithm>("algorithm");
    QTest::addColumn<uint>("expected");
    // Of nothing: the CRC's init value run through its final XOR.
    QTest::newRow("CRC-16/MODBUS") << Algorithm::Crc16Modbus << 0xFFFFu;
    QTest::newRow("CRC-16/CCITT-FALSE") << Algorithm::Crc16CcittFalse << 0xFFFFu;
    QTest::newRow("CRC-16/XMODEM") << Algorithm::Crc16Xmodem << 0x0000u;
    QTest::newRow("CRC-32") << Algorithm::Crc32 << 0x00000000u;
    QTest::newRow("LRC") << Algorithm::Lrc << 0x00u;
}

void tst_Checksum::emptyInput()
{
    QFETCH(Algorithm, algorithm);
    QFETCH(uint, expected);
    QCOMPARE(Checksum::compute(algorithm, QByteArrayView()), expected);
}

void tst_Checksum::appendTo_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QByteArray>("payload");  // hex
    QTest::addColumn<QByteArray>("expected"); // hex, payload plus checksum

    QTest::newRow("modbus rtu read holding registers")
        << QStringLiteral("crc16-modbus") << QByteArray("01030000000a")
        << QByteArray("01030000000ac5cd");
    QTest::newRow("modbus default is little endian")
        << QStringLiteral("crc16-modbus") << QByteArray("313233343536373839")
        << QByteArray("313233343536373839374b");
    QTest::newRow("modbus forced big endian")
        << QStringLiteral("crc16-modbus,order=be") << QByteArray("313233343536373839")
        << QByteArray("3132333435363738394b37");
    QTest::newRow("ccitt default is big endian")
        << QStringLiteral("crc16-ccitt-false") << QByteArray("313233343536373839")
        << QByteArray("31323334353637383929b1");
    QTest::newRow("crc32 little endian")
        << QStringLiteral("crc32,order=le") << QByteArray("313233343536373839")
        << QByteArray("3132333435363738392639f4cb");
    QTest::newRow("lrc skipping a start byte")
        << QStringLiteral("lrc,range=1:") << QByteArray("3a313233343536373839")
        << QByteArray("3a31323334353637383923");
    QTest::newRow("sum8 excluding the last two bytes")
        << QStringLiteral("sum8,range=0:-2") << QByteArray("0102030405")
        << QByteArray("010203040506");
    QTest::newRow("xor8 of a middle range")
        << QStringLiteral("xor8,range=1:3") << QByteArray("ff0f01ff") << QByteArray("ff0f01ff0e");
    QTest::newRow("sum16 negative start")
        << QStringLiteral("sum16,range=-2:") << QByteArray("ff8001") << QByteArray("ff80010081");
    QTest::newRow("empty range") << QStringLiteral("crc16-xmodem,range=2:2") << QByteArray("0102")
                                 << QByteArray("01020000");
    QTest::newRow("none appends nothing")
        << QStringLiteral("none") << QByteArray("0102") << QByteArray("0102");
}

void tst_Checksum::appendTo()
{
    QFETCH(QString, spec);
    QFETCH(QByteArray, payload);
    QFETCH(QByteArray, expected);
    PayloadError error;
    const Checksum checksum = Checksum::fromString(spec, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QByteArray bytes = QByteArray::fromHex(payload);
    const PayloadError appendError = checksum.appendTo(bytes);
    QVERIFY2(!appendError.isError(), qPrintable(appendError.message));
    QCOMPARE(bytes.toHex(), expected);
}

void tst_Checksum::rangeErrors_data()
{
    QTest::addColumn<int>("start");
    QTest::addColumn<int>("end");
    QTest::addColumn<bool>("hasEnd");

    QTest::newRow("start past the end") << 5 << 0 << false;
    QTest::newRow("end past the end") << 0 << 5 << true;
    QTest::newRow("negative start too far") << -5 << 0 << false;
    QTest::newRow("start after end") << 3 << 2 << true;
    QTest::newRow("negative end before start") << 2 << -3 << true;
}

void tst_Checksum::rangeErrors()
{
    QFETCH(int, start);
    QFETCH(int, end);
    QFETCH(bool, hasEnd);
    const Checksum checksum(Algorithm::Sum8, ByteOrder::Default, start,
                            hasEnd ? std::optional<int>(end) : std::nullopt);
    QByteArray bytes("abcd");
    const PayloadError error = checksum.appendTo(bytes);
    QVERIFY(error.isError());
    QVERIFY2(error.message.contains(QStringLiteral("4-byte")), qPrintable(error.message));
    QCOMPARE(bytes, QByteArray("abcd"));
}

void tst_Checksum::stringForm_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("canonical");

    QTest::newRow("plain") << QStringLiteral("crc32") << QStringLiteral("crc32");
    QTest::newRow("display name") << QStringLiteral("CRC-16/MODBUS")
                                  << QStringLiteral("crc16-modbus");
    QTest::newRow("range and order") << QStringLiteral("sum16,range=2:-1,order=le")
                                     << QStringLiteral("sum16,range=2:-1,order=le");
    QTest::newRow("open range") << QStringLiteral("lrc,range=1:") << QStringLiteral("lrc,range=1:");
    QTest::newRow("empty start") << QStringLiteral("lrc,range=:-1")
                                 << QStringLiteral("lrc,range=0:-1");
    QTest::newRow("whole range is dropped")
        << QStringLiteral("xor8,range=0:") << QStringLiteral("xor8");
    QTest::newRow("none") << QStringLiteral("none") << QStringLiteral("none");
    QTest::newRow("none ignores options")
        << QStringLiteral("none,range=1:,order=le") << QStringLiteral("none");
}

void tst_Checksum::stringForm()
{
    QFETCH(QString, text);
    QFETCH(QString, canonical);
    PayloadError error;
    const Checksum checksum = Checksum::fromString(text, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(checksum.toString(), canonical);
    PayloadError again;
    QCOMPARE(Checksum::fromString(checksum.toString(), &again), checksum);
    QVERIFY(!again.isError());
}

void tst_Checksum::stringErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unknown algorithm") << QStringLiteral("crc64") << QStringLiteral("'crc64'");
    QTest::newRow("bad range") << QStringLiteral("sum8,range=a:b") << QStringLiteral("'a:b'");
    QTest::newRow("range without colon")
        << QStringLiteral("sum8,range=3") << QStringLiteral("START:END");
    QTest::newRow("unknown option")
        << QStringLiteral("sum8,order=middle") << QStringLiteral("'order=middle'");
    QTest::newRow("empty") << QString() << QStringLiteral("crc16-modbus");
}

void tst_Checksum::stringErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, mentions);
    PayloadError error;
    const Checksum checksum = Checksum::fromString(text, &error);
    QVERIFY(error.isError());
    QVERIFY2(error.message.contains(mentions), qPrintable(error.message));
    QCOMPARE(checksum.algorithm(), Algorithm::None);
}

void tst_Checksum::names()
{
    const QList<Algorithm> all = Checksum::algorithms();
    QCOMPARE(all.size(), 9);
    for (const Algorithm a : all) {
        QCOMPARE(Checksum::algorithmFromName(Checksum::id(a)), a);
        QCOMPARE(Checksum::algorithmFromName(Checksum::displayName(a).toLower()), a);
        QCOMPARE(Checksum::defaultByteOrder(a),
                 a == Algorithm::Crc16Modbus ? ByteOrder::LittleEndian : ByteOrder::BigEndian);
    }
    QVERIFY(!Checksum::algorithmFromName(u"crc17"));
}

QTEST_GUILESS_MAIN(tst_Checksum)
#include "tst_checksum.moc"
