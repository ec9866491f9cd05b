#include "displayformat.h"

#include "payload/hexcodec.h"
#include "payload/textcodec.h"

namespace sockeye {

namespace {

constexpr char16_t kHexDigits[] = u"0123456789ABCDEF";

bool needsTreatment(char16_t u)
{
    return u < 0x20 || (u >= 0x7F && u <= 0x9F);
}

// Characters of a full hex dump line (offset, gap, 16 "HH ", middle gap, gap, |ASCII|).
constexpr qsizetype kLineWidth = 8 + 2 + 16 * 3 + 1 + 1 + 1 + 16 + 1;

QChar *writeLine(QChar *p, QByteArrayView data, qsizetype line, qint64 baseOffset)
{
    const qsizetype start = line * DisplayFormat::BytesPerLine;
    const qsizetype count = qMin<qsizetype>(DisplayFormat::BytesPerLine, data.size() - start);
    const quint64 offset = quint64(baseOffset + start);
    for (int shift = 28; shift >= 0; shift -= 4)
        *p++ = QChar(kHexDigits[(offset >> shift) & 0xF]);
    *p++ = u' ';
    *p++ = u' ';
    for (qsizetype i = 0; i < DisplayFormat::BytesPerLine; ++i) {
        if (i < count) {
            const auto b = static_cast<uchar>(data.at(start + i));
            *p++ = QChar(kHexDigits[b >> 4]);
            *p++ = QChar(kHexDigits[b & 0xF]);
        } else {
            *p++ = u' ';
            *p++ = u' ';
        }
        *p++ = u' ';
        if (i == 7)
            *p++ = u' ';
    }
    *p++ = u' ';
    *p++ = u'|';
    for (qsizetype i = 0; i < count; ++i) {
        const auto b = static_cast<uchar>(data.at(start + i));
        *p++ = (b >= 0x20 && b < 0x7F) ? QChar(char16_t(b)) : QChar(u'.');
    }
    *p++ = u'|';
    return p;
}

qsizetype lineLength(qsizetype dataSize, qsizetype line)
{
    const qsizetype count =
        qMin<qsizetype>(DisplayFormat::BytesPerLine, dataSize - line * DisplayFormat::BytesPerLine);
    return kLineWidth - DisplayFormat::BytesPerLine + count;
}

} // namespace

QString DisplayFormat::text(QByteArrayView data, QStringView encoding, NonPrintable mode)
{
    const QString decoded = TextCodec::decode(data, encoding);
    qsizetype first = 0;
    while (first < decoded.size() && !needsTreatment(decoded.at(first).unicode()))
        ++first;
    if (first == decoded.size())
        return decoded;

    const bool latin1 = TextCodec::canonicalName(encoding) == u"ISO-8859-1";
    QString out;
    out.reserve(decoded.size() + (mode == NonPrintable::Escape ? decoded.size() / 2 + 8 : 0));
    out.append(QStringView(decoded).left(first));
    for (qsizetype i = first; i < decoded.size(); ++i) {
        const char16_t u = decoded.at(i).unicode();
        if (!needsTreatment(u)) {
            out.append(QChar(u));
            continue;
        }
        if (mode == NonPrintable::Dot) {
            out.append(u'.');
            continue;
        }
        switch (u) {
        case u'\r':
            out.append(u"\\r");
            break;
        case u'\n':
            out.append(u"\\n");
            break;
        case u'\t':
            out.append(u"\\t");
            break;
        case 0:
            out.append(u"\\0");
            break;
        default:
            if (u >= 0x80 && !latin1) {
                out.append(u"\\u{");
                out.append(QChar(kHexDigits[u >> 4]));
                out.append(QChar(kHexDigits[u & 0xF]));
                out.append(u'}');
            } else {
                out.append(u"\\x");
                out.append(QChar(kHexDigits[u >> 4]));
                out.append(QChar(kHexDigits[u & 0xF]));
            }
            break;
        }
    }
    return out;
}

QString DisplayFormat::hex(QByteArrayView data)
{
    return HexCodec::format(data);
}

QString DisplayFormat::hexDumpLine(QByteArrayView data, qsizetype line, qint64 baseOffset)
{
    if (line < 0 || line >= hexDumpLineCount(data.size()))
        return QString();
    QString out(lineLength(data.size(), line), Qt::Uninitialized);
    writeLine(out.data(), data, line, baseOffset);
    return out;
}

QString DisplayFormat::hexDump(QByteArrayView data, qint64 baseOffset)
{
    const qsizetype lines = hexDumpLineCount(data.size());
    if (lines == 0)
        return QString();
    qsizetype total = lines - 1; // line breaks
    for (qsizetype line = 0; line < lines; ++line)
        total += lineLength(data.size(), line);
    QString out(total, Qt::Uninitialized);
    QChar *p = out.data();
    for (qsizetype line = 0; line < lines; ++line) {
        if (line > 0)
            *p++ = u'\n';
        p = writeLine(p, data, line, baseOffset);
    }
    Q_ASSERT(p == out.data() + out.size());
    return out;
}

} // namespace sockeye
