#include "widgets/closabletabbar.h"

#include <QApplication>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QStyleOptionTab>
#include <QToolTip>

namespace sockeye {

namespace {

bool isVertical(QTabBar::Shape shape)
{
    return shape == QTabBar::RoundedWest || shape == QTabBar::RoundedEast ||
           shape == QTabBar::TriangularWest || shape == QTabBar::TriangularEast;
}

/// QTabBar's own padding beside a tab's button widget.
constexpr int ButtonPadding = 4;

} // namespace

ClosableTabBar::ClosableTabBar(QWidget *parent)
    : QTabBar(parent)
{
    setMouseTracking(true); // the hovered button is drawn raised
}

QSize ClosableTabBar::buttonSize() const
{
    if (!m_buttonSize.isValid()) {
        m_buttonSize = {style()->pixelMetric(QStyle::PM_TabCloseIndicatorWidth, nullptr, this),
                        style()->pixelMetric(QStyle::PM_TabCloseIndicatorHeight, nullptr, this)};
    }
    return m_buttonSize;
}

bool ClosableTabBar::buttonOnLeft() const
{
    return style()->styleHint(QStyle::SH_TabBar_CloseButtonPosition, nullptr, this) ==
           QTabBar::LeftSide;
}

QSize ClosableTabBar::withButton(QSize size) const
{
    const QSize button = buttonSize();
    if (isVertical(shape()))
        size.rheight() += button.height() + ButtonPadding;
    else
        size.rwidth() += button.width() + ButtonPadding;
    return size;
}

QSize ClosableTabBar::cachedSize(QHash<QString, CachedSize> &cache, int index,
                                 const std::function<QSize()> &measure) const
{
    const QString text = tabText(index);
    const bool icon = !tabIcon(index).isNull();
    auto it = cache.find(text);
    if (it != cache.end() && it->icon == icon)
        return it->size;
    if (cache.size() > 2 * count() + 64)
        cache.clear(); // titles of tabs long closed or renamed
    const QSize size = measure();
    cache.insert(text, {size, icon});
    return size;
}

QSize ClosableTabBar::tabSizeHint(int index) const
{
    return cachedSize(m_sizeHints, index,
                      [this, index] { return withButton(QTabBar::tabSizeHint(index)); });
}

QSize ClosableTabBar::minimumTabSizeHint(int index) const
{
    // QTabBar measures the minimum as tabSizeHint() of the elided text: the button is in it.
    return cachedSize(m_minimumSizeHints, index,
                      [this, index] { return QTabBar::minimumTabSizeHint(index); });
}

void ClosableTabBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::StyleChange || event->type() == QEvent::FontChange) {
        m_buttonSize = {};
        m_sizeHints.clear();
        m_minimumSizeHints.clear();
    }
    QTabBar::changeEvent(event);
}

void ClosableTabBar::initStyleOption(QStyleOptionTab *option, int tabIndex) const
{
    QTabBar::initStyleOption(option, tabIndex);
    if (buttonOnLeft())
        option->leftButtonSize = buttonSize();
    else
        option->rightButtonSize = buttonSize();
    // QTabBar elided the text before the button had its room: elide it again without it.
    if (elideMode() != Qt::ElideNone) {
        const QRect text = style()->subElementRect(QStyle::SE_TabBarTabText, option, this);
        option->text = fontMetrics().elidedText(tabText(tabIndex), elideMode(), text.width(),
                                                Qt::TextShowMnemonic);
    }
}

QRect ClosableTabBar::closeButtonRect(int index) const
{
    if (index < 0 || index >= count())
        return {};
    QStyleOptionTab option;
    initStyleOption(&option, index);
    return style()->subElementRect(buttonOnLeft() ? QStyle::SE_TabBarTabLeftButton
                                                  : QStyle::SE_TabBarTabRightButton,
                                   &option, this);
}

int ClosableTabBar::buttonAt(const QPoint &pos) const
{
    const int index = tabAt(pos);
    return index >= 0 && closeButtonRect(index).contains(pos) ? index : -1;
}

void ClosableTabBar::setHovered(int index)
{
    if (index == m_hovered)
        return;
    update(closeButtonRect(m_hovered));
    m_hovered = index;
    update(closeButtonRect(m_hovered));
}

bool ClosableTabBar::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int index = buttonAt(help->pos());
        if (index >= 0) {
            QToolTip::showText(help->globalPos(), tr("Close this tab"), this,
                               closeButtonRect(index));
            return true;
        }
    }
    return QTabBar::event(event);
}

void ClosableTabBar::paintEvent(QPaintEvent *event)
{
    QTabBar::paintEvent(event);
    if (m_dragging)
        return; // the tabs slide while one is dragged: no button drawn where its tab was
    QPainter painter(this);
    for (int i = 0; i < count(); ++i) {
        const QRect rect = closeButtonRect(i);
        if (!rect.intersects(event->rect()))
            continue;
        // As Qt draws the close button widget it would otherwise make for every tab.
        QStyleOption option;
        option.initFrom(this);
        option.rect = rect;
        option.state |= QStyle::State_AutoRaise;
        option.state &= ~QStyle::State_MouseOver;
        if (isEnabled() && i == m_hovered) {
            option.state |= QStyle::State_MouseOver;
            option.state |= i == m_pressed ? QStyle::State_Sunken : QStyle::State_Raised;
        }
        if (i == currentIndex())
            option.state |= QStyle::State_Selected;
        style()->drawPrimitive(QStyle::PE_IndicatorTabClose, &option, &painter, this);
    }
}

void ClosableTabBar::mousePressEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (event->button() == Qt::LeftButton && buttonAt(pos) >= 0) {
        // A press on a button neither selects nor starts dragging its tab.
        m_pressed = buttonAt(pos);
        update(closeButtonRect(m_pressed));
        event->accept();
        return;
    }
    if (event->button() == Qt::LeftButton)
        m_dragStart = pos;
    if (event->button() == Qt::MiddleButton && tabAt(pos) >= 0) {
        m_pressed = tabAt(pos);
        event->accept();
        return;
    }
    QTabBar::mousePressEvent(event);
}

void ClosableTabBar::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    setHovered(buttonAt(pos));
    if (!m_dragging && m_pressed < 0 && isMovable() && (event->buttons() & Qt::LeftButton) &&
        (pos - m_dragStart).manhattanLength() > QApplication::startDragDistance()) {
        m_dragging = true;
        update();
    }
    if (m_pressed >= 0) {
        event->accept();
        return;
    }
    QTabBar::mouseMoveEvent(event);
}

void ClosableTabBar::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_dragging && event->button() == Qt::LeftButton) {
        m_dragging = false;
        update();
    }
    if (m_pressed < 0) {
        QTabBar::mouseReleaseEvent(event);
        return;
    }
    const int pressed = m_pressed;
    m_pressed = -1;
    update(closeButtonRect(pressed));
    event->accept();
    const QPoint pos = event->position().toPoint();
    const int released = event->button() == Qt::MiddleButton ? tabAt(pos) : buttonAt(pos);
    if (released == pressed)
        emit tabCloseRequested(pressed);
}

void ClosableTabBar::leaveEvent(QEvent *event)
{
    setHovered(-1);
    QTabBar::leaveEvent(event);
}

ClosableTabWidget::ClosableTabWidget(QWidget *parent)
    : QTabWidget(parent)
{
    auto *bar = new ClosableTabBar(this);
    setTabBar(bar);
    // QTabWidget passes its bar's close requests on only while tabsClosable() is set, which
    // would add Qt's own button widgets.
    connect(bar, &QTabBar::tabCloseRequested, this, &QTabWidget::tabCloseRequested);
}

ClosableTabBar *ClosableTabWidget::closableTabBar() const
{
    return static_cast<ClosableTabBar *>(tabBar());
}

} // namespace sockeye
