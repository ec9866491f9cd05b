#include "framers.h"

namespace sockeye {

namespace {

QString maxOption(qsizetype max)
{
    return max == Framer::DefaultMaxFrameSize ? QString() : QStringLiteral(",max=%1").arg(max);
}

} // namespace

// --- IdleFramer ---------------------------------------------------------------------------

IdleFramer::IdleFramer(qint64 gapUs, qsizetype maxFrameSize)
    : m_gapUs(gapUs)
    , m_max(maxFrameSize)
{}

QList<QByteArray> IdleFramer::feed(QByteArrayView chunk, qint64 timestampUs)
{
    QList<QByteArray> frames;
    if (chunk.isEmpty())
        return frames;
    if (!m_buffer.isEmpty() && timestampUs - m_lastUs >= m_gapUs) {
        frames.append(m_buffer);
        consume(m_buffer.size());
    }
    m_lastUs = timestampUs;
    m_buffer.append(chunk.data(), chunk.size());
    qsizetype pos = 0;
    while (m_buffer.size() - pos >= m_max) {
        frames.append(m_buffer.mid(pos, m_max));
        reportError(
            Framer::tr("A frame reached the maximum of %1 bytes without an idle gap and was "
                       "cut there (stream offset %2).")
                .arg(m_max)
                .arg(m_bufferOffset + pos));
        pos += m_max;
    }
    consume(pos);
    return frames;
}

QList<QByteArray> IdleFramer::tick(qint64 nowUs)
{
    if (m_buffer.isEmpty() || nowUs - m_lastUs < m_gapUs)
        return {};
    return flush();
}

QString IdleFramer::spec() const
{
    return QStringLiteral("idle:%1").arg(m_gapUs / 1000) + maxOption(m_max);
}

// --- DelimiterFramer ----------------------------------------------------------------------

DelimiterFramer::DelimiterFramer(const QByteArray &delimiter, const QString &delimiterSyntax,
                                 qsizetype maxFrameSize)
    : m_delimiter(delimiter)
    , m_syntax(delimiterSyntax)
    , m_max(maxFrameSize)
{}

QByteArrayView DelimiterFramer::body(QByteArrayView frame) const
{
    return frame.endsWith(m_delimiter) ? frame.chopped(m_delimiter.size()) : frame;
}

QList<QByteArray> DelimiterFramer::feed(QByteArrayView chunk, qint64 timestampUs)
{
    Q_UNUSED(timestampUs);
    QList<QByteArray> frames;
    m_buffer.append(chunk.data(), chunk.size());
    const qsizetype dlen = m_delimiter.size();
    qsizetype pos = 0;
    for (;;) {
        const qsizetype found = m_buffer.indexOf(m_delimiter, m_scanFrom);
        // A delimiter may start at most m_max bytes into the frame.
        if (found >= 0 && found - pos <= m_max) {
            frames.append(m_buffer.mid(pos, found - pos + dlen));
            pos = found + dlen;
            m_scanFrom = pos;
            continue;
        }
        if (m_buffer.size() - pos >= m_max + dlen) {
            // Enough bytes to know no delimiter ends the frame in time.
            frames.append(m_buffer.mid(pos, m_max));
            reportError(
                Framer::tr("A frame exceeded the maximum of %1 bytes without a delimiter; its "
                           "first %1 bytes were passed on as a frame (stream offset %2).")
                    .arg(m_max)
                    .arg(m_bufferOffset + pos));
            pos += m_max;
            m_scanFrom = pos;
            continue;
        }
        m_scanFrom = qMax(pos, m_buffer.size() - dlen + 1);
        break;
    }
    consume(pos);
    m_scanFrom -= pos;
    return frames;
}

void DelimiterFramer::reset()
{
    Framer::reset();
    m_scanFrom = 0;
}

QString DelimiterFramer::spec() const
{
    return QStringLiteral("delim") + maxOption(m_max) + u':' + m_syntax;
}

// --- FixedLengthFramer --------------------------------------------------------------------

FixedLengthFramer::FixedLengthFramer(qsizetype length)
    : m_length(length)
{}

QList<QByteArray> FixedLengthFramer::feed(QByteArrayView chunk, qint64 timestampUs)
{
    Q_UNUSED(timestampUs);
    QList<QByteArray> frames;
    m_buffer.append(chunk.data(), chunk.size());
    qsizetype pos = 0;
    while (m_buffer.size() - pos >= m_length) {
        frames.append(m_buffer.mid(pos, m_length));
        pos += m_length;
    }
    consume(pos);
    return frames;
}

QString FixedLengthFramer::spec() const
{
    return QStringLiteral("fixed:%1").arg(m_length);
}

// --- LengthPrefixFramer -------------------------------------------------------------------

LengthPrefixFramer::LengthPrefixFramer(const Options &options)
    : m_options(options)
{}

QList<QByteArray> LengthPrefixFramer::feed(QByteArrayView chunk, qint64 timestampUs)
{
    Q_UNUSED(timestampUs);
    QList<QByteArray> frames;
    m_buffer.append(chunk.data(), chunk.size());
    const qsizetype header = m_options.fieldOffset + m_options.fieldSize;
    qsizetype pos = 0;
    while (m_buffer.size() - pos >= header) {
        quint64 length = 0;
        for (int i = 0; i < m_options.fieldSize; ++i) {
            const int index = m_options.bigEndian ? i : m_options.fieldSize - 1 - i;
            length = (length << 8) |
                     static_cast<uchar>(m_buffer.at(pos + m_options.fieldOffset + index));
        }
        const qint64 total =
            qint64(length) + m_options.adjust + (m_options.lengthIncludesHeader ? 0 : header);
        if (total < header || total > m_options.maxFrameSize) {
            if (m_skipped == 0) {
                m_skipOffset = m_bufferOffset + pos;
                m_skipTotal = total;
            }
            ++m_skipped;
            ++pos;
            continue;
        }
        if (m_skipped > 0)
            reportSkipped();
        if (m_buffer.size() - pos < total)
            break;
        frames.append(m_buffer.mid(pos, total));
        pos += total;
    }
    consume(pos);
    return frames;
}

void LengthPrefixFramer::reportSkipped()
{
    reportError(
        Framer::tr("Skipped %1 bytes at stream offset %2 that did not start a valid frame: the "
                   "length field gave %3 bytes, outside %4..%5. Check the prefix settings.")
            .arg(m_skipped)
            .arg(m_skipOffset)
            .arg(m_skipTotal)
            .arg(m_options.fieldOffset + m_options.fieldSize)
            .arg(m_options.maxFrameSize));
    m_skipped = 0;
}

QList<QByteArray> LengthPrefixFramer::flush()
{
    if (m_skipped > 0)
        reportSkipped();
    return Framer::flush();
}

void LengthPrefixFramer::reset()
{
    Framer::reset();
    m_skipped = 0;
}

QString LengthPrefixFramer::spec() const
{
    QString s = QStringLiteral("prefix:%1").arg(m_options.fieldSize);
    if (m_options.fieldSize > 1)
        s += m_options.bigEndian ? QStringLiteral("be") : QStringLiteral("le");
    if (m_options.lengthIncludesHeader)
        s += QStringLiteral("+hdr");
    if (m_options.fieldOffset != 0)
        s += QStringLiteral(",offset=%1").arg(m_options.fieldOffset);
    if (m_options.adjust != 0)
        s += QStringLiteral(",adjust=%1").arg(m_options.adjust);
    return s + maxOption(m_options.maxFrameSize);
}

} // namespace sockeye
