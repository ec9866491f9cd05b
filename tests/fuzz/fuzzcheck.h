#pragma once

// Shared by the fuzz targets: an invariant check that aborts (so libFuzzer records the input)
// with a message, and a small deterministic generator for splits derived from the input.

#include <QByteArray>
#include <QString>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#define SOCKEYE_FUZZ_CHECK(condition, what)                                                        \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", what, __FILE__, __LINE__); \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)

namespace sockeye::fuzz {

/// xorshift32: the same seed gives the same sequence on every run.
class SplitRng
{
public:
    explicit SplitRng(quint32 seed)
        : m_state(seed ? seed : 0x9E3779B9u)
    {}
    quint32 next()
    {
        m_state ^= m_state << 13;
        m_state ^= m_state >> 17;
        m_state ^= m_state << 5;
        return m_state;
    }
    /// A value in [0, bound).
    quint32 below(quint32 bound) { return bound ? next() % bound : 0; }

private:
    quint32 m_state;
};

/// Reads the bytes as UTF-16 code units (so fuzzers reach any QString, lone surrogates too).
inline QString utf16From(const uint8_t *data, size_t size)
{
    QString text(qsizetype(size / 2), Qt::Uninitialized);
    if (!text.isEmpty())
        std::memcpy(text.data(), data, size_t(text.size()) * sizeof(QChar));
    return text;
}

/// The text of a fuzz input: UTF-16 when \a utf16, else UTF-8 (malformed parts become U+FFFD).
inline QString textFrom(const uint8_t *data, size_t size, bool utf16)
{
    return utf16 ? utf16From(data, size)
                 : QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
}

} // namespace sockeye::fuzz
