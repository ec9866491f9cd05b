#include "traffic/linelayout.h"

#include <algorithm>

namespace sockeye {

LineLayout::LineLayout(LineCounter counter)
    : m_counter(std::move(counter))
{}

void LineLayout::reset(int rows)
{
    m_counts.assign(size_t(rows), LineCount{});
    m_lineStarts.assign(size_t(rows), 0);
    m_lineBase = 0;
    m_dirtyFrom = 0;
}

void LineLayout::insertRows(int first, int count)
{
    m_counts.insert(m_counts.begin() + first, size_t(count), LineCount{});
    m_lineStarts.insert(m_lineStarts.begin() + first, size_t(count), 0);
    m_dirtyFrom = qMin(m_dirtyFrom, first);
}

qint64 LineLayout::removeRows(int first, int last)
{
    const int count = last - first + 1;
    const bool front = first == 0 && size_t(count) < m_counts.size() && m_dirtyFrom > last;
    qint64 removedLines = 0;
    if (front) {
        // Evicted from the front: keep the absolute line starts, move the base.
        m_lineBase = m_lineStarts[size_t(count)];
        removedLines = m_lineBase - m_lineStarts[0];
        m_dirtyFrom -= count;
    } else {
        m_dirtyFrom = qMin(m_dirtyFrom, first);
    }
    m_counts.erase(m_counts.begin() + first, m_counts.begin() + last + 1);
    m_lineStarts.erase(m_lineStarts.begin() + first, m_lineStarts.begin() + last + 1);
    if (m_counts.empty()) {
        m_lineBase = 0;
        m_dirtyFrom = 0;
    } else if (front) {
        removedLines -= relayFront();
    }
    return removedLines;
}

qint64 LineLayout::relayFront()
{
    // The new first row may have continued a line of a row now gone (the stream view): it
    // starts the view now. It and the rows after it whose carry changes are laid out again;
    // once a row receives the carry it had, it and every row after it lay out as before.
    constexpr int Limit = 256;
    qint64 oldSpan = 0;
    qint64 newSpan = 0;
    int row = 0;
    for (; row < m_dirtyFrom; ++row) {
        LineCount &c = m_counts[size_t(row)];
        if (c.version != m_version)
            break; // laid out when first asked, from the carries as they are now
        const RowLayout layout = askCounter(row);
        if (layout.carryIn == c.carryIn)
            break;
        // A long run of rows without a line end (binary in the stream view) would never find
        // its old carry again. Past the limit the rows keep their layout: the line at the seam
        // is shorter or longer than the others, and every byte is still shown once.
        if (row == Limit)
            break;
        oldSpan += c.lines;
        newSpan += layout.lines;
        store(c, layout);
    }
    if (row == 0)
        return 0;
    // The rows after them keep their lines; the changed ones end where they used to.
    qint64 start = m_lineStarts[0] + oldSpan - newSpan;
    m_lineBase = start;
    for (int r = 0; r < row; ++r) {
        m_lineStarts[size_t(r)] = start;
        start += m_counts[size_t(r)].lines;
    }
    return newSpan - oldSpan;
}

void LineLayout::invalidate()
{
    ++m_version;
    if (m_version == 0) // 0 means "not computed"
        m_version = 1;
    m_dirtyFrom = 0;
}

LineLayout::RowLayout LineLayout::askCounter(int row) const
{
    return m_counter(row, row > 0 ? m_counts[size_t(row - 1)].carryOut : 0);
}

void LineLayout::store(LineCount &count, const RowLayout &layout)
{
    count.lines = layout.lines;
    count.carryIn = layout.carryIn;
    count.carryOut = layout.carryOut;
}

LineLayout::LineCount &LineLayout::counted(int row)
{
    LineCount &wanted = m_counts[size_t(row)];
    if (wanted.version == m_version)
        return wanted;
    int from = row;
    while (from > 0 && m_counts[size_t(from - 1)].version != m_version)
        --from;
    for (int r = from; r <= row; ++r) {
        LineCount &c = m_counts[size_t(r)];
        store(c, askCounter(r));
        c.version = m_version;
    }
    return wanted;
}

int LineLayout::rowLineCount(int row)
{
    if (row < 0 || size_t(row) >= m_counts.size())
        return 0;
    return counted(row).lines;
}

int LineLayout::carryIn(int row)
{
    if (row < 0 || size_t(row) >= m_counts.size())
        return 0;
    return counted(row).carryIn;
}

void LineLayout::ensureLineStarts()
{
    const int n = int(m_counts.size());
    if (m_dirtyFrom < n) {
        qint64 start = m_dirtyFrom == 0
                           ? m_lineBase
                           : m_lineStarts[size_t(m_dirtyFrom - 1)] + rowLineCount(m_dirtyFrom - 1);
        for (int row = m_dirtyFrom; row < n; ++row) {
            m_lineStarts[size_t(row)] = start;
            start += rowLineCount(row);
        }
        m_dirtyFrom = n;
    }
    m_totalLines = n == 0 ? 0 : m_lineStarts.back() + rowLineCount(n - 1) - m_lineBase;
}

qint64 LineLayout::lineCount()
{
    ensureLineStarts();
    return m_totalLines;
}

qint64 LineLayout::firstLineOf(int row)
{
    ensureLineStarts();
    if (row < 0 || size_t(row) >= m_lineStarts.size())
        return m_totalLines;
    return m_lineStarts[size_t(row)] - m_lineBase;
}

int LineLayout::rowAtLine(qint64 line)
{
    ensureLineStarts();
    if (m_lineStarts.empty())
        return -1;
    const qint64 absolute = line + m_lineBase;
    auto it = std::upper_bound(m_lineStarts.begin(), m_lineStarts.end(), absolute);
    if (it == m_lineStarts.begin())
        return 0;
    return int(it - m_lineStarts.begin()) - 1;
}

} // namespace sockeye
