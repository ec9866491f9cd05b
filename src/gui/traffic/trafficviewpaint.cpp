// How TrafficView paints: only the lines on screen, each formatted on demand.
#include "traffic/trafficview.h"

#include "models/trafficmodel.h"
#include "widgets/theme.h"

#include <QApplication>
#include <QPainter>
#include <QScrollBar>

namespace sockeye {

void TrafficView::paintNotice(QPainter &painter, const QString &text, bool top)
{
    const QFontMetrics fm(painter.font());
    const int h = fm.height() + 8;
    const QRect r(0, top ? 0 : viewport()->height() - h, viewport()->width(), h);
    QColor bg = palette().color(QPalette::ToolTipBase);
    bg.setAlpha(235);
    painter.fillRect(r, bg);
    painter.setPen(palette().color(QPalette::ToolTipText));
    painter.drawText(r.adjusted(8, 0, -8, 0), Qt::AlignVCenter | Qt::AlignLeft, text);
}

void TrafficView::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    const QPalette pal = palette();
    painter.setFont(font());
    m_layout.ensureLineStarts();

    const int rows = m_model->rowCount();
    const int height = viewport()->height();
    const int xOffset = -horizontalScrollBar()->value();
    const qint64 firstLine = verticalScrollBar()->value();
    const int prefix = prefixWidth();
    const int peerColumn = peerColumnWidth();
    const int ascent = QFontMetrics(font()).ascent();
    const bool stream = mode() == Mode::Stream;
    const QColor rx = Theme::receivedText(pal);
    const QColor tx = Theme::sentText(pal);
    const QColor ev = Theme::eventText(pal);
    const QColor err = Theme::trafficErrorText(pal);
    QColor dim = pal.color(QPalette::Text);
    dim.setAlphaF(0.55f);

    if (rows == 0) {
        painter.setPen(dim);
        painter.drawText(viewport()->rect().adjusted(12, 12, -12, -12),
                         Qt::AlignTop | Qt::AlignLeft | Qt::TextWordWrap,
                         tr("No traffic yet. Received data shows as %1, sent data as %2, "
                            "connection events in between.")
                             .arg(QChar(0x25bc))
                             .arg(QChar(0x25b2)));
    }

    int row = rows > 0 ? m_layout.rowAtLine(firstLine) : rows;
    qint64 y = (m_layout.firstLineOf(row) - firstLine) * m_lineHeight;
    for (; row >= 0 && row < rows && y < height; ++row) {
        const int lineCount = m_layout.rowLineCount(row);
        const TrafficRecord *record = m_model->recordAt(row);
        if (!record || lineCount == 0) { // a stream record that only continues a line
            y += qint64(lineCount) * m_lineHeight;
            continue;
        }
        const bool selected = m_selection.contains(record->sequence);
        const bool current = row == m_selection.currentRow();
        QColor accent = record->direction == Direction::Rx   ? rx
                        : record->direction == Direction::Tx ? tx
                        : record->kind == RecordKind::Error  ? err
                                                             : ev;
        const bool isData = record->isData();

        // Only the lines of this record that are on screen.
        const int firstVisible = y < 0 ? int(-y / m_lineHeight) : 0;
        const int lastVisible = int(qMin<qint64>(lineCount - 1, (height - y) / m_lineHeight));
        for (int i = firstVisible; i <= lastVisible; ++i) {
            const int lineY = int(y) + i * m_lineHeight;
            const int baseline = lineY + ascent;
            QString text;
            bool head = i == 0;
            bool lineSelected = selected;
            if (stream) {
                const StreamLines::Line line = streamLine(row, i);
                text = line.text;
                head = line.blockHead || !isData;
                // A line that runs on into later records is theirs too.
                for (int r = row + 1; !lineSelected && r <= line.lastRow; ++r)
                    lineSelected = m_selection.contains(m_model->sequenceAt(r));
            } else {
                text = rowLine(row, i);
            }
            const QRect lineRect(0, lineY, viewport()->width(), m_lineHeight);
            if (lineSelected)
                painter.fillRect(lineRect, pal.color(QPalette::Highlight));
            else if (current)
                painter.fillRect(lineRect, pal.color(QPalette::AlternateBase));
            const QColor textColor =
                lineSelected ? pal.color(QPalette::HighlightedText) : pal.color(QPalette::Text);
            const QColor lineAccent = lineSelected ? textColor : accent;

            // Prefix columns on a record's first line: time (dim), arrow and peer (direction
            // colour); in the stream mode the arrow and peer only where a block starts.
            int x = xOffset + 4;
            if (i == 0 && m_formatter.showTimestamps()) {
                painter.setPen(lineSelected ? textColor : dim);
                painter.drawText(x, baseline, LineFormatter::timeText(*record));
            }
            if (m_formatter.showTimestamps())
                x += LineFormatter::TimeColumnChars * m_charWidth;
            if (i == 0 && head) {
                painter.setPen(lineAccent);
                painter.drawText(x, baseline, QString(LineFormatter::arrow(record->direction)));
            }
            x += LineFormatter::ArrowColumnChars * m_charWidth;
            if (i == 0 && head && isData) {
                const QString peer = m_model->peerLabel(record->session, record->peer);
                painter.drawText(
                    x, baseline,
                    QFontMetrics(font()).elidedText(peer, Qt::ElideMiddle, peerColumn));
            }

            if (isData) {
                painter.setPen(textColor);
                painter.drawText(xOffset + prefix, baseline, text);
            } else {
                QFont italic = font();
                italic.setItalic(true);
                painter.setFont(italic);
                painter.setPen(lineAccent);
                painter.drawText(x, baseline, text);
                painter.setFont(font());
            }
        }
        y += qint64(lineCount) * m_lineHeight;
    }

    QFont noticeFont = QApplication::font();
    painter.setFont(noticeFont);
    if (m_model->evictedRows() > 0) {
        paintNotice(painter,
                    tr("%n older record(s) were dropped to stay within the memory budget.", "",
                       int(qMin<quint64>(m_model->evictedRows(), INT_MAX))),
                    true);
    }
    if (!m_model->isDisplaying()) {
        paintNotice(painter,
                    tr("Not displaying new traffic. It is still counted, kept in the log and "
                       "recorded; turn Display back on to see it from then on."),
                    false);
    } else if (m_model->isPaused()) {
        paintNotice(painter,
                    tr("Paused \u2014 %n new record(s). Recording goes on; resume to see them.", "",
                       int(m_model->pendingCount())),
                    false);
    } else if (!m_follow && rows > 0) {
        paintNotice(painter,
                    tr("Auto-scroll is off while you look back; scroll to the bottom "
                       "(or press End) to follow new traffic."),
                    false);
    }
}

} // namespace sockeye
