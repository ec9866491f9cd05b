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
    }
    return removedLines;
}

void LineLayout::invalidate()
{
    ++m_version;
    if (m_version == 0) // 0 means "not computed"
        m_version = 1;
    m_dirtyFrom = 0;
}

int LineLayout::rowLineCount(int row)
{
    if (row < 0 || size_t(row) >= m_counts.size())
        return 0;
    LineCount &c = m_counts[size_t(row)];
    if (c.version != m_version) {
        c.lines = m_counter(row);
        c.version = m_version;
    }
    return c.lines;
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
