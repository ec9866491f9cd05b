#include "rategraph.h"

#include "models/connectionlistmodel.h"
#include "trafficview.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace sockeye {

RateGraph::RateGraph(QWidget *parent)
    : QWidget(parent)
{
    setToolTip(tr("Received (%1) and sent (%2) bytes per second, last 60 s")
                   .arg(QChar(0x25bc))
                   .arg(QChar(0x25b2)));
    setMinimumWidth(Samples * 2);
}

QSize RateGraph::sizeHint() const
{
    return {Samples * 2 + 2, fontMetrics().height() + 4};
}

void RateGraph::addSample(double received, double sent)
{
    m_received.push_back(received);
    m_sent.push_back(sent);
    while (m_received.size() > size_t(Samples)) {
        m_received.pop_front();
        m_sent.pop_front();
    }
    const double peak = std::max(*std::max_element(m_received.begin(), m_received.end()),
                                 *std::max_element(m_sent.begin(), m_sent.end()));
    setToolTip(tr("Received (%1) and sent (%2) bytes per second, last 60 s; peak %3")
                   .arg(QChar(0x25bc))
                   .arg(QChar(0x25b2))
                   .arg(ConnectionListModel::formatRate(peak)));
    update();
}

void RateGraph::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF area = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    painter.fillRect(area, palette().color(QPalette::Base));
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawRect(area);
    if (m_received.empty())
        return;

    double peak = 1.0;
    for (size_t i = 0; i < m_received.size(); ++i)
        peak = std::max({peak, m_received[i], m_sent[i]});
    const double step = area.width() / (Samples - 1);
    const auto drawSeries = [&](const std::deque<double> &series, const QColor &color) {
        QPainterPath path;
        const size_t n = series.size();
        for (size_t i = 0; i < n; ++i) {
            const double x = area.right() - double(n - 1 - i) * step;
            const double y = area.bottom() - 1 - (series[i] / peak) * (area.height() - 3);
            if (i == 0)
                path.moveTo(x, y);
            else
                path.lineTo(x, y);
        }
        painter.setPen(QPen(color, 1.5));
        painter.drawPath(path);
    };
    drawSeries(m_sent, TrafficView::sentColor(palette()));
    drawSeries(m_received, TrafficView::receivedColor(palette()));
}

} // namespace sockeye
