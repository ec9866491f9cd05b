#include "textcodec.h"

#include <QTextCodec>

namespace sockeye {

namespace {

enum class Kind { Utf8, Latin1, Legacy, Unknown };

struct EncodingInfo
{
    const char *canonical;
    std::initializer_list<const char *> aliases;
};

const EncodingInfo kEncodings[] = {
    {"UTF-8", {"utf8", "utf-8"}},
    {"GBK", {"gbk", "cp936", "windows-936"}},
    {"GB18030", {"gb18030", "gb-18030"}},
    {"Big5", {"big5", "big-5", "cp950"}},
    {"Shift_JIS", {"shift_jis", "shift-jis", "sjis", "cp932"}},
    {"ISO-8859-1", {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1"}},
};

Kind kindOf(const QString &canonical)
{
    if (canonical == u"UTF-8")
        return Kind::Utf8;
    if (canonical == u"ISO-8859-1")
        return Kind::Latin1;
    if (canonical.isEmpty())
        return Kind::Unknown;
    return Kind::Legacy;
}

QTextCodec *legacyCodec(const QString &canonical)
{
    return QTextCodec::codecForName(canonical.toLatin1());
}

// Index of the first lone surrogate in text, or -1.
qsizetype firstLoneSurrogate(QStringView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate()) {
            if (i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
                ++i;
                continue;
            }
            return i;
        }
        if (c.isLowSurrogate())
            return i;
    }
    return -1;
}

QString describeChar(QStringView text, qsizetype index)
{
    char32_t cp = text.at(index).unicode();
    if (text.at(index).isHighSurrogate() && index + 1 < text.size() &&
        text.at(index + 1).isLowSurrogate())
        cp = QChar::surrogateToUcs4(text.at(index), text.at(index + 1));
    QString hex = QString::number(uint(cp), 16).toUpper();
    if (hex.size() < 4)
        hex.prepend(QString(4 - hex.size(), u'0'));
    const QChar c = text.at(index);
    if (cp >= 0x20 && !c.isLowSurrogate() && (c.isPrint() || c.isHighSurrogate()))
        return QStringLiteral("'%1' (U+%2)")
            .arg(text.mid(index, c.isHighSurrogate() ? 2 : 1).toString(), hex);
    return QStringLiteral("U+%1").arg(hex);
}

bool legacyEncodes(QTextCodec *codec, QStringView piece, QByteArray *out)
{
    QTextCodec::ConverterState state;
    const QByteArray bytes = codec->fromUnicode(piece.data(), int(piece.size()), &state);
    if (out)
        *out = bytes;
    return state.invalidChars == 0;
}

} // namespace

QStringList TextCodec::encodings()
{
    QStringList list;
    for (const EncodingInfo &info : kEncodings)
        list.append(QString::fromLatin1(info.canonical));
    return list;
}

QString TextCodec::canonicalName(QStringView name)
{
    const QString trimmed = name.trimmed().toString();
    for (const EncodingInfo &info : kEncodings) {
        if (trimmed.compare(QLatin1String(info.canonical), Qt::CaseInsensitive) == 0)
            return QString::fromLatin1(info.canonical);
        for (const char *alias : info.aliases) {
            if (trimmed.compare(QLatin1String(alias), Qt::CaseInsensitive) == 0)
                return QString::fromLatin1(info.canonical);
        }
    }
    return QString();
}

bool TextCodec::isAvailable(QStringView name)
{
    return !checkAvailable(name).isError();
}

PayloadError TextCodec::checkAvailable(QStringView name)
{
    const QString canonical = canonicalName(name);
    switch (kindOf(canonical)) {
    case Kind::Utf8:
    case Kind::Latin1:
        return {};
    case Kind::Legacy:
        if (legacyCodec(canonical))
            return {};
        return PayloadError{-1, tr("The text encoding %1 is not available in this build of Qt "
                                   "(Core5Compat without ICU). Choose UTF-8 or ISO-8859-1.")
                                    .arg(canonical)};
    case Kind::Unknown:
        break;
    }
    return PayloadError{-1, tr("Unknown text encoding '%1'. Choose one of %2.")
                                .arg(name.toString(), encodings().join(QStringLiteral(", ")))};
}

EncodeResult TextCodec::encode(QStringView text, QStringView encoding,
                               const QList<int> *sourcePositions)
{
    const PayloadError available = checkAvailable(encoding);
    if (available.isError())
        return EncodeResult{QByteArray(), available};
    const QString canonical = canonicalName(encoding);
    const auto unencodable = [&](qsizetype index) {
        const int pos = sourcePositions ? sourcePositions->value(index, -1) : int(index);
        return EncodeResult::failure(
            pos, tr("The character %1 at position %2 cannot be encoded in %3. Remove it, "
                    "choose another encoding, or write its bytes with \\xHH.")
                     .arg(describeChar(text, index))
                     .arg(pos + 1)
                     .arg(canonical));
    };

    switch (kindOf(canonical)) {
    case Kind::Utf8: {
        const qsizetype bad = firstLoneSurrogate(text);
        if (bad >= 0)
            return unencodable(bad);
        return EncodeResult{text.toUtf8(), {}};
    }
    case Kind::Latin1:
        for (qsizetype i = 0; i < text.size(); ++i) {
            if (text.at(i).unicode() > 0xFF)
                return unencodable(i);
        }
        return EncodeResult{text.toLatin1(), {}};
    case Kind::Legacy: {
        const qsizetype lone = firstLoneSurrogate(text);
        QTextCodec *codec = legacyCodec(canonical);
        QByteArray bytes;
        if (lone < 0 && legacyEncodes(codec, text, &bytes))
            return EncodeResult{bytes, {}};
        // Slow path, only on error: find the first character the codec rejects.
        for (qsizetype i = 0; i < text.size(); ++i) {
            if (i == lone)
                return unencodable(i);
            const qsizetype len = (text.at(i).isHighSurrogate() && i + 1 < text.size()) ? 2 : 1;
            if (!legacyEncodes(codec, text.mid(i, len), nullptr))
                return unencodable(i);
            i += len - 1;
        }
        return unencodable(lone >= 0 ? lone : 0);
    }
    case Kind::Unknown:
        break;
    }
    return EncodeResult::failure(-1, tr("Unknown text encoding."));
}

QString TextCodec::decode(QByteArrayView bytes, QStringView encoding)
{
    const QString canonical = canonicalName(encoding);
    switch (kindOf(canonical)) {
    case Kind::Utf8:
        return QString::fromUtf8(bytes);
    case Kind::Legacy:
        if (QTextCodec *codec = legacyCodec(canonical)) {
            // QTextCodec silently drops an incomplete sequence at the end. A trailing LF (never
            // part of a multi-byte character in these encodings) makes it report U+FFFD.
            QByteArray terminated;
            terminated.reserve(bytes.size() + 1);
            terminated.append(bytes.data(), bytes.size());
            terminated.append('\n');
            QString text = codec->toUnicode(terminated.constData(), int(terminated.size()));
            if (text.endsWith(u'\n'))
                text.chop(1);
            return text;
        }
        break;
    case Kind::Latin1:
    case Kind::Unknown:
        break;
    }
    return QString::fromLatin1(bytes);
}

namespace {

// Length of the well-formed UTF-8 sequence at data[i], its code point in *cp; 0 if malformed.
int utf8Sequence(QByteArrayView data, qsizetype i, char32_t *cp)
{
    const auto at = [&](qsizetype k) { return static_cast<uchar>(data.at(k)); };
    const uchar b0 = at(i);
    if (b0 < 0x80) {
        *cp = b0;
        return 1;
    }
    int len = 0;
    char32_t value = 0;
    char32_t min = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
        value = b0 & 0x1F;
        min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        value = b0 & 0x0F;
        min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        value = b0 & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (i + len > data.size())
        return 0;
    for (int k = 1; k < len; ++k) {
        const uchar b = at(i + k);
        if ((b & 0xC0) != 0x80)
            return 0;
        value = (value << 6) | (b & 0x3F);
    }
    if (value < min || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        return 0;
    *cp = value;
    return len;
}

} // namespace

void TextCodec::decodeExact(QByteArrayView bytes, QStringView encoding,
                            const std::function<void(char32_t, QByteArrayView)> &onChar,
                            const std::function<void(uchar)> &onInvalid)
{
    const QString canonical = canonicalName(encoding);
    const Kind kind = kindOf(canonical);
    QTextCodec *codec = kind == Kind::Legacy ? legacyCodec(canonical) : nullptr;

    if (kind == Kind::Utf8) {
        for (qsizetype i = 0; i < bytes.size();) {
            char32_t cp = 0;
            const int len = utf8Sequence(bytes, i, &cp);
            if (len == 0) {
                onInvalid(static_cast<uchar>(bytes.at(i)));
                ++i;
            } else {
                onChar(cp, bytes.sliced(i, len));
                i += len;
            }
        }
        return;
    }
    if (!codec) { // Latin-1, or a missing codec: every byte is one character.
        for (qsizetype i = 0; i < bytes.size(); ++i)
            onChar(static_cast<uchar>(bytes.at(i)), bytes.sliced(i, 1));
        return;
    }

    const auto roundTrips = [&](QByteArrayView piece, QString *text) {
        *text = decode(piece, canonical);
        if (text->isEmpty())
            return false;
        QByteArray again;
        return legacyEncodes(codec, *text, &again) && again == piece;
    };
    // The shortest piece at each position that decodes to one character and encodes back to
    // itself is that character; a byte that starts no such piece is invalid. (Characters in
    // these encodings are at most 4 bytes long.)
    for (qsizetype i = 0; i < bytes.size();) {
        int taken = 0;
        for (int len = 1; len <= 4 && i + len <= bytes.size(); ++len) {
            QString piece;
            if (roundTrips(bytes.sliced(i, len), &piece)) {
                const QList<uint> ucs4 = QStringView(piece).toUcs4();
                if (ucs4.size() == 1) {
                    onChar(ucs4.first(), bytes.sliced(i, len));
                    taken = len;
                }
                break;
            }
        }
        if (taken == 0) {
            onInvalid(static_cast<uchar>(bytes.at(i)));
            taken = 1;
        }
        i += taken;
    }
}

} // namespace sockeye
