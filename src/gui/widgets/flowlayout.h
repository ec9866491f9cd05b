#pragma once

#include <QLayout>
#include <QList>

namespace sockeye {

/**
 * Lays items out left to right like words in a paragraph: an item that does not fit on the row
 * goes to the next one. The items of a row that expand horizontally share what is left of it.
 * Its height depends on its width (heightForWidth), so a bar of controls wraps in a narrow
 * window instead of making the window wider than the screen: its minimum width is its widest
 * item's. After Qt's Flow Layout example.
 *
 * Controls that belong together (a label and its field) go in one item: group().
 */
class FlowLayout : public QLayout
{
public:
    explicit FlowLayout(QWidget *parent = nullptr);
    ~FlowLayout() override;

    /// A widget holding `widgets` side by side, kept together on one row of a flow.
    [[nodiscard]] static QWidget *group(QWidget *parent, const QList<QWidget *> &widgets,
                                        int spacing = 4);

    /// Space between rows (-1: the horizontal spacing).
    void setVerticalSpacing(int spacing);

    void addItem(QLayoutItem *item) override;
    [[nodiscard]] int count() const override;
    [[nodiscard]] QLayoutItem *itemAt(int index) const override;
    QLayoutItem *takeAt(int index) override;
    [[nodiscard]] Qt::Orientations expandingDirections() const override;
    [[nodiscard]] bool hasHeightForWidth() const override { return true; }
    [[nodiscard]] int heightForWidth(int width) const override;
    [[nodiscard]] QSize minimumSize() const override;
    [[nodiscard]] QSize sizeHint() const override;
    void setGeometry(const QRect &rect) override;
    void invalidate() override;

private:
    /// Places the items in `rect` (or only measures) and returns the height used.
    int doLayout(const QRect &rect, bool apply) const;
    [[nodiscard]] int horizontalGap() const;
    [[nodiscard]] int verticalGap() const;

    QList<QLayoutItem *> m_items;
    int m_verticalSpacing = -1;
    mutable int m_cachedWidth = -1;
    mutable int m_cachedHeight = 0;
};

} // namespace sockeye
