// Fuzzes PayloadSpec end to end: hex and escape parsing, fields, encodings, checksums, line
// endings, conversion between views, and the one-line syntax.

#include "fuzzcheck.h"
#include "payload/payloadcontext.h"
#include "payload/payloadspec.h"
#include "payload/textcodec.h"

using namespace sockeye;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const uint8_t config = data[0];
    const uint8_t config2 = data[1];
    const QString text = fuzz::textFrom(data + 2, size - 2, config & 0x80);

    PayloadSpec spec(config & 1 ? PayloadSpec::Mode::Hex : PayloadSpec::Mode::Text, text);
    spec.setEscapes(!(config & 2));
    const QStringList encodings = TextCodec::encodings();
    spec.setEncoding(encodings.at(((config >> 2) & 7) % encodings.size()));
    spec.setLineEnding(PayloadSpec::LineEnding((config >> 5) & 3));
    const QList<Checksum::Algorithm> algorithms = Checksum::algorithms();
    const int pick = config2 % (algorithms.size() + 1);
    if (pick < algorithms.size()) {
        spec.setChecksum(Checksum(algorithms.at(pick), Checksum::ByteOrder((config2 >> 4) % 3),
                                  (config2 >> 6) & 1,
                                  (config2 >> 7) ? std::optional<int>(-1) : std::nullopt));
    }

    const auto makeContext = [&] {
        return PayloadContext([] { return qint64(1714567890123); }, [] { return 0xA5A5A5A5u; },
                              quint32(config2) * 16777619u);
    };
    PayloadContext context = makeContext();
    const EncodeResult preview = spec.preview(context);
    const EncodeResult encoded = spec.encode(context);
    SOCKEYE_FUZZ_CHECK(preview.ok() == encoded.ok(), "preview and encode agree");
    SOCKEYE_FUZZ_CHECK(context.sequence() == quint32(config2) * 16777619u +
                                                 (encoded.ok() && encoded.usedSequence ? 1 : 0),
                       "encode advances the counter once, on success of a payload with {seq} only");
    SOCKEYE_FUZZ_CHECK(!encoded.usedSequence || spec.hasDynamicFields(),
                       "a payload that used {seq} has dynamic fields");
    if (!encoded.ok()) {
        SOCKEYE_FUZZ_CHECK(encoded.bytes.isEmpty(), "no bytes on error");
        SOCKEYE_FUZZ_CHECK(!encoded.error.message.isEmpty(), "an error has a sentence");
        SOCKEYE_FUZZ_CHECK(encoded.error.position >= -1 && encoded.error.position <= text.size(),
                           "error position inside the text");
    }
    const bool dynamic = spec.hasDynamicFields();
    if (!dynamic) {
        SOCKEYE_FUZZ_CHECK(spec.validate().isError() != encoded.ok(), "validate agrees");
        SOCKEYE_FUZZ_CHECK(preview.bytes == encoded.bytes, "static payloads encode the same");
    }

    // The one-line syntax round-trips.
    PayloadSpec reparsed = PayloadSpec::fromSyntax(spec.toSyntax());
    reparsed.setEncoding(spec.encoding());
    reparsed.setLineEnding(spec.lineEnding());
    reparsed.setChecksum(spec.checksum());
    SOCKEYE_FUZZ_CHECK(reparsed == spec, "syntax round trip");

    // Converting to the other view keeps the bytes.
    PayloadError error;
    const PayloadSpec::Mode other =
        spec.mode() == PayloadSpec::Mode::Hex ? PayloadSpec::Mode::Text : PayloadSpec::Mode::Hex;
    const PayloadSpec converted = spec.convertedTo(other, &error);
    if (!error.isError()) {
        const PayloadContext fresh = makeContext();
        const EncodeResult before = spec.preview(fresh);
        const EncodeResult after = converted.preview(fresh);
        SOCKEYE_FUZZ_CHECK(before.ok() == after.ok(), "conversion keeps validity");
        SOCKEYE_FUZZ_CHECK(before.bytes == after.bytes, "conversion keeps the bytes");
        PayloadError back;
        const PayloadSpec again = converted.convertedTo(spec.mode(), &back);
        SOCKEYE_FUZZ_CHECK(!back.isError(), "converting back works");
        if (qEnvironmentVariableIsSet("SOCKEYE_FUZZ_DEBUG"))
            fprintf(stderr, "spec %s\nconv %s\nagain %s\nbefore %s\nagain %s\n",
                    qPrintable(spec.toSyntax()), qPrintable(converted.toSyntax()),
                    qPrintable(again.toSyntax()), before.bytes.toHex(' ').constData(),
                    again.preview(fresh).bytes.toHex(' ').constData());
        SOCKEYE_FUZZ_CHECK(again.preview(fresh).bytes == before.bytes, "round trip keeps bytes");
    } else {
        SOCKEYE_FUZZ_CHECK(converted == spec, "a failed conversion changes nothing");
    }
    return 0;
}
