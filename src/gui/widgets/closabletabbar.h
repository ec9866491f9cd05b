#pragma once

#include <QHash>
#include <QTabBar>
#include <QTabWidget>

#include <functional>

namespace sockeye {

/**
 * A tab bar whose every tab has a close button, painted by the bar instead of being one widget
 * per tab. QTabBar lays out every tab again for each button widget it is given, which made a
 * workspace of a thousand sessions quadratic to open; painted, the buttons cost nothing until
 * they are seen, and the tabs keep their width (the room is reserved whether or not the
 * pointer is over them). A click on a button, or a middle click anywhere on a tab, emits
 * tabCloseRequested().
 */
class ClosableTabBar : public QTabBar
{
    Q_OBJECT
public:
    explicit ClosableTabBar(QWidget *parent = nullptr);

    /// Where tab `index` draws its close button, in the bar's coordinates.
    [[nodiscard]] QRect closeButtonRect(int index) const;

protected:
    QSize tabSizeHint(int index) const override;
    QSize minimumTabSizeHint(int index) const override;
    void initStyleOption(QStyleOptionTab *option, int tabIndex) const override;
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    [[nodiscard]] QSize buttonSize() const;
    [[nodiscard]] QSize withButton(QSize size) const;
    struct CachedSize
    {
        QSize size;
        bool icon = false;
    };
    /// A tab's size from `cache`, else as `measure` gives it: the bar's font and style aside,
    /// it depends only on the tab's text and whether it has an icon.
    QSize cachedSize(QHash<QString, CachedSize> &cache, int index,
                     const std::function<QSize()> &measure) const;
    [[nodiscard]] bool buttonOnLeft() const;
    [[nodiscard]] int buttonAt(const QPoint &pos) const;
    void setHovered(int index);

    int m_hovered = -1;
    int m_pressed = -1;      ///< the tab whose button (or, middle button, whose tab) is down
    QPoint m_dragStart;      ///< where the left button went down
    bool m_dragging = false; ///< a tab is being moved
    // QTabBar asks every tab's size each time it lays them out, which is on every tab
    // inserted: measuring the texts again each time made a thousand tabs quadratic to open.
    mutable QSize m_buttonSize;
    mutable QHash<QString, CachedSize> m_sizeHints;        ///< by tab text
    mutable QHash<QString, CachedSize> m_minimumSizeHints; ///< by tab text
};

/// A QTabWidget with a ClosableTabBar (QTabWidget::setTabBar() is for subclasses only).
class ClosableTabWidget : public QTabWidget
{
    Q_OBJECT
public:
    explicit ClosableTabWidget(QWidget *parent = nullptr);

    [[nodiscard]] ClosableTabBar *closableTabBar() const;
};

} // namespace sockeye
