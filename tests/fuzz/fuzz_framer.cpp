// Fuzzes every framer: the same stream fed in the chunks it arrived in, split again at points
// derived from the input, and byte by byte must give identical frames and errors. Also fuzzes
// the --framing spec strings.

#include "fuzzcheck.h"
#include "payload/hexcodec.h"
#include "traffic/framer.h"

#include <QList>

using namespace sockeye;

namespace {

struct Arrival
{
    QByteArrayView bytes;
    qint64 timeUs;
};

struct Outcome
{
    QList<QByteArray> frames;
    QStringList errors;
};

// Feeds the arrivals, each cut into pieces of at most maxPiece bytes chosen by rng
// (maxPiece 0: whole arrivals), ticking after each arrival, then flushes.
Outcome run(const QString &spec, const QList<Arrival> &arrivals, quint32 seed, int maxPiece)
{
    std::unique_ptr<Framer> framer = Framer::create(spec, nullptr);
    SOCKEYE_FUZZ_CHECK(framer, "spec that worked once works again");
    fuzz::SplitRng rng(seed);
    Outcome out;
    for (const Arrival &a : arrivals) {
        qsizetype pos = 0;
        while (pos < a.bytes.size()) {
            const qsizetype piece =
                maxPiece == 0 ? a.bytes.size() - pos
                              : qMin<qsizetype>(a.bytes.size() - pos, 1 + rng.below(maxPiece));
            out.frames += framer->feed(a.bytes.sliced(pos, piece), a.timeUs);
            pos += piece;
        }
        out.frames += framer->tick(a.timeUs + 2000);
    }
    out.frames += framer->flush();
    SOCKEYE_FUZZ_CHECK(framer->bufferedBytes() == 0, "flush empties the buffer");
    out.errors = framer->takeErrors();
    return out;
}

QString specFrom(const uint8_t *config, QByteArrayView input, bool *keepsAllBytes)
{
    const uint8_t a = config[1];
    const uint8_t b = config[2];
    *keepsAllBytes = false;
    switch (config[0] % 4) {
    case 0:
        *keepsAllBytes = true;
        return QStringLiteral("idle:%1").arg(1 + a % 50) +
               (b ? QStringLiteral(",max=%1").arg(b) : QString());
    case 1: {
        const qsizetype length = qMin<qsizetype>(1 + a % 3, input.size());
        if (length == 0)
            return QString();
        // Frames keep the delimiter: every byte is in some frame. `keep` (older specs) still
        // reads, and changes nothing.
        const bool keep = b & 1;
        *keepsAllBytes = true;
        return QStringLiteral("delim") + (keep ? QStringLiteral(",keep") : QString()) +
               ((b >> 1) ? QStringLiteral(",max=%1").arg(b >> 1) : QString()) +
               QStringLiteral(":hex:") + HexCodec::format(input.first(length));
    }
    case 2:
        *keepsAllBytes = true;
        return QStringLiteral("fixed:%1").arg(1 + a % 64);
    default: {
        static constexpr int sizes[] = {1, 2, 4};
        return QStringLiteral("prefix:%1%2%3,offset=%4,adjust=%5,max=%6")
            .arg(sizes[a % 3])
            .arg((a >> 2) & 1 ? QStringLiteral("le") : QStringLiteral("be"))
            .arg((a >> 3) & 1 ? QStringLiteral("+hdr") : QString())
            .arg((a >> 4) & 3)
            .arg(int(qint8(b)) % 8)
            .arg(8 + int(b) * 2);
    }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 7)
        return 0;
    const QByteArrayView input(reinterpret_cast<const char *>(data + 7), qsizetype(size - 7));

    if (data[0] & 0x80) {
        // Spec strings: anything goes in, a framer comes out only with a spec that recreates it.
        QString error;
        const QString text = fuzz::textFrom(data + 1, size - 1, data[0] & 0x40);
        const std::unique_ptr<Framer> framer = Framer::create(text, &error);
        if (framer) {
            QString again;
            const std::unique_ptr<Framer> copy = Framer::create(framer->spec(), &again);
            SOCKEYE_FUZZ_CHECK(copy && copy->spec() == framer->spec(), "spec round trip");
        }
        return 0;
    }

    bool keepsAllBytes = false;
    const QString spec = specFrom(data, input, &keepsAllBytes);
    if (spec.isEmpty() || !Framer::create(spec, nullptr))
        return 0;
    const quint32 seed =
        quint32(data[3]) | quint32(data[4]) << 8 | quint32(data[5]) << 16 | quint32(data[6]) << 24;

    // How the stream arrived: chunks and times derived from the seed.
    static constexpr qint64 steps[] = {0, 1000, 7000, 30000, 100000};
    fuzz::SplitRng arrivalRng(seed ^ 0x5bd1e995u);
    QList<Arrival> arrivals;
    qint64 time = 0;
    for (qsizetype pos = 0; pos < input.size();) {
        const qsizetype length = qMin<qsizetype>(input.size() - pos, 1 + arrivalRng.below(48));
        time += steps[arrivalRng.below(5)];
        arrivals.append({input.sliced(pos, length), time});
        pos += length;
    }

    const Outcome reference = run(spec, arrivals, seed, 0);
    const Outcome split = run(spec, arrivals, seed, 7);
    const Outcome bytewise = run(spec, arrivals, seed, 1);
    SOCKEYE_FUZZ_CHECK(split.frames == reference.frames, "random splits give the same frames");
    SOCKEYE_FUZZ_CHECK(split.errors == reference.errors, "random splits give the same errors");
    SOCKEYE_FUZZ_CHECK(bytewise.frames == reference.frames, "bytes one by one: same frames");
    SOCKEYE_FUZZ_CHECK(bytewise.errors == reference.errors, "bytes one by one: same errors");
    if (keepsAllBytes) {
        QByteArray joined;
        for (const QByteArray &frame : reference.frames)
            joined += frame;
        SOCKEYE_FUZZ_CHECK(joined == input.toByteArray(), "frames add up to the stream");
    }
    return 0;
}
