#pragma once

#include "payloaderror.h"

#include <QCoreApplication>
#include <QList>

#include <optional>

namespace sockeye {

/// A checksum appended to a payload: which algorithm, over which byte range, in which byte
/// order. A value type; Algorithm::None appends nothing.
///
/// As a string (presets, CLI): `NAME[,range=START:END][,order=le|be]`, e.g. `crc16-modbus`,
/// `lrc,range=1:`, `sum16,range=2:-1,order=le`. The range works like a Python slice: START is
/// the first byte, END the byte after the last, negative values count from the end, an empty
/// END means the end of the payload.
class Checksum
{
    Q_DECLARE_TR_FUNCTIONS(Checksum)

public:
    enum class Algorithm {
        None,
        Crc16Modbus,     ///< CRC-16/MODBUS, check 0x4B37, little endian on the wire
        Crc16CcittFalse, ///< CRC-16/CCITT-FALSE (IBM-3740), check 0x29B1
        Crc16Xmodem,     ///< CRC-16/XMODEM, check 0x31C3
        Crc32,           ///< CRC-32 (ISO-HDLC, zlib), check 0xCBF43926
        Crc8Smbus,       ///< CRC-8/SMBUS, check 0xF4
        Sum8,            ///< sum of the bytes modulo 256, check 0xDD
        Sum16,           ///< sum of the bytes modulo 65536, check 0x01DD
        Xor8,            ///< XOR of the bytes, check 0x31
        Lrc,             ///< two's complement of SUM-8 (Modbus ASCII LRC, binary), check 0x23
    };
    enum class ByteOrder { Default, LittleEndian, BigEndian };

    Checksum() = default;
    explicit Checksum(Algorithm algorithm, ByteOrder order = ByteOrder::Default, int rangeStart = 0,
                      std::optional<int> rangeEnd = std::nullopt);

    /// The checksum of \a data with \a algorithm (0 for None).
    [[nodiscard]] static quint32 compute(Algorithm algorithm, QByteArrayView data);
    /// Width of the checksum in bytes (0 for None).
    [[nodiscard]] static int width(Algorithm algorithm);
    /// Byte order on the wire when none is chosen: little endian for CRC-16/MODBUS, big
    /// endian for the others.
    [[nodiscard]] static ByteOrder defaultByteOrder(Algorithm algorithm);
    /// Identifier used in strings and settings ("crc16-modbus").
    [[nodiscard]] static QString id(Algorithm algorithm);
    /// Name for people ("CRC-16/MODBUS").
    [[nodiscard]] static QString displayName(Algorithm algorithm);
    /// Algorithm for an id or display name (case-insensitive).
    [[nodiscard]] static std::optional<Algorithm> algorithmFromName(QStringView name);
    /// Every algorithm except None, in menu order.
    [[nodiscard]] static QList<Algorithm> algorithms();

    /// Parses the string form; on error returns None and sets \a error.
    [[nodiscard]] static Checksum fromString(QStringView text, PayloadError *error);
    /// The string form, with only the non-default parts.
    [[nodiscard]] QString toString() const;

    /// Appends the checksum of the configured range of \a payload to it. Errors when the
    /// range does not fit the payload (nothing is appended then).
    [[nodiscard]] PayloadError appendTo(QByteArray &payload) const;

    [[nodiscard]] Algorithm algorithm() const { return m_algorithm; }
    void setAlgorithm(Algorithm algorithm) { m_algorithm = algorithm; }
    [[nodiscard]] ByteOrder byteOrder() const { return m_byteOrder; }
    void setByteOrder(ByteOrder order) { m_byteOrder = order; }
    /// The byte order actually used: byteOrder(), or the algorithm's default.
    [[nodiscard]] ByteOrder effectiveByteOrder() const;
    [[nodiscard]] int rangeStart() const { return m_rangeStart; }
    [[nodiscard]] std::optional<int> rangeEnd() const { return m_rangeEnd; }
    void setRange(int start, std::optional<int> end)
    {
        m_rangeStart = start;
        m_rangeEnd = end;
    }

    friend bool operator==(const Checksum &a, const Checksum &b)
    {
        return a.m_algorithm == b.m_algorithm && a.m_byteOrder == b.m_byteOrder &&
               a.m_rangeStart == b.m_rangeStart && a.m_rangeEnd == b.m_rangeEnd;
    }
    friend bool operator!=(const Checksum &a, const Checksum &b) { return !(a == b); }

private:
    Algorithm m_algorithm = Algorithm::None;
    ByteOrder m_byteOrder = ByteOrder::Default;
    int m_rangeStart = 0;
    std::optional<int> m_rangeEnd;
};

} // namespace sockeye
