#include "traffic/trafficselection.h"

#include "models/trafficmodel.h"

#include <algorithm>

namespace sockeye {

TrafficSelection::TrafficSelection(const TrafficModel *model)
    : m_model(model)
{}

QList<int> TrafficSelection::rows() const
{
    QList<int> rows;
    if (m_all) {
        rows.reserve(m_model->rowCount());
        for (int i = 0; i < m_model->rowCount(); ++i)
            rows << i;
        return rows;
    }
    for (quint64 sequence : m_selected) {
        const int row = m_model->rowOfSequence(sequence);
        if (row >= 0)
            rows << row;
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

bool TrafficSelection::contains(quint64 sequence) const
{
    return m_all || m_selected.contains(sequence);
}

bool TrafficSelection::select(int row, Qt::KeyboardModifiers modifiers)
{
    if (row < 0 || row >= m_model->rowCount())
        return false;
    if (m_all) {
        // Materialise "all" before editing it.
        m_all = false;
        for (int i = 0; i < m_model->rowCount(); ++i)
            m_selected.insert(m_model->sequenceAt(i));
    }
    const quint64 sequence = m_model->sequenceAt(row);
    if (modifiers & Qt::ShiftModifier && m_anchorRow >= 0) {
        if (!(modifiers & Qt::ControlModifier))
            m_selected.clear();
        const int from = qMin(m_anchorRow, row);
        const int to = qMax(m_anchorRow, row);
        for (int i = from; i <= to; ++i)
            m_selected.insert(m_model->sequenceAt(i));
    } else if (modifiers & Qt::ControlModifier) {
        if (m_selected.contains(sequence))
            m_selected.remove(sequence);
        else
            m_selected.insert(sequence);
        m_anchorRow = row;
    } else {
        m_selected = {sequence};
        m_anchorRow = row;
    }
    m_currentRow = row;
    return true;
}

void TrafficSelection::clear()
{
    m_all = false;
    m_selected.clear();
}

void TrafficSelection::reset()
{
    clear();
    m_anchorRow = m_currentRow = -1;
}

void TrafficSelection::rowsInserted(int first, int count)
{
    if (m_currentRow >= first)
        m_currentRow += count;
    if (m_anchorRow >= first)
        m_anchorRow += count;
}

void TrafficSelection::rowsRemoved(int first, int last)
{
    const int count = last - first + 1;
    const auto shift = [&](int &row) {
        if (row > last)
            row -= count;
        else if (row >= first)
            row = -1;
    };
    shift(m_currentRow);
    shift(m_anchorRow);
}

} // namespace sockeye
