#include "payloadspec.h"

#include "dynamicfield.h"
#include "escapecodec.h"
#include "hexcodec.h"
#include "payloadcontext.h"
#include "textcodec.h"

#include <QList>

namespace sockeye {

namespace {

constexpr QStringView kHexPrefix = u"hex:";
constexpr QStringView kTextPrefix = u"text:";
constexpr QStringView kLiteralPrefix = u"lit:";

// One piece of a parsed payload.
struct Segment
{
    enum class Kind { Text, Bytes, Field };
    Kind kind = Kind::Text;
    QString text;       // Kind::Text: characters to encode
    QList<int> sources; // Kind::Text: source position of each UTF-16 unit of text
    QByteArray bytes;   // Kind::Bytes
    DynamicField field; // Kind::Field
    int position = 0;   // where the segment starts in the source
};

struct Parsed
{
    QList<Segment> segments;
    PayloadError error;
};

class SegmentBuilder
{
public:
    explicit SegmentBuilder(Parsed &parsed)
        : m_parsed(parsed)
    {}

    void addChar(QChar c, int source)
    {
        Segment &s = current(Segment::Kind::Text, source);
        s.text.append(c);
        s.sources.append(source);
    }
    void addCodePoint(char32_t cp, int source)
    {
        if (QChar::requiresSurrogates(cp)) {
            addChar(QChar(QChar::highSurrogate(cp)), source);
            addChar(QChar(QChar::lowSurrogate(cp)), source);
        } else {
            addChar(QChar(char16_t(cp)), source);
        }
    }
    void addBytes(const QByteArray &bytes, int source)
    {
        current(Segment::Kind::Bytes, source).bytes.append(bytes);
    }
    void addField(const DynamicField &field, int source)
    {
        Segment s;
        s.kind = Segment::Kind::Field;
        s.field = field;
        s.position = source;
        m_parsed.segments.append(s);
    }

private:
    Segment &current(Segment::Kind kind, int source)
    {
        if (m_parsed.segments.isEmpty() || m_parsed.segments.last().kind != kind) {
            Segment s;
            s.kind = kind;
            s.position = source;
            m_parsed.segments.append(s);
        }
        return m_parsed.segments.last();
    }

    Parsed &m_parsed;
};

Parsed parseText(QStringView text, bool escapes)
{
    Parsed parsed;
    if (!escapes) {
        Segment s;
        s.text = text.toString();
        s.sources.reserve(text.size());
        for (qsizetype i = 0; i < text.size(); ++i)
            s.sources.append(int(i));
        if (!text.isEmpty())
            parsed.segments.append(s);
        return parsed;
    }
    SegmentBuilder builder(parsed);
    for (qsizetype i = 0; i < text.size();) {
        const QChar c = text.at(i);
        if (c == u'\\') {
            const EscapeCodec::Escape esc = EscapeCodec::parse(text, i, 0, &parsed.error);
            if (parsed.error.isError())
                return parsed;
            if (esc.kind == EscapeCodec::Escape::Kind::Byte)
                builder.addBytes(QByteArray(1, esc.byte), int(i));
            else
                builder.addCodePoint(esc.codePoint, int(i));
            i += esc.length;
        } else if (c == u'{') {
            if (i + 1 < text.size() && text.at(i + 1) == u'{') {
                builder.addChar(c, int(i));
                i += 2;
                continue;
            }
            const DynamicField field = DynamicField::parse(text, i, 0, &parsed.error);
            if (parsed.error.isError())
                return parsed;
            builder.addField(field, int(i));
            i += field.length();
        } else {
            builder.addChar(c, int(i));
            ++i;
        }
    }
    return parsed;
}

Parsed parseHex(QStringView text)
{
    Parsed parsed;
    SegmentBuilder builder(parsed);
    qsizetype start = 0;
    while (start <= text.size()) {
        const qsizetype brace = text.indexOf(u'{', start);
        const qsizetype end = brace < 0 ? text.size() : brace;
        const EncodeResult hex = HexCodec::parse(text.sliced(start, end - start), int(start));
        if (!hex.ok()) {
            parsed.error = hex.error;
            return parsed;
        }
        if (!hex.bytes.isEmpty())
            builder.addBytes(hex.bytes, int(start));
        if (brace < 0)
            break;
        const DynamicField field = DynamicField::parse(text, brace, 0, &parsed.error);
        if (parsed.error.isError())
            return parsed;
        builder.addField(field, int(brace));
        start = brace + field.length();
    }
    return parsed;
}

Parsed parse(const PayloadSpec &spec)
{
    return spec.mode() == PayloadSpec::Mode::Hex ? parseHex(spec.text())
                                                 : parseText(spec.text(), spec.escapes());
}

bool hasText(const Parsed &parsed)
{
    for (const Segment &s : parsed.segments) {
        if (s.kind == Segment::Kind::Text)
            return true;
    }
    return false;
}

} // namespace

PayloadSpec::PayloadSpec(Mode mode, const QString &text)
    : m_mode(mode)
    , m_text(text)
{}

void PayloadSpec::setEncoding(const QString &encoding)
{
    const QString canonical = TextCodec::canonicalName(encoding);
    m_encoding = canonical.isEmpty() ? encoding : canonical;
}

PayloadSpec PayloadSpec::fromSyntax(QStringView syntax)
{
    if (syntax.startsWith(kHexPrefix))
        return PayloadSpec(Mode::Hex, syntax.mid(kHexPrefix.size()).toString());
    if (syntax.startsWith(kTextPrefix))
        return PayloadSpec(Mode::Text, syntax.mid(kTextPrefix.size()).toString());
    if (syntax.startsWith(kLiteralPrefix)) {
        PayloadSpec spec(Mode::Text, syntax.mid(kLiteralPrefix.size()).toString());
        spec.setEscapes(false);
        return spec;
    }
    return PayloadSpec(Mode::Text, syntax.toString());
}

QString PayloadSpec::toSyntax() const
{
    if (m_mode == Mode::Hex)
        return kHexPrefix + m_text;
    return (m_escapes ? kTextPrefix : kLiteralPrefix) + m_text;
}

int PayloadSpec::syntaxPrefixLength() const
{
    if (m_mode == Mode::Hex)
        return int(kHexPrefix.size());
    return int(m_escapes ? kTextPrefix.size() : kLiteralPrefix.size());
}

EncodeResult PayloadSpec::build(quint32 sequence, qint64 timeMs, const PayloadContext *random) const
{
    const Parsed parsed = parse(*this);
    if (parsed.error.isError())
        return EncodeResult{QByteArray(), parsed.error};
    const bool textMode = m_mode == Mode::Text;
    if (textMode && hasText(parsed)) {
        const PayloadError available = TextCodec::checkAvailable(m_encoding);
        if (available.isError())
            return EncodeResult{QByteArray(), available};
    }

    EncodeResult result;
    for (const Segment &s : parsed.segments) {
        switch (s.kind) {
        case Segment::Kind::Text: {
            const EncodeResult encoded = TextCodec::encode(s.text, m_encoding, &s.sources);
            if (!encoded.ok())
                return encoded;
            result.bytes.append(encoded.bytes);
            break;
        }
        case Segment::Kind::Bytes:
            result.bytes.append(s.bytes);
            break;
        case Segment::Kind::Field:
            result.bytes.append(s.field.expand(textMode, sequence, timeMs, random));
            result.usedSequence |= s.field.kind() == DynamicField::Kind::Sequence;
            break;
        }
    }
    const PayloadError checksumError = m_checksum.appendTo(result.bytes);
    if (checksumError.isError())
        return EncodeResult{QByteArray(), checksumError};
    result.bytes.append(lineEndingBytes(m_lineEnding));
    return result;
}

EncodeResult PayloadSpec::encode(PayloadContext &context) const
{
    EncodeResult result = build(context.sequence(), context.nowMs(), &context);
    // Only a payload that counts moves the counter: "n={seq}" sent after ten plain "ping"s
    // says n=0, not n=10.
    if (result.ok() && result.usedSequence)
        context.advance();
    return result;
}

EncodeResult PayloadSpec::preview(const PayloadContext &context) const
{
    return build(context.sequence(), context.nowMs(), nullptr);
}

PayloadError PayloadSpec::validate() const
{
    return build(0, 0, nullptr).error;
}

bool PayloadSpec::hasDynamicFields() const
{
    const Parsed parsed = parse(*this);
    for (const Segment &s : parsed.segments) {
        if (s.kind == Segment::Kind::Field)
            return true;
    }
    return false;
}

PayloadSpec PayloadSpec::convertedTo(Mode mode, PayloadError *error) const
{
    if (error)
        *error = PayloadError();
    if (mode == m_mode)
        return *this;
    const Parsed parsed = parse(*this);
    const auto fail = [&](const PayloadError &e) {
        if (error)
            *error = e;
        return *this;
    };
    if (parsed.error.isError())
        return fail(parsed.error);
    if (mode == Mode::Text) {
        const PayloadError available = TextCodec::checkAvailable(m_encoding);
        if (available.isError())
            return fail(available);
    }

    QString out;
    const auto modeFree = [&](const Segment &s) {
        if (!s.field.dependsOnMode())
            return true;
        fail(PayloadError{s.position,
                          tr("The field %1 at position %2 means decimal text in text mode but "
                             "binary bytes in hex mode, so it cannot be converted. Remove it, "
                             "convert, and add it again.")
                              .arg(s.field.toString())
                              .arg(s.position + 1)});
        return false;
    };
    if (mode == Mode::Hex) {
        QStringList parts;
        for (const Segment &s : parsed.segments) {
            if (s.kind == Segment::Kind::Field) {
                if (!modeFree(s))
                    return *this;
                parts.append(s.field.toString());
            } else if (s.kind == Segment::Kind::Bytes) {
                parts.append(HexCodec::format(s.bytes));
            } else {
                const EncodeResult encoded = TextCodec::encode(s.text, m_encoding, &s.sources);
                if (!encoded.ok())
                    return fail(encoded.error);
                parts.append(HexCodec::format(encoded.bytes));
            }
        }
        out = parts.join(u' ');
    } else {
        for (const Segment &s : parsed.segments) {
            if (s.kind == Segment::Kind::Field) {
                if (!modeFree(s))
                    return *this;
                out += s.field.toString();
            } else {
                out += EscapeCodec::escape(s.bytes, m_encoding);
            }
        }
    }
    PayloadSpec converted = *this;
    converted.m_mode = mode;
    converted.m_text = out;
    if (mode == Mode::Text)
        converted.m_escapes = true;
    return converted;
}

QJsonObject PayloadSpec::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("payload"), toSyntax());
    json.insert(QStringLiteral("encoding"), m_encoding);
    json.insert(QStringLiteral("lineEnding"), lineEndingName(m_lineEnding));
    json.insert(QStringLiteral("checksum"), m_checksum.toString());
    return json;
}

PayloadSpec PayloadSpec::fromJson(const QJsonObject &json, PayloadError *error)
{
    const auto fail = [&](const QString &message) {
        if (error)
            *error = PayloadError{-1, message};
        return PayloadSpec();
    };
    PayloadSpec spec = fromSyntax(json.value(QStringLiteral("payload")).toString());
    if (json.contains(QStringLiteral("encoding"))) {
        const QString name = json.value(QStringLiteral("encoding")).toString();
        if (TextCodec::canonicalName(name).isEmpty())
            return fail(TextCodec::checkAvailable(name).message);
        spec.setEncoding(name);
    }
    if (json.contains(QStringLiteral("lineEnding"))) {
        const QString name = json.value(QStringLiteral("lineEnding")).toString();
        const std::optional<LineEnding> ending = lineEndingFromName(name);
        if (!ending) {
            return fail(tr("Unknown line ending '%1'. Use none, cr, lf or crlf.").arg(name));
        }
        spec.setLineEnding(*ending);
    }
    if (json.contains(QStringLiteral("checksum"))) {
        PayloadError checksumError;
        const Checksum checksum =
            Checksum::fromString(json.value(QStringLiteral("checksum")).toString(), &checksumError);
        if (checksumError.isError())
            return fail(checksumError.message);
        spec.setChecksum(checksum);
    }
    if (error)
        *error = PayloadError();
    return spec;
}

QString PayloadSpec::lineEndingName(LineEnding ending)
{
    switch (ending) {
    case LineEnding::None:
        break;
    case LineEnding::Cr:
        return QStringLiteral("cr");
    case LineEnding::Lf:
        return QStringLiteral("lf");
    case LineEnding::CrLf:
        return QStringLiteral("crlf");
    }
    return QStringLiteral("none");
}

std::optional<PayloadSpec::LineEnding> PayloadSpec::lineEndingFromName(QStringView name)
{
    for (const LineEnding e :
         {LineEnding::None, LineEnding::Cr, LineEnding::Lf, LineEnding::CrLf}) {
        if (name.compare(lineEndingName(e), Qt::CaseInsensitive) == 0)
            return e;
    }
    return std::nullopt;
}

QByteArray PayloadSpec::lineEndingBytes(LineEnding ending)
{
    switch (ending) {
    case LineEnding::None:
        break;
    case LineEnding::Cr:
        return QByteArrayLiteral("\r");
    case LineEnding::Lf:
        return QByteArrayLiteral("\n");
    case LineEnding::CrLf:
        return QByteArrayLiteral("\r\n");
    }
    return QByteArray();
}

bool operator==(const PayloadSpec &a, const PayloadSpec &b)
{
    // escapes() means nothing in hex mode, so it does not make two hex specs differ.
    return a.m_mode == b.m_mode && a.m_text == b.m_text && a.m_encoding == b.m_encoding &&
           (a.m_escapes == b.m_escapes || a.m_mode == PayloadSpec::Mode::Hex) &&
           a.m_lineEnding == b.m_lineEnding && a.m_checksum == b.m_checksum;
}

} // namespace sockeye
