#include "escapecodec.h"

#include "hexcodec.h"
#include "textcodec.h"

namespace sockeye {

namespace {

void appendHexByte(QString &out, uchar b)
{
    static constexpr char16_t digits[] = u"0123456789ABCDEF";
    out.append(u"\\x");
    out.append(QChar(digits[b >> 4]));
    out.append(QChar(digits[b & 0xF]));
}

} // namespace

EscapeCodec::Escape EscapeCodec::parse(QStringView text, qsizetype index, int positionOffset,
                                       PayloadError *error)
{
    Escape esc;
    const int pos = int(index) + positionOffset;
    const auto fail = [&](const QString &message) {
        *error = PayloadError{pos, message};
        return Escape{};
    };
    if (index + 1 >= text.size()) {
        return fail(tr("The backslash at position %1 ends the text. Write \\\\ for a backslash.")
                        .arg(pos + 1));
    }
    const char16_t c = text.at(index + 1).unicode();
    esc.length = 2;
    switch (c) {
    case u'r':
        esc.codePoint = U'\r';
        return esc;
    case u'n':
        esc.codePoint = U'\n';
        return esc;
    case u't':
        esc.codePoint = U'\t';
        return esc;
    case u'0':
        esc.codePoint = 0;
        return esc;
    case u'\\':
        esc.codePoint = U'\\';
        return esc;
    case u'x': {
        const int hi = index + 2 < text.size() ? HexCodec::digitValue(text.at(index + 2)) : -1;
        const int lo = index + 3 < text.size() ? HexCodec::digitValue(text.at(index + 3)) : -1;
        if (hi < 0 || lo < 0) {
            return fail(
                tr("The escape \\x at position %1 needs two hex digits, e.g. \\x0D.").arg(pos + 1));
        }
        esc.kind = Escape::Kind::Byte;
        esc.byte = char(hi * 16 + lo);
        esc.length = 4;
        return esc;
    }
    case u'u': {
        const QString usage = tr("The escape \\u at position %1 needs a code point in braces, "
                                 "e.g. \\u{20AC} (1 to 6 hex digits, at most 10FFFF, no "
                                 "surrogates).")
                                  .arg(pos + 1);
        if (index + 2 >= text.size() || text.at(index + 2) != u'{')
            return fail(usage);
        qsizetype k = index + 3;
        char32_t value = 0;
        int digits = 0;
        while (k < text.size() && text.at(k) != u'}') {
            const int d = HexCodec::digitValue(text.at(k));
            if (d < 0 || digits == 6)
                return fail(usage);
            value = value * 16 + char32_t(d);
            ++digits;
            ++k;
        }
        if (k >= text.size() || digits == 0 || value > 0x10FFFF ||
            (value >= 0xD800 && value <= 0xDFFF))
            return fail(usage);
        esc.codePoint = value;
        esc.length = int(k - index + 1);
        return esc;
    }
    default:
        break;
    }
    return fail(tr("Unknown escape '\\%1' at position %2. Use \\r, \\n, \\t, \\0, \\\\, \\xHH or "
                   "\\u{...}, or turn escapes off to send the text as typed.")
                    .arg(HexCodec::quoteChar(text, int(index + 1)))
                    .arg(pos + 1));
}

void EscapeCodec::appendEscaped(QString &out, char32_t cp, QByteArrayView source)
{
    const bool control = cp < 0x20 || cp == 0x7F;
    if (control && (source.size() != 1 || static_cast<uchar>(source.at(0)) != cp)) {
        // A control character that is not its own byte (Shift_JIS maps 0x7F to U+001A).
        for (const char b : source)
            appendHexByte(out, static_cast<uchar>(b));
        return;
    }
    switch (cp) {
    case U'\\':
        out.append(u"\\\\");
        return;
    case U'{':
        out.append(u"{{");
        return;
    case U'\r':
        out.append(u"\\r");
        return;
    case U'\n':
        out.append(u"\\n");
        return;
    case U'\t':
        out.append(u"\\t");
        return;
    case 0:
        out.append(u"\\0");
        return;
    default:
        break;
    }
    if (control) {
        appendHexByte(out, uchar(cp));
    } else if (cp >= 0x80 && cp <= 0x9F) {
        out.append(u"\\u{");
        out.append(QString::number(uint(cp), 16).toUpper());
        out.append(u'}');
    } else {
        // Not QString::fromUcs4(): it would take a U+FEFF for a byte order mark and drop it.
        if (QChar::requiresSurrogates(cp)) {
            out.append(QChar(QChar::highSurrogate(cp)));
            out.append(QChar(QChar::lowSurrogate(cp)));
        } else {
            out.append(QChar(char16_t(cp)));
        }
    }
}

QString EscapeCodec::escape(QByteArrayView bytes, QStringView encoding)
{
    QString out;
    out.reserve(bytes.size() + bytes.size() / 4 + 8);
    TextCodec::decodeExact(
        bytes, encoding,
        [&out](char32_t cp, QByteArrayView source) { appendEscaped(out, cp, source); },
        [&out](uchar b) { appendHexByte(out, b); });
    return out;
}

} // namespace sockeye
