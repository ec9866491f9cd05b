// How TrafficView is told to assistive technology (a screen reader, AT-SPI tests): it paints its
// lines itself, so without this it would be an empty pane. Its name is "Traffic" and its
// description the lines on screen, as they are shown (time, arrow, peer, text).
#include "traffic/trafficview.h"

#include "models/trafficmodel.h"

#include <QAccessibleWidget>
#include <QScrollBar>

namespace sockeye {

namespace {

class TrafficViewAccessible : public QAccessibleWidget
{
public:
    explicit TrafficViewAccessible(TrafficView *view)
        : QAccessibleWidget(view, QAccessible::StaticText)
    {}
    [[nodiscard]] QString text(QAccessible::Text t) const override
    {
        auto *view = static_cast<TrafficView *>(widget());
        switch (t) {
        case QAccessible::Name:
            return TrafficView::tr("Traffic");
        case QAccessible::Description:
        case QAccessible::Value:
            return view->visibleText();
        default:
            return QAccessibleWidget::text(t);
        }
    }
};

QAccessibleInterface *trafficViewAccessible(const QString &className, QObject *object)
{
    if (className == QLatin1String("sockeye::TrafficView") && object && object->isWidgetType())
        return new TrafficViewAccessible(static_cast<TrafficView *>(object));
    return nullptr;
}

} // namespace

void TrafficView::installAccessibility()
{
    static const bool installed = [] {
        QAccessible::installFactory(trafficViewAccessible);
        return true;
    }();
    Q_UNUSED(installed);
}

QString TrafficView::visibleText()
{
    m_layout.ensureLineStarts();
    const int rows = m_model->rowCount();
    if (rows == 0)
        return tr("No traffic yet.");
    const qint64 first = verticalScrollBar()->value();
    const qint64 end = first + qMax(1, viewport()->height() / qMax(1, m_lineHeight));
    QStringList lines;
    int row = m_layout.rowAtLine(first);
    for (qint64 line = m_layout.firstLineOf(row); row >= 0 && row < rows && line < end; ++row) {
        const int count = m_layout.rowLineCount(row);
        const TrafficRecord *record = m_model->recordAt(row);
        for (int i = 0; i < count; ++i, ++line) {
            if (!record || line < first || line >= end)
                continue;
            QString text;
            bool head = i == 0;
            if (mode() == Mode::Stream) {
                const StreamLines::Line shown = streamLine(row, i);
                text = shown.text;
                head = shown.blockHead || !record->isData();
            } else {
                text = rowLine(row, i);
            }
            QString prefix;
            if (i == 0 && m_formatter.showTimestamps())
                prefix += LineFormatter::timeText(*record) + QLatin1Char(' ');
            if (i == 0 && head) {
                prefix += LineFormatter::arrow(record->direction) + QLatin1Char(' ');
                if (record->isData())
                    prefix += m_model->peerLabel(record->session, record->peer) + QLatin1Char(' ');
            }
            lines << prefix + text;
        }
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace sockeye
