#pragma once

#include "payload/payloadspec.h"

#include <QTest>

/// Payloads with every checksum option worth keeping apart: each algorithm, ranges from the
/// start, from the end and on both sides, an explicit byte order equal to and unlike the
/// algorithm's default, and an order stored for a one-byte checksum. One row each, named after
/// the case; the column is "spec" (a sockeye::PayloadSpec).
namespace sockeye::test {

inline PayloadSpec checksumCase(const QString &syntax, const QString &checksum,
                                PayloadSpec::LineEnding ending = PayloadSpec::LineEnding::None)
{
    PayloadSpec spec = PayloadSpec::fromSyntax(syntax);
    PayloadError error;
    spec.setChecksum(Checksum::fromString(checksum, &error));
    if (error.isError())
        qFatal("bad checksum case %s: %s", qPrintable(checksum), qPrintable(error.message));
    spec.setLineEnding(ending);
    return spec;
}

inline void addChecksumRows()
{
    QTest::addColumn<PayloadSpec>("spec");
    const QString modbus = QStringLiteral("hex:01 03 00 00 00 02 C4 0B 00 11");
    const auto row = [&](const char *name, const QString &checksum) {
        QTest::newRow(name) << checksumCase(modbus, checksum);
    };
    QTest::newRow("no checksum") << PayloadSpec::fromSyntax(modbus);
    row("CRC-16/MODBUS", QStringLiteral("crc16-modbus"));
    row("CRC-16/MODBUS, little endian chosen (its default)",
        QStringLiteral("crc16-modbus,order=le"));
    row("CRC-16/MODBUS, big endian", QStringLiteral("crc16-modbus,order=be"));
    row("CRC-16/CCITT-FALSE, after the first byte", QStringLiteral("crc16-ccitt-false,range=1:"));
    row("CRC-16/XMODEM, little endian", QStringLiteral("crc16-xmodem,order=le"));
    row("CRC-16/XMODEM, big endian chosen (its default)", QStringLiteral("crc16-xmodem,order=be"));
    row("CRC-32, all but the last 4 bytes", QStringLiteral("crc32,range=0:-4"));
    row("CRC-32, bytes 2 to 9, little endian", QStringLiteral("crc32,range=2:10,order=le"));
    row("CRC-8/SMBUS", QStringLiteral("crc8-smbus"));
    row("SUM-8, the last 4 bytes", QStringLiteral("sum8,range=-4:"));
    row("SUM-8 with a byte order stored", QStringLiteral("sum8,order=le"));
    row("SUM-16, 2:-1, little endian", QStringLiteral("sum16,range=2:-1,order=le"));
    row("SUM-16, big endian", QStringLiteral("sum16,order=be"));
    row("XOR-8, inside the first and last byte", QStringLiteral("xor8,range=1:-1"));
    row("LRC, bytes 0 to 2", QStringLiteral("lrc,range=0:3"));
    QTest::newRow("LRC after the colon of a text frame, CR LF")
        << checksumCase(QStringLiteral("text::010300000002"), QStringLiteral("lrc,range=1:"),
                        PayloadSpec::LineEnding::CrLf);
    PayloadSpec gbk =
        checksumCase(QStringLiteral("lit:温度 {seq}"),
                     QStringLiteral("crc16-modbus,range=1:,order=be"), PayloadSpec::LineEnding::Lf);
    gbk.setEncoding(QStringLiteral("GBK"));
    QTest::newRow("GBK text, escapes off, CRC-16/MODBUS 1: big endian, LF") << gbk;
}

} // namespace sockeye::test

Q_DECLARE_METATYPE(sockeye::PayloadSpec)
