#include "dynamicfield.h"

#include "payloadcontext.h"

#include <QDateTime>
#include <QTimeZone>

namespace sockeye {

namespace {

struct FormatName
{
    DynamicField::Kind kind;
    DynamicField::Format format;
    const char16_t *name; // the part after the colon, empty for the bare kind
};

constexpr FormatName kFormats[] = {
    {DynamicField::Kind::Sequence, DynamicField::Format::U32Be, u""},
    {DynamicField::Kind::Sequence, DynamicField::Format::U8, u"u8"},
    {DynamicField::Kind::Sequence, DynamicField::Format::U16Be, u"u16be"},
    {DynamicField::Kind::Sequence, DynamicField::Format::U16Le, u"u16le"},
    {DynamicField::Kind::Sequence, DynamicField::Format::U32Be, u"u32be"},
    {DynamicField::Kind::Sequence, DynamicField::Format::U32Le, u"u32le"},
    {DynamicField::Kind::Time, DynamicField::Format::UnixSeconds, u"unix_s"},
    {DynamicField::Kind::Time, DynamicField::Format::UnixMilliseconds, u"unix_ms"},
    {DynamicField::Kind::Time, DynamicField::Format::Iso, u"iso"},
};

void appendInteger(QByteArray &out, quint64 value, int width, bool littleEndian)
{
    for (int i = 0; i < width; ++i) {
        const int shift = littleEndian ? 8 * i : 8 * (width - 1 - i);
        out.append(char((value >> shift) & 0xFF));
    }
}

qint64 floorDiv(qint64 a, qint64 b)
{
    qint64 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

} // namespace

DynamicField DynamicField::parse(QStringView text, qsizetype index, int positionOffset,
                                 PayloadError *error)
{
    const int pos = int(index) + positionOffset;
    const qsizetype close = text.indexOf(u'}', index + 1);
    const qsizetype nextOpen = text.indexOf(u'{', index + 1);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
        *error = PayloadError{pos, tr("The '{' at position %1 is not closed. Write {{ for a "
                                      "literal brace, or a field like {seq:u8}.")
                                       .arg(pos + 1)};
        return DynamicField();
    }
    const QStringView body = text.sliced(index + 1, close - index - 1);
    const qsizetype colon = body.indexOf(u':');
    const QStringView name = colon < 0 ? body : body.left(colon);
    const QStringView arg = colon < 0 ? QStringView() : body.mid(colon + 1);

    DynamicField field;
    field.m_length = int(close - index + 1);
    if (name == u"rand") {
        bool ok = false;
        const int n = arg.toInt(&ok);
        if (!ok || n < 1 || n > MaxRandomBytes || arg.startsWith(u'+')) {
            *error = PayloadError{pos, tr("The field {%1} at position %2 needs a byte count "
                                          "from 1 to %3, e.g. {rand:4}.")
                                           .arg(body.toString())
                                           .arg(pos + 1)
                                           .arg(MaxRandomBytes)};
            return DynamicField();
        }
        field.m_kind = Kind::Random;
        field.m_format = Format::Bytes;
        field.m_count = n;
        return field;
    }
    if (name == u"seq" || name == u"time") {
        const Kind kind = name == u"seq" ? Kind::Sequence : Kind::Time;
        for (const FormatName &f : kFormats) {
            if (f.kind == kind && (colon >= 0 || f.name[0] == 0) && arg == QStringView(f.name)) {
                field.m_kind = kind;
                field.m_format = f.format;
                return field;
            }
        }
        const QString usage = kind == Kind::Sequence
                                  ? tr("Use {seq}, {seq:u8}, {seq:u16be}, {seq:u16le}, "
                                       "{seq:u32be} or {seq:u32le}.")
                                  : tr("Use {time:unix_s}, {time:unix_ms} or {time:iso}.");
        *error = PayloadError{pos, tr("Unknown format in the field {%1} at position %2. %3")
                                       .arg(body.toString())
                                       .arg(pos + 1)
                                       .arg(usage)};
        return DynamicField();
    }
    *error = PayloadError{pos, tr("Unknown field {%1} at position %2. Use {seq:u8}, "
                                  "{time:unix_ms}, {rand:4} and the like; write {{ for a "
                                  "literal brace.")
                                   .arg(body.toString())
                                   .arg(pos + 1)};
    return DynamicField();
}

QByteArray DynamicField::expand(bool textMode, quint32 sequence, qint64 timeMs,
                                const PayloadContext *random) const
{
    QByteArray out;
    switch (m_format) {
    case Format::U8:
    case Format::U16Be:
    case Format::U16Le:
    case Format::U32Be:
    case Format::U32Le: {
        const int width = m_format == Format::U8                                     ? 1
                          : (m_format == Format::U16Be || m_format == Format::U16Le) ? 2
                                                                                     : 4;
        const quint64 value = width == 4 ? sequence : (sequence & ((1u << (8 * width)) - 1));
        if (textMode)
            return QByteArray::number(value);
        appendInteger(out, value, width, m_format == Format::U16Le || m_format == Format::U32Le);
        return out;
    }
    case Format::UnixSeconds: {
        const qint64 seconds = floorDiv(timeMs, 1000);
        if (textMode)
            return QByteArray::number(seconds);
        appendInteger(out, quint64(seconds), 4, false);
        return out;
    }
    case Format::UnixMilliseconds:
        if (textMode)
            return QByteArray::number(timeMs);
        appendInteger(out, quint64(timeMs), 8, false);
        return out;
    case Format::Iso:
        return QDateTime::fromMSecsSinceEpoch(timeMs, QTimeZone::utc())
            .toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz'Z'"))
            .toLatin1();
    case Format::Bytes:
        return random ? random->randomBytes(m_count) : QByteArray(m_count, '\0');
    }
    return out;
}

QString DynamicField::toString() const
{
    if (m_kind == Kind::Random)
        return QStringLiteral("{rand:%1}").arg(m_count);
    for (const FormatName &f : kFormats) {
        if (f.kind == m_kind && f.format == m_format && f.name[0] != 0) {
            return (m_kind == Kind::Sequence ? QStringLiteral("{seq:") : QStringLiteral("{time:")) +
                   QStringView(f.name) + u'}';
        }
    }
    return QString();
}

bool DynamicField::dependsOnMode() const
{
    return m_kind == Kind::Sequence || m_format == Format::UnixSeconds ||
           m_format == Format::UnixMilliseconds;
}

} // namespace sockeye
