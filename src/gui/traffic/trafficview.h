#pragma once

#include "traffic/lineformatter.h"
#include "traffic/linelayout.h"
#include "traffic/streamlines.h"
#include "traffic/trafficrecord.h"
#include "traffic/trafficselection.h"

#include <QAbstractScrollArea>
#include <QStringList>

namespace sockeye {

class TrafficModel;

/**
 * The traffic timeline of a TrafficModel, painted line by line.
 *
 * The vertical scroll bar counts lines; paintEvent() draws only the visible ones, pulling
 * records from the model and formatting them on demand (a record can take several lines: hex
 * dumps, long payloads, text with line breaks; in the stream mode a line may run across records,
 * and belongs to the one it starts in). The view paints and handles events; what it
 * shows is decided by parts that need no window: a LineFormatter (the lines of a record), a
 * LineLayout (which rows are on which lines), StreamLines (the stream mode's lines) and a
 * TrafficSelection. Painting is in trafficviewpaint.cpp.
 */
class TrafficView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    using Mode = LineFormatter::Mode;

    explicit TrafficView(TrafficModel *model, QWidget *parent = nullptr);

    [[nodiscard]] TrafficModel *model() const { return m_model; }

    void setMode(Mode mode);
    [[nodiscard]] Mode mode() const { return m_formatter.mode(); }
    void setEncoding(const QString &encoding);
    [[nodiscard]] QString encoding() const { return m_formatter.encoding(); }
    void setShowTimestamps(bool show);
    [[nodiscard]] bool showTimestamps() const { return m_formatter.showTimestamps(); }
    /// The records are frames: in the stream mode each starts a line of its own.
    void setFramed(bool framed);

    /// True while new records scroll into view; scrolling up turns it off, reaching the
    /// bottom turns it back on.
    [[nodiscard]] bool isFollowing() const { return m_follow; }
    void scrollToBottom();

    /// Total laid-out lines (what the scroll bar counts).
    [[nodiscard]] qint64 lineCount();
    /// The lines a row takes in the current mode.
    [[nodiscard]] int rowLineCount(int row);
    /// The text of one row as shown (every line, joined by newlines), without prefix columns.
    [[nodiscard]] QStringList rowLines(int row);
    /// The lines on screen as shown (time, arrow, peer, text), for assistive technology.
    [[nodiscard]] QString visibleText();

    [[nodiscard]] QList<int> selectedRows() const;
    void selectRow(int row, Qt::KeyboardModifiers modifiers = Qt::NoModifier);
    void selectAll();
    void clearSelection();
    /// The selected records as shown, one record per block of lines (time, direction, peer).
    [[nodiscard]] QString selectionAsText() const;
    /// The selected data records' payloads as hex, one record per line.
    [[nodiscard]] QString selectionAsHex() const;
    void copySelectionAsText();
    void copySelectionAsHex();

    /// Searches payloads (decoded text, case-insensitive) or bytes (when `hex`) from the row
    /// after (or before) the current one, wrapping around; selects and shows the hit.
    /// Returns the row found, or -1. An invalid hex needle sets `error`.
    int find(const QString &needle, bool hex, bool backwards, QString *error = nullptr);

signals:
    void followingChanged(bool following);
    void selectionChanged();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void changeEvent(QEvent *event) override;
    bool viewportEvent(QEvent *event) override;

private:
    void onRowsInserted(int first, int last);
    void onRowsRemoved(int first, int last);
    void onReset();
    void onFormatChanged();
    void relayout();
    void updateScrollBars();
    void setFollowing(bool follow);
    [[nodiscard]] int rowAt(const QPoint &pos);
    void ensureRowVisible(int row);
    [[nodiscard]] QString rowLine(int row, int line);
    /// Tells the accessibility framework how to present traffic views (once per process).
    static void installAccessibility();
    [[nodiscard]] int prefixWidth() const;
    /// The widest payload line's width in pixels.
    [[nodiscard]] int linesWidth() const;
    /// The peer column's width: full, or in the hex modes what a narrow view leaves.
    [[nodiscard]] int peerColumnWidth() const;
    static constexpr int MinPeerColumnChars = 9;
    void paintNotice(QPainter &painter, const QString &text, bool top);
    [[nodiscard]] LineLayout::RowLayout layoutRow(int row, int previousCarry) const;
    [[nodiscard]] StreamLines::Line streamLine(int row, int line);

    TrafficModel *m_model;
    LineFormatter m_formatter;
    LineLayout m_layout;
    TrafficSelection m_selection;
    StreamLines m_stream;
    bool m_framed = false;
    bool m_follow = true;
    bool m_adjusting = false;
    int m_lineHeight = 16;
    int m_charWidth = 8;
    qreal m_charAdvance = 1; ///< the font's exact advance per character
};

} // namespace sockeye
