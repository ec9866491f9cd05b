#include "hexcodec.h"

namespace sockeye {

bool HexCodec::isSeparator(QChar c)
{
    const char16_t u = c.unicode();
    return u == u' ' || u == u'\t' || u == u'\r' || u == u'\n' || u == u',';
}

int HexCodec::digitValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= u'a' && u <= u'f')
        return u - u'a' + 10;
    if (u >= u'A' && u <= u'F')
        return u - u'A' + 10;
    return -1;
}

QString HexCodec::quoteChar(QStringView text, int index)
{
    if (index < 0 || index >= text.size())
        return QString();
    const QChar c = text.at(index);
    if (c.isHighSurrogate() && index + 1 < text.size() && text.at(index + 1).isLowSurrogate())
        return text.mid(index, 2).toString();
    if (c.isPrint() && !c.isSurrogate())
        return QString(c);
    return QStringLiteral("U+%1").arg(c.unicode(), 4, 16, QLatin1Char('0')).toUpper();
}

EncodeResult HexCodec::parse(QStringView text, int positionOffset)
{
    EncodeResult result;
    result.bytes.reserve(text.size() / 2 + 1);
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        if (isSeparator(text.at(i))) {
            ++i;
            continue;
        }
        const qsizetype groupStart = i;
        qsizetype digitsStart = i;
        if (i + 1 < n && text.at(i) == u'0' && (text.at(i + 1) == u'x' || text.at(i + 1) == u'X'))
            digitsStart = i + 2;
        qsizetype end = digitsStart;
        while (end < n && !isSeparator(text.at(end))) {
            if (digitValue(text.at(end)) < 0) {
                const int pos = int(end) + positionOffset;
                return EncodeResult::failure(
                    pos, tr("Invalid hex digit '%1' at position %2. Use 0-9 and A-F; separate "
                            "bytes with spaces.")
                             .arg(quoteChar(text, int(end)))
                             .arg(pos + 1));
            }
            ++end;
        }
        const qsizetype digits = end - digitsStart;
        const int groupPos = int(groupStart) + positionOffset;
        if (digits == 0) {
            return EncodeResult::failure(
                groupPos,
                tr("'0x' at position %1 is not followed by hex digits.").arg(groupPos + 1));
        }
        if (digits % 2 != 0) {
            return EncodeResult::failure(
                groupPos,
                tr("Odd number of hex digits in '%1' at position %2. Each byte takes two digits "
                   "(0F, not F); separate bytes with spaces.")
                    .arg(text.mid(groupStart, end - groupStart).toString())
                    .arg(groupPos + 1));
        }
        for (qsizetype d = digitsStart; d < end; d += 2) {
            const int value = digitValue(text.at(d)) * 16 + digitValue(text.at(d + 1));
            result.bytes.append(char(value));
        }
        i = end;
    }
    return result;
}

QString HexCodec::format(QByteArrayView bytes, QChar separator)
{
    static constexpr char16_t digits[] = u"0123456789ABCDEF";
    if (bytes.isEmpty())
        return QString();
    const bool sep = !separator.isNull();
    const qsizetype size = bytes.size() * (sep ? 3 : 2) - (sep ? 1 : 0);
    QString out(size, Qt::Uninitialized);
    QChar *p = out.data();
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const auto b = static_cast<uchar>(bytes.at(i));
        if (sep && i > 0)
            *p++ = separator;
        *p++ = QChar(digits[b >> 4]);
        *p++ = QChar(digits[b & 0xF]);
    }
    return out;
}

} // namespace sockeye
