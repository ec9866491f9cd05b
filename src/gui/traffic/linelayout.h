#pragma once

#include <QtGlobal>

#include <deque>
#include <functional>

namespace sockeye {

/**
 * Which rows of a model sit on which display lines, when each row takes one or more lines.
 *
 * A row's line count is asked of the LineCounter once per layout version and cached; invalidate()
 * starts a new version (the view mode changed), so a mode switch only marks the counts stale.
 * Line starts are computed lazily from the first row that changed, so appending rows costs the
 * new rows only; rows evicted from the front move a base instead of renumbering every row.
 */
class LineLayout
{
public:
    using LineCounter = std::function<int(int row)>;

    explicit LineLayout(LineCounter counter);

    /// Forgets every row; the model now has `rows`.
    void reset(int rows);
    /// Rows first..first+count-1 were inserted.
    void insertRows(int first, int count);
    /// Call before rows are removed, while their line counts can still be asked.
    void aboutToRemoveRows() { ensureLineStarts(); }
    /// Rows first..last were removed. Returns how many lines went from the top when they were
    /// the first rows (so a scroll position can stay on the same row), else 0.
    qint64 removeRows(int first, int last);
    /// Every row's line count is stale (the formatting changed).
    void invalidate();

    [[nodiscard]] int rowCount() const { return int(m_counts.size()); }
    /// Total lines.
    [[nodiscard]] qint64 lineCount();
    /// The lines a row takes (0 outside the rows).
    [[nodiscard]] int rowLineCount(int row);
    /// The first line of a row; lineCount() past the last row.
    [[nodiscard]] qint64 firstLineOf(int row);
    /// The row a line belongs to: 0 before the first, the last row past the end, -1 when empty.
    [[nodiscard]] int rowAtLine(qint64 line);
    /// Brings every row's line start up to date.
    void ensureLineStarts();

private:
    struct LineCount
    {
        int lines = 0;
        quint32 version = 0; ///< 0: not computed
    };

    LineCounter m_counter;
    quint32 m_version = 1;
    std::deque<LineCount> m_counts;  ///< per row
    std::deque<qint64> m_lineStarts; ///< per row, minus m_lineBase; valid below m_dirtyFrom
    qint64 m_lineBase = 0;
    int m_dirtyFrom = 0; ///< first row whose line start must be recomputed
    qint64 m_totalLines = 0;
};

} // namespace sockeye
