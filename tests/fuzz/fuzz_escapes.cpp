// Fuzzes the hex and escape codecs and the display formats with arbitrary bytes: formatting
// then parsing gives the bytes back, in every encoding, and nothing crashes.

#include "fuzzcheck.h"
#include "payload/escapecodec.h"
#include "payload/hexcodec.h"
#include "payload/payloadcontext.h"
#include "payload/payloadspec.h"
#include "payload/textcodec.h"
#include "traffic/displayformat.h"

using namespace sockeye;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const QStringList encodings = TextCodec::encodings();
    const QString encoding = encodings.at(data[0] % encodings.size());
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    // Hex: format -> parse is the identity.
    const EncodeResult spaced = HexCodec::parse(HexCodec::format(bytes));
    SOCKEYE_FUZZ_CHECK(spaced.ok() && spaced.bytes == bytes, "hex round trip");
    const EncodeResult packed = HexCodec::parse(HexCodec::format(bytes, QChar()));
    SOCKEYE_FUZZ_CHECK(packed.ok() && packed.bytes == bytes, "packed hex round trip");

    // The same bytes read as typed hex: either bytes that format back to themselves or an
    // error inside the text.
    const QString typed = fuzz::textFrom(data + 1, size - 1, data[0] & 0x80);
    const EncodeResult parsed = HexCodec::parse(typed);
    if (parsed.ok()) {
        SOCKEYE_FUZZ_CHECK(HexCodec::parse(HexCodec::format(parsed.bytes)).bytes == parsed.bytes,
                           "parsed hex round trip");
    } else {
        SOCKEYE_FUZZ_CHECK(parsed.error.position >= 0 && parsed.error.position < typed.size(),
                           "hex error position inside the text");
    }

    // Escapes: escape -> parse as text in the same encoding is the identity.
    PayloadSpec spec(PayloadSpec::Mode::Text, EscapeCodec::escape(bytes, encoding));
    spec.setEncoding(encoding);
    const EncodeResult back = spec.preview(PayloadContext());
    SOCKEYE_FUZZ_CHECK(back.ok(), "escaped text parses");
    SOCKEYE_FUZZ_CHECK(back.bytes == bytes, "escape round trip");

    // Decoding accounts for every byte.
    QByteArray rebuilt;
    TextCodec::decodeExact(
        bytes, encoding, [&](char32_t, QByteArrayView source) { rebuilt += source.toByteArray(); },
        [&](uchar b) { rebuilt.append(char(b)); });
    SOCKEYE_FUZZ_CHECK(rebuilt == bytes, "decodeExact covers the input");

    // Display formats never crash and have the promised shape.
    (void)DisplayFormat::text(bytes, encoding, DisplayFormat::NonPrintable::Escape);
    (void)DisplayFormat::text(bytes, encoding, DisplayFormat::NonPrintable::Dot);
    SOCKEYE_FUZZ_CHECK(DisplayFormat::hex(bytes).size() == qMax<qsizetype>(0, bytes.size() * 3 - 1),
                       "hex size");
    const QString dump = DisplayFormat::hexDump(bytes);
    SOCKEYE_FUZZ_CHECK(bytes.isEmpty() ||
                           dump.count(u'\n') + 1 == DisplayFormat::hexDumpLineCount(bytes.size()),
                       "hex dump line count");
    return 0;
}
