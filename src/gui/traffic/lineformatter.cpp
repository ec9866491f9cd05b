#include "traffic/lineformatter.h"

#include <QDateTime>

#include <cstring>

namespace sockeye {

namespace {
constexpr int FormatCacheLimit = 4000;
constexpr int TextStartsCacheLimit = 256;

// Splits a text payload into display lines: after every LF, and every TextBytesPerLine bytes
// (moved back so a UTF-8 sequence is not cut). Returns the start of each line.
QList<qsizetype> textLineStarts(const QByteArray &bytes, bool utf8)
{
    QList<qsizetype> starts{0};
    qsizetype lineStart = 0;
    const qsizetype n = bytes.size();
    while (lineStart < n) {
        const qsizetype limit = qMin(n, lineStart + LineFormatter::TextBytesPerLine);
        const char *data = bytes.constData();
        const void *lf = memchr(data + lineStart, '\n', size_t(limit - lineStart));
        qsizetype next;
        if (lf) {
            next = static_cast<const char *>(lf) - data + 1;
        } else {
            next = limit;
            if (utf8 && next < n) {
                qsizetype back = next;
                while (back > lineStart + 1 && back > next - 3 &&
                       (static_cast<uchar>(data[back]) & 0xc0) == 0x80)
                    --back;
                if ((static_cast<uchar>(data[back]) & 0xc0) != 0x80)
                    next = back;
            }
        }
        if (next >= n)
            break;
        starts << next;
        lineStart = next;
    }
    return starts;
}
} // namespace

bool LineFormatter::setMode(Mode mode)
{
    if (m_mode == mode)
        return false;
    m_mode = mode;
    clearCaches();
    return true;
}

bool LineFormatter::setEncoding(const QString &encoding)
{
    if (m_encoding == encoding)
        return false;
    m_encoding = encoding;
    clearCaches();
    return true;
}

bool LineFormatter::setShowTimestamps(bool show)
{
    if (m_showTimestamps == show)
        return false;
    m_showTimestamps = show;
    return true;
}

int LineFormatter::countLines(const TrafficRecord &record) const
{
    if (!record.isData())
        return 1;
    const qsizetype n = record.bytes.size();
    switch (m_mode) {
    case Mode::Hex:
        return int(qMax<qsizetype>(1, (n + HexBytesPerLine - 1) / HexBytesPerLine));
    case Mode::HexDump:
        return int(qMax<qsizetype>(1, (n + DumpBytesPerLine - 1) / DumpBytesPerLine));
    case Mode::Stream:
    case Mode::Log:
        return int(textStarts(record).size());
    }
    return 1;
}

const QList<qsizetype> &LineFormatter::textStarts(const TrafficRecord &record) const
{
    auto it = m_textStartsCache.find(record.sequence);
    if (it == m_textStartsCache.end()) {
        if (m_textStartsCache.size() > TextStartsCacheLimit)
            m_textStartsCache.clear();
        it = m_textStartsCache.insert(
            record.sequence, textLineStarts(record.bytes, m_encoding == QLatin1String("UTF-8")));
    }
    return *it;
}

QString LineFormatter::formatLine(const TrafficRecord &record, int line) const
{
    if (!record.isData())
        return record.text;
    const QByteArray &bytes = record.bytes;
    if (bytes.isEmpty())
        return emptyText();
    switch (m_mode) {
    case Mode::Hex: {
        const qsizetype at = qsizetype(line) * HexBytesPerLine;
        if (at >= bytes.size())
            return {};
        return DisplayFormat::hex(
            QByteArrayView(bytes).sliced(at, qMin<qsizetype>(HexBytesPerLine, bytes.size() - at)));
    }
    case Mode::HexDump:
        if (line >= DisplayFormat::hexDumpLineCount(bytes.size()))
            return {};
        return DisplayFormat::hexDumpLine(bytes, line);
    case Mode::Stream:
    case Mode::Log: {
        const QList<qsizetype> &starts = textStarts(record);
        if (line >= starts.size())
            return {};
        const qsizetype end = line + 1 < starts.size() ? starts[line + 1] : bytes.size();
        return DisplayFormat::text(QByteArrayView(bytes).sliced(starts[line], end - starts[line]),
                                   m_encoding);
    }
    }
    return {};
}

QString LineFormatter::cachedLine(const TrafficRecord &record, int line)
{
    const auto key = qMakePair(record.sequence, line);
    auto it = m_lineCache.constFind(key);
    if (it != m_lineCache.cend())
        return *it;
    if (m_lineCache.size() > FormatCacheLimit)
        m_lineCache.clear();
    const QString text = formatLine(record, line);
    m_lineCache.insert(key, text);
    return text;
}

QStringList LineFormatter::formatRecord(const TrafficRecord &record) const
{
    QStringList lines;
    const int count = countLines(record);
    lines.reserve(count);
    for (int line = 0; line < count; ++line)
        lines << formatLine(record, line);
    return lines;
}

QString LineFormatter::timeText(const TrafficRecord &record)
{
    return QDateTime::fromMSecsSinceEpoch(record.timestampUs / 1000)
        .toString(QStringLiteral("HH:mm:ss.zzz"));
}

QChar LineFormatter::arrow(Direction direction)
{
    switch (direction) {
    case Direction::Rx:
        return QChar(0x25bc);
    case Direction::Tx:
        return QChar(0x25b2);
    case Direction::None:
        break;
    }
    return QChar(0x2022);
}

QString LineFormatter::prefixText(const TrafficRecord &record, const QString &peer) const
{
    QString text;
    if (m_showTimestamps)
        text += timeText(record) + QLatin1Char(' ');
    text += arrow(record.direction);
    text += QLatin1Char(' ');
    if (record.isData())
        text += peer;
    return text;
}

int LineFormatter::prefixChars() const
{
    int chars = ArrowColumnChars + PeerColumnChars + 1; // and a gap
    if (m_showTimestamps)
        chars += TimeColumnChars;
    return chars;
}

int LineFormatter::lineChars() const
{
    switch (m_mode) {
    case Mode::Hex:
        return HexBytesPerLine * 3;
    case Mode::HexDump:
        return 8 + 2 + DumpBytesPerLine * 3 + 2 + DumpBytesPerLine + 2;
    case Mode::Stream:
    case Mode::Log:
        return TextBytesPerLine + 16;
    }
    return 80;
}

void LineFormatter::clearCaches()
{
    m_lineCache.clear();
    m_textStartsCache.clear();
}

void LineFormatter::trimCaches()
{
    if (m_lineCache.size() > FormatCacheLimit)
        clearCaches();
}

} // namespace sockeye
