#pragma once

#include <QtGlobal>

#include <functional>

class QByteArray;

namespace sockeye {

/// The changing state behind dynamic fields: the {seq} counter, the clock for {time} and
/// the random source for {rand}. Keep one per session or per preset; PayloadSpec::encode()
/// advances the counter once per successful encode. Clock and random source can be
/// injected, which makes encoding deterministic under test.
class PayloadContext
{
public:
    /// Milliseconds since the Unix epoch (UTC).
    using Clock = std::function<qint64()>;
    /// 32 random bits per call.
    using RandomSource = std::function<quint32()>;

    /// The system clock and QRandomGenerator::system(); the sequence starts at 0.
    PayloadContext();
    /// Injected clock and random source (null ones fall back to the system's).
    PayloadContext(Clock clock, RandomSource random, quint32 firstSequence = 0);

    /// The value {seq} has in the next encode.
    [[nodiscard]] quint32 sequence() const { return m_sequence; }
    void setSequence(quint32 value) { m_sequence = value; }
    /// Moves the counter on by one (wrapping at 2^32); done by PayloadSpec::encode().
    void advance() { ++m_sequence; }

    /// The clock's current time, ms since the Unix epoch.
    [[nodiscard]] qint64 nowMs() const;
    /// \a count random bytes.
    [[nodiscard]] QByteArray randomBytes(int count) const;

private:
    Clock m_clock;
    RandomSource m_random;
    quint32 m_sequence = 0;
};

} // namespace sockeye
