#pragma once

#include <QList>
#include <QSet>
#include <Qt> // Qt::KeyboardModifiers

namespace sockeye {

class TrafficModel;

/**
 * The records selected in a traffic view, and its current row.
 *
 * Selected records are kept by sequence number, so rows evicted from the front or inserted
 * move under the selection without renumbering it; "all" is a flag until a click edits it, so
 * Ctrl+A over a million rows stores nothing. Clicks follow the usual rules: a plain click
 * selects one row and sets the anchor, Ctrl toggles a row (and moves the anchor), Shift selects
 * from the anchor to the row (added to the selection with Ctrl too).
 */
class TrafficSelection
{
public:
    /// Rows and sequences come from `model`, which must outlive the selection.
    explicit TrafficSelection(const TrafficModel *model);

    /// The selected rows still in the model, in order.
    [[nodiscard]] QList<int> rows() const;
    [[nodiscard]] bool contains(quint64 sequence) const;
    [[nodiscard]] bool isEmpty() const { return !m_all && m_selected.isEmpty(); }
    /// The row last clicked or moved to (-1: none, or it left the model).
    [[nodiscard]] int currentRow() const { return m_currentRow; }

    /// A click on `row` with these modifiers (Shift, Ctrl). False when there is no such row.
    bool select(int row, Qt::KeyboardModifiers modifiers = Qt::NoModifier);
    void selectAll() { m_all = true; }
    /// Nothing selected; the current row and the anchor stay.
    void clear();
    /// Nothing selected and no current row or anchor (the model was reset).
    void reset();

    /// Keeps the current row and the anchor on their records when rows come or go.
    void rowsInserted(int first, int count);
    void rowsRemoved(int first, int last);

private:
    const TrafficModel *m_model;
    QSet<quint64> m_selected;
    bool m_all = false;
    int m_anchorRow = -1;
    int m_currentRow = -1;
};

} // namespace sockeye
