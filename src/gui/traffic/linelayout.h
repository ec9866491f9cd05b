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
 * A row may depend on the one before it through a carry (the stream view's open line): rows are
 * then laid out in order, and an evicted row's successor keeps the layout it had.
 */
class LineLayout
{
public:
    /// What a row takes: its lines, and for views whose lines run across rows (the stream
    /// view), the carry it received and the one it hands to the next row. Other views leave
    /// the carries 0.
    struct RowLayout
    {
        int lines = 1;
        int carryIn = 0;
        int carryOut = 0;
    };
    /// Lays out `row`, given the carry the row before it handed on (0 for the first row).
    using LineCounter = std::function<RowLayout(int row, int previousCarry)>;

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
    /// The lines a row takes (0 outside the rows, and 0 for a row that only continues the
    /// line of the row before it).
    [[nodiscard]] int rowLineCount(int row);
    /// The carry a row received (0 outside the rows).
    [[nodiscard]] int carryIn(int row);
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
        int carryIn = 0;
        int carryOut = 0;
        quint32 version = 0; ///< 0: not computed
    };

    /// Asks the counter for `row`, with the carry the row before it hands on now.
    [[nodiscard]] RowLayout askCounter(int row) const;
    static void store(LineCount &count, const RowLayout &layout);
    /// Lays out `row` and any stale rows before it that its carry depends on.
    LineCount &counted(int row);
    /// After rows left the front: lays out again the first rows whose carry changed. Returns
    /// how many lines they gained.
    qint64 relayFront();

    LineCounter m_counter;
    quint32 m_version = 1;
    std::deque<LineCount> m_counts;  ///< per row
    std::deque<qint64> m_lineStarts; ///< per row, minus m_lineBase; valid below m_dirtyFrom
    qint64 m_lineBase = 0;
    int m_dirtyFrom = 0; ///< first row whose line start must be recomputed
    qint64 m_totalLines = 0;
};

} // namespace sockeye
