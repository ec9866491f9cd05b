#include "framer.h"

#include "framers.h"
#include "payload/payloadcontext.h"
#include "payload/payloadspec.h"

#include <optional>

namespace sockeye {

QList<QByteArray> Framer::tick(qint64 nowUs)
{
    Q_UNUSED(nowUs);
    return {};
}

QList<QByteArray> Framer::flush()
{
    QList<QByteArray> frames;
    if (!m_buffer.isEmpty())
        frames.append(m_buffer);
    consume(m_buffer.size());
    return frames;
}

void Framer::reset()
{
    m_buffer.clear();
    m_bufferOffset = 0;
    m_errors.clear();
}

QStringList Framer::takeErrors()
{
    QStringList errors;
    errors.swap(m_errors);
    return errors;
}

void Framer::consume(qsizetype count)
{
    if (count <= 0)
        return;
    m_buffer.remove(0, count);
    m_bufferOffset += count;
}

namespace {

struct Option
{
    QStringView key;
    QStringView value; // empty for a flag
    bool hasValue = false;
};

QList<Option> splitOptions(QStringView text)
{
    QList<Option> options;
    for (const QStringView part : text.split(u',', Qt::SkipEmptyParts)) {
        Option o;
        const qsizetype eq = part.indexOf(u'=');
        o.key = (eq < 0 ? part : part.left(eq)).trimmed();
        if (eq >= 0) {
            o.value = part.mid(eq + 1).trimmed();
            o.hasValue = true;
        }
        options.append(o);
    }
    return options;
}

std::optional<qint64> parseNumber(QStringView text, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < min || value > max)
        return std::nullopt;
    return value;
}

} // namespace

std::unique_ptr<Framer> Framer::create(QStringView spec, QString *error)
{
    const auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return std::unique_ptr<Framer>();
    };
    if (error)
        error->clear();
    const QStringView trimmed = spec.trimmed();
    if (trimmed.isEmpty() || trimmed == u"none")
        return nullptr;

    const QString usage = tr("Use idle:MS, delim:P, fixed:N or prefix:SIZE (see the payload "
                             "documentation), or none.");
    const qsizetype colon = trimmed.indexOf(u':');
    if (colon < 0)
        return fail(tr("The framing '%1' has no ':'. %2").arg(trimmed.toString(), usage));
    const QStringView head = trimmed.left(colon);
    const QStringView rest = trimmed.mid(colon + 1);
    const qsizetype headComma = head.indexOf(u',');
    const QStringView kind = (headComma < 0 ? head : head.left(headComma)).trimmed();
    QList<Option> options = splitOptions(headComma < 0 ? QStringView() : head.mid(headComma + 1));

    // For delim the whole rest is the delimiter (it may contain commas); for the others,
    // options may also follow the argument.
    QStringView arg = rest;
    if (kind != u"delim") {
        const qsizetype comma = rest.indexOf(u',');
        if (comma >= 0) {
            arg = rest.left(comma);
            options.append(splitOptions(rest.mid(comma + 1)));
        }
        arg = arg.trimmed();
    }

    qsizetype max = DefaultMaxFrameSize;
    LengthPrefixFramer::Options prefix;
    for (const Option &o : options) {
        const auto number = [&](qint64 min, qint64 limit) -> std::optional<qint64> {
            if (!o.hasValue)
                return std::nullopt;
            return parseNumber(o.value, min, limit);
        };
        if (o.key == u"max") {
            const std::optional<qint64> value = number(1, MaxFrameSizeLimit);
            if (!value) {
                return fail(tr("The framing option max=%1 needs a size from 1 to %2 bytes.")
                                .arg(o.value.toString())
                                .arg(MaxFrameSizeLimit));
            }
            max = qsizetype(*value);
        } else if (kind == u"delim" && o.key == u"keep" && !o.hasValue) {
            // Frames always keep their delimiter now; older specs said so explicitly.
        } else if (kind == u"delim" && o.key == u"strip" && !o.hasValue) {
            return fail(tr("Frames keep their delimiter, so echo and {req:...} see the exact "
                           "bytes; rules match a frame with or without it. Remove ',strip'."));
        } else if (kind == u"prefix" && (o.key == u"offset" || o.key == u"adjust")) {
            const bool isOffset = o.key == u"offset";
            const std::optional<qint64> value = isOffset ? number(0, 65535) : number(-65535, 65535);
            if (!value) {
                return fail(tr("The framing option %1=%2 needs a number from %3 to 65535.")
                                .arg(o.key.toString(), o.value.toString(),
                                     isOffset ? QStringLiteral("0") : QStringLiteral("-65535")));
            }
            (isOffset ? prefix.fieldOffset : prefix.adjust) = int(*value);
        } else {
            return fail(tr("Unknown option '%1' for %2 framing. %3")
                            .arg(o.key.toString(), kind.toString(),
                                 kind == u"delim"    ? tr("Use max=N.")
                                 : kind == u"prefix" ? tr("Use offset=K, adjust=A or max=N.")
                                                     : tr("Use max=N.")));
        }
    }

    if (kind == u"idle") {
        const std::optional<qint64> ms = parseNumber(arg, 1, 3600000);
        if (!ms) {
            return fail(tr("The idle gap '%1' must be a number of milliseconds from 1 to "
                           "3600000, e.g. idle:20.")
                            .arg(arg.toString()));
        }
        return std::make_unique<IdleFramer>(*ms * 1000, max);
    }
    if (kind == u"fixed") {
        if (!options.isEmpty())
            return fail(tr("fixed framing takes no options."));
        const std::optional<qint64> n = parseNumber(arg, 1, MaxFrameSizeLimit);
        if (!n) {
            return fail(tr("The frame length '%1' must be a number of bytes from 1 to %2, e.g. "
                           "fixed:8.")
                            .arg(arg.toString())
                            .arg(MaxFrameSizeLimit));
        }
        return std::make_unique<FixedLengthFramer>(qsizetype(*n));
    }
    if (kind == u"delim") {
        const PayloadSpec payload = PayloadSpec::fromSyntax(arg);
        if (payload.hasDynamicFields())
            return fail(tr("A delimiter cannot contain {fields}; write {{ for a brace."));
        const EncodeResult bytes = payload.preview(PayloadContext());
        if (!bytes.ok()) {
            return fail(tr("Invalid delimiter '%1': %2").arg(arg.toString(), bytes.error.message));
        }
        if (bytes.bytes.isEmpty()) {
            return fail(
                tr("The delimiter is empty. Give one, e.g. delim:\\r\\n or delim:hex:0D 0A."));
        }
        return std::make_unique<DelimiterFramer>(bytes.bytes, arg.toString(), max);
    }
    if (kind == u"prefix") {
        QStringView s = arg;
        if (s.endsWith(u"+hdr")) {
            prefix.lengthIncludesHeader = true;
            s.chop(4);
        }
        if (s.endsWith(u"le") || s.endsWith(u"be")) {
            prefix.bigEndian = s.endsWith(u"be");
            s.chop(2);
        }
        if (s != u"1" && s != u"2" && s != u"4") {
            return fail(tr("The length prefix '%1' must be 1, 2 or 4 bytes with an optional "
                           "byte order and +hdr, e.g. prefix:2be or prefix:4le+hdr.")
                            .arg(arg.toString()));
        }
        prefix.fieldSize = s.toInt();
        prefix.maxFrameSize = max;
        if (prefix.fieldOffset + prefix.fieldSize > max) {
            return fail(tr("The maximum frame size %1 is smaller than the header (%2 bytes).")
                            .arg(max)
                            .arg(prefix.fieldOffset + prefix.fieldSize));
        }
        return std::make_unique<LengthPrefixFramer>(prefix);
    }
    return fail(tr("Unknown framing '%1'. %2").arg(kind.toString(), usage));
}

} // namespace sockeye
