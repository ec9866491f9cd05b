#include "widgets/flowlayout.h"

#include <QGuiApplication>
#include <QHBoxLayout>
#include <QStyle>
#include <QWidget>

namespace sockeye {

FlowLayout::FlowLayout(QWidget *parent)
    : QLayout(parent)
{}

FlowLayout::~FlowLayout()
{
    while (QLayoutItem *item = takeAt(0))
        delete item;
}

QWidget *FlowLayout::group(QWidget *parent, const QList<QWidget *> &widgets, int spacing)
{
    auto *box = new QWidget(parent);
    auto *row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(spacing);
    for (QWidget *widget : widgets)
        row->addWidget(widget);
    return box;
}

void FlowLayout::setVerticalSpacing(int spacing)
{
    m_verticalSpacing = spacing;
    invalidate();
}

void FlowLayout::addItem(QLayoutItem *item)
{
    m_items << item;
    invalidate();
}

int FlowLayout::count() const
{
    return int(m_items.size());
}

QLayoutItem *FlowLayout::itemAt(int index) const
{
    return m_items.value(index);
}

QLayoutItem *FlowLayout::takeAt(int index)
{
    if (index < 0 || index >= m_items.size())
        return nullptr;
    QLayoutItem *item = m_items.takeAt(index);
    invalidate();
    return item;
}

Qt::Orientations FlowLayout::expandingDirections() const
{
    return Qt::Horizontal;
}

int FlowLayout::heightForWidth(int width) const
{
    if (width != m_cachedWidth) {
        m_cachedHeight = doLayout(QRect(0, 0, width, 0), false);
        m_cachedWidth = width;
    }
    return m_cachedHeight;
}

QSize FlowLayout::minimumSize() const
{
    QSize size;
    for (const QLayoutItem *item : m_items) {
        if (!item->isEmpty())
            size = size.expandedTo(item->minimumSize());
    }
    const QMargins margins = contentsMargins();
    return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom());
}

QSize FlowLayout::sizeHint() const
{
    // Everything on one row.
    int width = 0;
    int height = 0;
    int shown = 0;
    for (const QLayoutItem *item : m_items) {
        if (item->isEmpty())
            continue;
        width += item->sizeHint().width();
        height = qMax(height, item->sizeHint().height());
        ++shown;
    }
    if (shown > 1)
        width += (shown - 1) * horizontalGap();
    const QMargins margins = contentsMargins();
    return {width + margins.left() + margins.right(), height + margins.top() + margins.bottom()};
}

void FlowLayout::setGeometry(const QRect &rect)
{
    QLayout::setGeometry(rect);
    (void)doLayout(rect, true);
}

void FlowLayout::invalidate()
{
    m_cachedWidth = -1;
    QLayout::invalidate();
}

int FlowLayout::horizontalGap() const
{
    const int gap = spacing();
    return gap >= 0 ? gap : 4;
}

int FlowLayout::verticalGap() const
{
    return m_verticalSpacing >= 0 ? m_verticalSpacing : horizontalGap();
}

int FlowLayout::doLayout(const QRect &rect, bool apply) const
{
    const QRect area = rect.marginsRemoved(contentsMargins());
    const int gap = horizontalGap();
    const Qt::LayoutDirection direction =
        parentWidget() ? parentWidget()->layoutDirection() : QGuiApplication::layoutDirection();
    struct Placed
    {
        QLayoutItem *item;
        int minimum;
        int hint;
        int width = 0;
    };
    QList<Placed> row;
    int rowMinimum = 0; // the row's items at their minimum widths, with the gaps
    int y = area.y();
    bool firstRow = true;

    const auto finishRow = [&] {
        if (row.isEmpty())
            return;
        // Every item gets its minimum width; what is left brings them towards their size hint
        // (each in proportion to what it lacks), and what is left then goes to the items that
        // expand horizontally.
        int left = qMax(0, area.width() - rowMinimum);
        int lacking = 0;
        int expanding = 0;
        for (const Placed &placed : std::as_const(row)) {
            lacking += placed.hint - placed.minimum;
            if (placed.item->expandingDirections() & Qt::Horizontal)
                ++expanding;
        }
        const int towardsHint = qMin(left, lacking);
        for (Placed &placed : row) {
            const int lack = placed.hint - placed.minimum;
            placed.width =
                placed.minimum + (lacking > 0 ? int(qint64(lack) * towardsHint / lacking) : 0);
            left -= placed.width - placed.minimum;
        }
        int height = 0;
        for (Placed &placed : row) {
            if (expanding > 0 && (placed.item->expandingDirections() & Qt::Horizontal)) {
                const int extra = left / expanding;
                const int grown = qMin(placed.width + extra, placed.item->maximumSize().width());
                left -= grown - placed.width;
                --expanding;
                placed.width = grown;
            }
            height = qMax(height, placed.item->hasHeightForWidth()
                                      ? placed.item->heightForWidth(placed.width)
                                      : placed.item->sizeHint().height());
        }
        if (!firstRow)
            y += verticalGap();
        if (apply) {
            int x = area.x();
            for (const Placed &placed : std::as_const(row)) {
                const int itemHeight = placed.item->hasHeightForWidth()
                                           ? placed.item->heightForWidth(placed.width)
                                           : qBound(placed.item->minimumSize().height(), height,
                                                    placed.item->maximumSize().height());
                const QRect geometry(x, y + (height - itemHeight) / 2, placed.width, itemHeight);
                placed.item->setGeometry(QStyle::visualRect(direction, area, geometry));
                x += placed.width + gap;
            }
        }
        y += height;
        firstRow = false;
        row.clear();
        rowMinimum = 0;
    };

    // An item joins the row when the row still fits at the items' size hints. The last item
    // also joins when the row fits at their minimum widths, rather than sit alone on a row.
    QLayoutItem *last = nullptr;
    for (QLayoutItem *item : m_items) {
        if (!item->isEmpty())
            last = item;
    }
    int rowHint = 0;
    for (QLayoutItem *item : m_items) {
        if (item->isEmpty())
            continue;
        const int minimum = item->minimumSize().width();
        const int hint = qMax(minimum, item->sizeHint().width());
        if (!row.isEmpty()) {
            const bool fits = rowHint + gap + hint <= area.width() ||
                              (item == last && rowMinimum + gap + minimum <= area.width());
            if (!fits) {
                finishRow();
                rowHint = 0;
            }
        }
        rowMinimum += (row.isEmpty() ? 0 : gap) + minimum;
        rowHint += (row.isEmpty() ? 0 : gap) + hint;
        row << Placed{item, minimum, hint};
    }
    finishRow();
    return y - rect.y() + contentsMargins().bottom();
}

} // namespace sockeye
