#include "payloadcontext.h"

#include <QByteArray>
#include <QDateTime>
#include <QRandomGenerator>

namespace sockeye {

PayloadContext::PayloadContext()
    : PayloadContext(Clock(), RandomSource())
{}

PayloadContext::PayloadContext(Clock clock, RandomSource random, quint32 firstSequence)
    : m_clock(std::move(clock))
    , m_random(std::move(random))
    , m_sequence(firstSequence)
{
    if (!m_clock)
        m_clock = [] { return QDateTime::currentMSecsSinceEpoch(); };
    if (!m_random)
        m_random = [] { return QRandomGenerator::system()->generate(); };
}

qint64 PayloadContext::nowMs() const
{
    return m_clock();
}

QByteArray PayloadContext::randomBytes(int count) const
{
    QByteArray bytes;
    bytes.reserve(count);
    while (bytes.size() < count) {
        const quint32 word = m_random();
        for (int i = 0; i < 4 && bytes.size() < count; ++i)
            bytes.append(char((word >> (8 * i)) & 0xFF));
    }
    return bytes;
}

} // namespace sockeye
