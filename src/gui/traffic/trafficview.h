#pragma once

#include "traffic/trafficrecord.h"

#include <QAbstractScrollArea>
#include <QHash>
#include <QSet>
#include <QStringList>

#include <deque>

namespace sockeye {

class TrafficModel;

/**
 * The traffic timeline of a TrafficModel, painted line by line.
 *
 * The vertical scroll bar counts lines; paintEvent() draws only the visible ones, pulling
 * records from the model and formatting them on demand (a record can take several lines: hex
 * dumps, long payloads, text with line breaks). Line counts are cached per row and tagged with
 * a layout version that changes with the view mode, so a mode switch only marks them stale.
 * Formatted text is cached for the rows on screen only.
 */
class TrafficView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    enum class Mode { Text, Hex, HexDump };
    Q_ENUM(Mode)

    explicit TrafficView(TrafficModel *model, QWidget *parent = nullptr);

    [[nodiscard]] TrafficModel *model() const { return m_model; }

    void setMode(Mode mode);
    [[nodiscard]] Mode mode() const { return m_mode; }
    void setEncoding(const QString &encoding);
    [[nodiscard]] QString encoding() const { return m_encoding; }
    void setShowTimestamps(bool show);
    [[nodiscard]] bool showTimestamps() const { return m_showTimestamps; }

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
    struct LineCount
    {
        int lines = 0;
        quint32 version = 0; ///< 0: not computed
    };

    void onRowsInserted(int first, int last);
    void onRowsRemoved(int first, int last);
    void onReset();
    void relayout();
    void ensureLineStarts();
    void updateScrollBars();
    void setFollowing(bool follow);
    [[nodiscard]] int rowAtLine(qint64 line);
    [[nodiscard]] qint64 firstLineOf(int row);
    [[nodiscard]] int rowAt(const QPoint &pos);
    void ensureRowVisible(int row);
    [[nodiscard]] QStringList formatRecord(const TrafficRecord &record) const;
    /// One display line of a record; formats only that line's bytes.
    [[nodiscard]] QString formatLine(const TrafficRecord &record, int line) const;
    [[nodiscard]] QString rowLine(int row, int line);
    [[nodiscard]] const QList<qsizetype> &textStarts(const TrafficRecord &record) const;
    void clearFormatCaches();
    [[nodiscard]] int countLines(const TrafficRecord &record) const;
    [[nodiscard]] QString prefixText(const TrafficRecord &record) const;
    [[nodiscard]] int prefixWidth() const;
    [[nodiscard]] int contentWidthChars() const;
    void paintNotice(QPainter &painter, const QString &text, bool top);
    void invalidateFormatCache();

    TrafficModel *m_model;
    Mode m_mode = Mode::Text;
    QString m_encoding = QStringLiteral("UTF-8");
    bool m_showTimestamps = true;
    bool m_follow = true;
    bool m_adjusting = false;
    quint32 m_layoutVersion = 1;

    std::deque<LineCount> m_counts;  ///< per model row
    std::deque<qint64> m_lineStarts; ///< per model row, minus m_lineBase; valid below m_dirtyFrom
    qint64 m_lineBase = 0;
    int m_dirtyFrom = 0; ///< first row whose line start must be recomputed
    qint64 m_totalLines = 0;

    /// Formatted lines by (sequence, line) and text line starts by sequence, current layout only.
    mutable QHash<QPair<quint64, int>, QString> m_lineCache;
    mutable QHash<quint64, QList<qsizetype>> m_textStartsCache;
    QSet<quint64> m_selected;
    bool m_allSelected = false;
    int m_anchorRow = -1;
    int m_currentRow = -1;
    int m_lineHeight = 16;
    int m_charWidth = 8;
};

} // namespace sockeye
