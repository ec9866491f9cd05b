#include "traffic/streamlines.h"

#include "traffic/displayformat.h"
#include "traffic/lineformatter.h"

#include <cstring>

namespace sockeye {

namespace {
constexpr int StartsCacheLimit = 256;

bool isUtf8Continuation(char byte)
{
    return (static_cast<uchar>(byte) & 0xc0) == 0x80;
}
} // namespace

bool StreamLines::continues(const TrafficRecord &previous, const TrafficRecord &next)
{
    return previous.isData() && next.isData() && !previous.bytes.isEmpty() &&
           !next.bytes.isEmpty() && previous.session == next.session &&
           previous.peer == next.peer && previous.direction == next.direction &&
           next.timestampUs - previous.timestampUs <= IdleGapUs;
}

int StreamLines::scan(QByteArrayView bytes, int carryIn, bool utf8, QList<qsizetype> *starts,
                      int *count, int maxStarts)
{
    // The open line's length; -1: the next byte starts a line.
    qsizetype length = carryIn < 0 ? -1 : carryIn;
    const char *data = bytes.data();
    const qsizetype n = bytes.size();
    int found = 0;
    qsizetype i = 0;
    while (i < n) {
        // A full line wraps before the next character, but not inside a UTF-8 sequence and not
        // before its own line break (which would leave an empty line after it).
        const char byte = data[i];
        const bool wrap = length >= TextBytesPerLine && byte != '\n' && byte != '\r' &&
                          !(utf8 && isUtf8Continuation(byte));
        if (length < 0 || wrap) {
            if (maxStarts >= 0 && found >= maxStarts)
                break;
            if (starts)
                starts->append(i);
            ++found;
            length = 0;
        }
        const qsizetype room = length >= TextBytesPerLine ? 1 : TextBytesPerLine - length;
        const qsizetype limit = qMin(n, i + room);
        const void *lf = memchr(data + i, '\n', size_t(limit - i));
        if (lf) {
            i = static_cast<const char *>(lf) - data + 1;
            length = -1;
        } else {
            length += limit - i;
            i = limit;
        }
    }
    if (count)
        *count = found;
    return length < 0 ? FreshLine : int(qMin<qsizetype>(length, INT_MAX));
}

LineLayout::RowLayout StreamLines::layoutRow(const TrafficRecord *previous,
                                             const TrafficRecord &record, int previousCarry,
                                             bool utf8, bool framed)
{
    // An event, or an empty datagram, is a line of its own; what follows starts a block.
    if (!record.isData() || record.bytes.isEmpty())
        return {1, BlockStart, BlockStart};
    int carryIn = BlockStart;
    if (previous && previousCarry != BlockStart && continues(*previous, record))
        carryIn = framed ? FreshLine : previousCarry;
    int lines = 0;
    const int carryOut = scan(record.bytes, carryIn, utf8, nullptr, &lines);
    return {lines, carryIn, carryOut};
}

const QList<qsizetype> &StreamLines::startsOf(const TrafficRecord &record, int carryIn, bool utf8)
{
    auto it = m_starts.find(record.sequence);
    if (it == m_starts.end() || it->carryIn != carryIn) {
        if (m_starts.size() > StartsCacheLimit)
            m_starts.clear();
        Starts entry;
        entry.carryIn = carryIn;
        scan(record.bytes, carryIn, utf8, &entry.starts, nullptr);
        it = m_starts.insert(record.sequence, entry);
    }
    return it->starts;
}

StreamLines::Line StreamLines::line(int row, int line, const RecordAt &recordAt,
                                    const CarryAt &carryAt, int rows, const QString &encoding)
{
    Line out;
    out.lastRow = row;
    const TrafficRecord *record = recordAt(row);
    if (!record)
        return out;
    if (!record->isData()) {
        out.text = record->text;
        return out;
    }
    const int carryIn = carryAt(row);
    out.blockHead = line == 0 && carryIn == BlockStart;
    if (record->bytes.isEmpty()) {
        out.text = LineFormatter::emptyText();
        return out;
    }
    const bool utf8 = encoding == QLatin1String("UTF-8");
    const QList<qsizetype> &starts = startsOf(*record, carryIn, utf8);
    if (line < 0 || line >= starts.size())
        return out;

    QByteArray bytes;
    if (line + 1 < starts.size()) {
        bytes = record->bytes.mid(starts[line], starts[line + 1] - starts[line]);
    } else {
        bytes = record->bytes.mid(starts[line]);
        // The line reads on into the records that continue it, up to where one starts a line.
        for (int next = row + 1; next < rows; ++next) {
            const int carry = carryAt(next);
            const TrafficRecord *more = carry >= 0 ? recordAt(next) : nullptr;
            if (!more)
                break;
            QList<qsizetype> first;
            scan(more->bytes, carry, utf8, &first, nullptr, 1);
            const qsizetype take = first.isEmpty() ? more->bytes.size() : first.first();
            if (take > 0) {
                bytes += QByteArrayView(more->bytes).first(take);
                out.lastRow = next;
            }
            if (!first.isEmpty())
                break;
        }
    }
    // The line break is shown as one, not as `\r\n`.
    if (bytes.endsWith('\n'))
        bytes.chop(bytes.endsWith("\r\n") ? 2 : 1);
    out.text = DisplayFormat::text(bytes, encoding);
    return out;
}

} // namespace sockeye
