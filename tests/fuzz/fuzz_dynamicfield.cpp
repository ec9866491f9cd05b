// Fuzzes the {field} parser, field expansion, and the checksum spec strings.

#include "fuzzcheck.h"
#include "payload/checksum.h"
#include "payload/dynamicfield.h"
#include "payload/payloadcontext.h"

using namespace sockeye;

namespace {

int binaryWidth(const DynamicField &field)
{
    switch (field.format()) {
    case DynamicField::Format::U8:
        return 1;
    case DynamicField::Format::U16Be:
    case DynamicField::Format::U16Le:
        return 2;
    case DynamicField::Format::U32Be:
    case DynamicField::Format::U32Le:
    case DynamicField::Format::UnixSeconds:
        return 4;
    case DynamicField::Format::UnixMilliseconds:
        return 8;
    case DynamicField::Format::Iso:
        return 24;
    case DynamicField::Format::Bytes:
        return field.count();
    }
    return -1;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const QString body = fuzz::textFrom(data + 1, size - 1, data[0] & 0x80);
    const quint32 sequence = quint32(data[0]) * 2654435761u;

    const QString text = u'{' + body;
    PayloadError error;
    const DynamicField field = DynamicField::parse(text, 0, 7, &error);
    if (error.isError()) {
        SOCKEYE_FUZZ_CHECK(field.length() == 0, "no length on error");
        SOCKEYE_FUZZ_CHECK(error.position == 7, "error at the brace");
    } else {
        SOCKEYE_FUZZ_CHECK(field.length() >= 2 && field.length() <= text.size(), "field length");
        SOCKEYE_FUZZ_CHECK(text.at(field.length() - 1) == u'}', "field ends at a brace");
        PayloadError again;
        const QString canonical = field.toString();
        const DynamicField reparsed = DynamicField::parse(canonical, 0, 0, &again);
        SOCKEYE_FUZZ_CHECK(!again.isError() && reparsed.kind() == field.kind() &&
                               reparsed.format() == field.format() &&
                               reparsed.count() == field.count() &&
                               reparsed.length() == canonical.size(),
                           "field toString round trip");
        const PayloadContext context([] { return qint64(4102444800123); },
                                     [] { return 0x01020304u; }, sequence);
        const QByteArray binary = field.expand(false, sequence, context.nowMs(), &context);
        SOCKEYE_FUZZ_CHECK(binary.size() == binaryWidth(field), "binary width");
        const QByteArray decimal = field.expand(true, sequence, context.nowMs(), nullptr);
        SOCKEYE_FUZZ_CHECK(!decimal.isEmpty(), "text expansion is not empty");
    }

    // Checksum spec strings: parse -> toString -> parse is stable.
    PayloadError checksumError;
    const Checksum checksum = Checksum::fromString(body, &checksumError);
    if (!checksumError.isError()) {
        PayloadError again;
        SOCKEYE_FUZZ_CHECK(Checksum::fromString(checksum.toString(), &again) == checksum &&
                               !again.isError(),
                           "checksum string round trip");
        QByteArray payload(reinterpret_cast<const char *>(data), qsizetype(size));
        const qsizetype before = payload.size();
        const PayloadError appendError = checksum.appendTo(payload);
        SOCKEYE_FUZZ_CHECK(
            payload.size() ==
                before + (appendError.isError() ? 0 : Checksum::width(checksum.algorithm())),
            "checksum width");
    }
    return 0;
}
