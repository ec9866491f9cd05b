#include "traffic/rategraph.h"

#include "models/connectionlistmodel.h"
#include "widgets/theme.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

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

QString RateGraph::idleText()
{
    return tr("No traffic");
}

void RateGraph::addSample(double received, double sent)
{
    m_received.push_back(received);
    m_sent.push_back(sent);
    while (m_received.size() > size_t(Samples)) {
        m_received.pop_front();
        m_sent.pop_front();
    }
    m_peak = std::max(*std::max_element(m_received.begin(), m_received.end()),
                      *std::max_element(m_sent.begin(), m_sent.end()));
    setToolTip(tr("Received (%1) and sent (%2) bytes per second, last 60 s; peak %3")
                   .arg(QChar(0x25bc))
                   .arg(QChar(0x25b2))
                   .arg(ConnectionListModel::formatRate(m_peak)));
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

    // The zero line, with a tick every 15 s, in the frame's colour but fainter.
    const double step = area.width() / (Samples - 1);
    const double zero = area.bottom() - 1;
    QColor axis = palette().color(QPalette::Mid);
    axis.setAlphaF(0.6);
    painter.setPen(QPen(axis, 1));
    painter.drawLine(QPointF(area.left() + 1, zero), QPointF(area.right() - 1, zero));
    for (int s = 15; s < Samples; s += 15) {
        const double x = std::round(area.right() - s * step) + 0.5;
        painter.drawLine(QPointF(x, zero), QPointF(x, zero - 3));
    }

    if (isIdle()) {
        QFont small = font();
        if (small.pointSizeF() > 0)
            small.setPointSizeF(small.pointSizeF() * 0.85);
        painter.setFont(small);
        painter.setPen(palette().color(QPalette::PlaceholderText));
        const QRectF textArea = area.adjusted(2, 0, -2, -2);
        painter.drawText(
            textArea, Qt::AlignCenter,
            QFontMetrics(small).elidedText(idleText(), Qt::ElideRight, int(textArea.width())));
        return;
    }

    const double peak = std::max(1.0, m_peak);
    const auto drawSeries = [&](const std::deque<double> &series, const QColor &color) {
        QPainterPath path;
        const size_t n = series.size();
        for (size_t i = 0; i < n; ++i) {
            const double x = area.right() - double(n - 1 - i) * step;
            const double y = zero - (series[i] / peak) * (area.height() - 3);
            if (i == 0)
                path.moveTo(x, y);
            else
                path.lineTo(x, y);
        }
        painter.setPen(QPen(color, 1.5));
        painter.drawPath(path);
    };
    drawSeries(m_sent, Theme::sentText(palette()));
    drawSeries(m_received, Theme::receivedText(palette()));
}

} // namespace sockeye
