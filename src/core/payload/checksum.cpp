#include "checksum.h"

#include <array>

namespace sockeye {

namespace {

// Lookup table for a CRC processed most significant bit first (not reflected), width 8..32,
// with the polynomial aligned to the top of a 32-bit register.
template<quint32 Poly, int Width> constexpr std::array<quint32, 256> msbTable()
{
    std::array<quint32, 256> table{};
    constexpr quint32 top = Poly << (32 - Width);
    for (quint32 i = 0; i < 256; ++i) {
        quint32 r = i << 24;
        for (int bit = 0; bit < 8; ++bit)
            r = (r & 0x80000000u) ? (r << 1) ^ top : (r << 1);
        table[i] = r;
    }
    return table;
}

// Lookup table for a reflected CRC (least significant bit first); ReflectedPoly is the
// bit-reversed polynomial.
template<quint32 ReflectedPoly> constexpr std::array<quint32, 256> lsbTable()
{
    std::array<quint32, 256> table{};
    for (quint32 i = 0; i < 256; ++i) {
        quint32 r = i;
        for (int bit = 0; bit < 8; ++bit)
            r = (r & 1u) ? (r >> 1) ^ ReflectedPoly : (r >> 1);
        table[i] = r;
    }
    return table;
}

template<int Width>
quint32 crcMsb(const std::array<quint32, 256> &table, quint32 init, QByteArrayView data)
{
    quint32 r = init << (32 - Width);
    for (const char c : data)
        r = (r << 8) ^ table[((r >> 24) ^ static_cast<uchar>(c)) & 0xFF];
    return r >> (32 - Width);
}

quint32 crcLsb(const std::array<quint32, 256> &table, quint32 init, QByteArrayView data)
{
    quint32 r = init;
    for (const char c : data)
        r = (r >> 8) ^ table[(r ^ static_cast<uchar>(c)) & 0xFF];
    return r;
}

constexpr auto kCrc16Ccitt = msbTable<0x1021, 16>();
constexpr auto kCrc8 = msbTable<0x07, 8>();
constexpr auto kCrc16Modbus = lsbTable<0xA001>();
constexpr auto kCrc32 = lsbTable<0xEDB88320>();

struct AlgorithmInfo
{
    Checksum::Algorithm algorithm;
    const char *id;
    const char *displayName;
    int width;
};

constexpr AlgorithmInfo kAlgorithms[] = {
    {Checksum::Algorithm::None, "none", "None", 0},
    {Checksum::Algorithm::Crc16Modbus, "crc16-modbus", "CRC-16/MODBUS", 2},
    {Checksum::Algorithm::Crc16CcittFalse, "crc16-ccitt-false", "CRC-16/CCITT-FALSE", 2},
    {Checksum::Algorithm::Crc16Xmodem, "crc16-xmodem", "CRC-16/XMODEM", 2},
    {Checksum::Algorithm::Crc32, "crc32", "CRC-32", 4},
    {Checksum::Algorithm::Crc8Smbus, "crc8-smbus", "CRC-8/SMBUS", 1},
    {Checksum::Algorithm::Sum8, "sum8", "SUM-8", 1},
    {Checksum::Algorithm::Sum16, "sum16", "SUM-16", 2},
    {Checksum::Algorithm::Xor8, "xor8", "XOR-8", 1},
    {Checksum::Algorithm::Lrc, "lrc", "LRC", 1},
};

const AlgorithmInfo &info(Checksum::Algorithm algorithm)
{
    for (const AlgorithmInfo &i : kAlgorithms) {
        if (i.algorithm == algorithm)
            return i;
    }
    return kAlgorithms[0];
}

quint32 byteSum(QByteArrayView data)
{
    quint32 sum = 0;
    for (const char c : data)
        sum += static_cast<uchar>(c);
    return sum;
}

std::optional<int> parseInt(QStringView text)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    return ok ? std::optional<int>(value) : std::nullopt;
}

} // namespace

Checksum::Checksum(Algorithm algorithm, ByteOrder order, int rangeStart,
                   std::optional<int> rangeEnd)
    : m_algorithm(algorithm)
    , m_byteOrder(order)
    , m_rangeStart(rangeStart)
    , m_rangeEnd(rangeEnd)
{}

quint32 Checksum::compute(Algorithm algorithm, QByteArrayView data)
{
    switch (algorithm) {
    case Algorithm::None:
        return 0;
    case Algorithm::Crc16Modbus:
        return crcLsb(kCrc16Modbus, 0xFFFF, data) & 0xFFFF;
    case Algorithm::Crc16CcittFalse:
        return crcMsb<16>(kCrc16Ccitt, 0xFFFF, data);
    case Algorithm::Crc16Xmodem:
        return crcMsb<16>(kCrc16Ccitt, 0x0000, data);
    case Algorithm::Crc32:
        return crcLsb(kCrc32, 0xFFFFFFFF, data) ^ 0xFFFFFFFF;
    case Algorithm::Crc8Smbus:
        return crcMsb<8>(kCrc8, 0x00, data);
    case Algorithm::Sum8:
        return byteSum(data) & 0xFF;
    case Algorithm::Sum16:
        return byteSum(data) & 0xFFFF;
    case Algorithm::Xor8: {
        quint32 x = 0;
        for (const char c : data)
            x ^= static_cast<uchar>(c);
        return x;
    }
    case Algorithm::Lrc:
        return (0x100 - (byteSum(data) & 0xFF)) & 0xFF;
    }
    return 0;
}

int Checksum::width(Algorithm algorithm)
{
    return info(algorithm).width;
}

Checksum::ByteOrder Checksum::defaultByteOrder(Algorithm algorithm)
{
    return algorithm == Algorithm::Crc16Modbus ? ByteOrder::LittleEndian : ByteOrder::BigEndian;
}

Checksum::ByteOrder Checksum::effectiveByteOrder() const
{
    return m_byteOrder == ByteOrder::Default ? defaultByteOrder(m_algorithm) : m_byteOrder;
}

QString Checksum::id(Algorithm algorithm)
{
    return QString::fromLatin1(info(algorithm).id);
}

QString Checksum::displayName(Algorithm algorithm)
{
    return QString::fromLatin1(info(algorithm).displayName);
}

std::optional<Checksum::Algorithm> Checksum::algorithmFromName(QStringView name)
{
    const QStringView trimmed = name.trimmed();
    for (const AlgorithmInfo &i : kAlgorithms) {
        if (trimmed.compare(QLatin1String(i.id), Qt::CaseInsensitive) == 0 ||
            trimmed.compare(QLatin1String(i.displayName), Qt::CaseInsensitive) == 0)
            return i.algorithm;
    }
    return std::nullopt;
}

QList<Checksum::Algorithm> Checksum::algorithms()
{
    QList<Algorithm> list;
    for (const AlgorithmInfo &i : kAlgorithms) {
        if (i.algorithm != Algorithm::None)
            list.append(i.algorithm);
    }
    return list;
}

Checksum Checksum::fromString(QStringView text, PayloadError *error)
{
    const QList<QStringView> parts = text.split(u',');
    const auto fail = [&](const QString &message) {
        if (error)
            *error = PayloadError{-1, message};
        return Checksum();
    };
    QStringList ids;
    for (const AlgorithmInfo &i : kAlgorithms)
        ids.append(QString::fromLatin1(i.id));
    const std::optional<Algorithm> algorithm = algorithmFromName(parts.value(0));
    if (!algorithm) {
        return fail(tr("Unknown checksum '%1'. Use one of %2.")
                        .arg(parts.value(0).toString(), ids.join(QStringLiteral(", "))));
    }
    Checksum result(*algorithm);
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QStringView part = parts.at(i).trimmed();
        if (part.startsWith(u"range=")) {
            const QStringView range = part.mid(6);
            const qsizetype colon = range.indexOf(u':');
            const std::optional<int> start =
                colon < 0 ? std::nullopt
                          : (range.left(colon).isEmpty() ? std::optional<int>(0)
                                                         : parseInt(range.left(colon)));
            const QStringView endText = colon < 0 ? QStringView() : range.mid(colon + 1);
            const std::optional<int> end = endText.isEmpty() ? std::nullopt : parseInt(endText);
            if (!start || (!endText.isEmpty() && !end)) {
                return fail(tr("Invalid checksum range '%1'. Write START:END like a Python "
                               "slice, e.g. range=1: or range=0:-2.")
                                .arg(range.toString()));
            }
            result.setRange(*start, end);
        } else if (part == u"order=le") {
            result.setByteOrder(ByteOrder::LittleEndian);
        } else if (part == u"order=be") {
            result.setByteOrder(ByteOrder::BigEndian);
        } else {
            return fail(tr("Unknown checksum option '%1'. Use range=START:END or order=le|be.")
                            .arg(part.toString()));
        }
    }
    if (error)
        *error = PayloadError();
    // No checksum has no range or order either.
    return result.algorithm() == Algorithm::None ? Checksum() : result;
}

QString Checksum::toString() const
{
    QString s = id(m_algorithm);
    if (m_algorithm == Algorithm::None)
        return s;
    if (m_rangeStart != 0 || m_rangeEnd) {
        s += QStringLiteral(",range=") + QString::number(m_rangeStart) + u':' +
             (m_rangeEnd ? QString::number(*m_rangeEnd) : QString());
    }
    if (m_byteOrder == ByteOrder::LittleEndian)
        s += QStringLiteral(",order=le");
    else if (m_byteOrder == ByteOrder::BigEndian)
        s += QStringLiteral(",order=be");
    return s;
}

PayloadError Checksum::appendTo(QByteArray &payload) const
{
    if (m_algorithm == Algorithm::None)
        return {};
    const qsizetype size = payload.size();
    const qsizetype start = m_rangeStart < 0 ? size + m_rangeStart : m_rangeStart;
    const qsizetype end = !m_rangeEnd ? size : (*m_rangeEnd < 0 ? size + *m_rangeEnd : *m_rangeEnd);
    if (start < 0 || end > size || start > end) {
        const QString range = QString::number(m_rangeStart) + u':' +
                              (m_rangeEnd ? QString::number(*m_rangeEnd) : QString());
        return PayloadError{-1, tr("The checksum range %1 does not fit the %n-byte payload. "
                                   "Adjust the range or the payload.",
                                   nullptr, int(size))
                                    .arg(range)};
    }
    const quint32 value = compute(m_algorithm, QByteArrayView(payload).sliced(start, end - start));
    const int w = width(m_algorithm);
    const bool little = effectiveByteOrder() == ByteOrder::LittleEndian;
    for (int i = 0; i < w; ++i) {
        const int shift = little ? 8 * i : 8 * (w - 1 - i);
        payload.append(char((value >> shift) & 0xFF));
    }
    return {};
}

} // namespace sockeye
