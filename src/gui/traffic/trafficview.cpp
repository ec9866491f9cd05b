#include "traffic/trafficview.h"

#include "models/trafficmodel.h"
#include "payload/hexcodec.h"
#include "payload/textcodec.h"
#include "traffic/displayformat.h"
#include "widgets/theme.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QDateTime>
#include <QFontDatabase>
#include <QHelpEvent>
#include <QMenu>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>

#include <algorithm>

namespace sockeye {

namespace {
constexpr int HexBytesPerLine = 32;
constexpr int DumpBytesPerLine = DisplayFormat::BytesPerLine;
constexpr int TextBytesPerLine = 128;
constexpr int PeerColumnChars = 23;
constexpr int FormatCacheLimit = 4000;
constexpr int TextStartsCacheLimit = 256;

// Splits a text payload into display lines: after every LF, and every TextBytesPerLine bytes
// (moved back so a UTF-8 sequence is not cut). Returns the start of each line.
QList<qsizetype> textLineStarts(const QByteArray &bytes, bool utf8)
{
    QList<qsizetype> starts{0};
    qsizetype lineStart = 0;
    const qsizetype n = bytes.size();
    while (lineStart < n) {
        const qsizetype limit = qMin(n, lineStart + TextBytesPerLine);
        const char *data = bytes.constData();
        const void *lf = memchr(data + lineStart, '\n', size_t(limit - lineStart));
        qsizetype next;
        if (lf) {
            next = static_cast<const char *>(lf) - data + 1;
        } else {
            next = limit;
            if (utf8 && next < n) {
                qsizetype back = next;
                while (back > lineStart + 1 && back > next - 3 &&
                       (static_cast<uchar>(data[back]) & 0xc0) == 0x80)
                    --back;
                if ((static_cast<uchar>(data[back]) & 0xc0) != 0x80)
                    next = back;
            }
        }
        if (next >= n)
            break;
        starts << next;
        lineStart = next;
    }
    return starts;
}

} // namespace

TrafficView::TrafficView(TrafficModel *model, QWidget *parent)
    : QAbstractScrollArea(parent)
    , m_model(model)
{
    Q_ASSERT(model);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setFocusPolicy(Qt::StrongFocus);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
    setToolTip(tr("Traffic: click, Shift+click and Ctrl+A select records; right-click to copy"));

    connect(model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { onRowsInserted(first, last); });
    connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this, [this] { ensureLineStarts(); });
    connect(model, &QAbstractItemModel::rowsRemoved, this,
            [this](const QModelIndex &, int first, int last) { onRowsRemoved(first, last); });
    connect(model, &QAbstractItemModel::modelReset, this, [this] { onReset(); });
    connect(model, &TrafficModel::pendingCountChanged, viewport(),
            [this] { viewport()->update(); });
    connect(model, &TrafficModel::pausedChanged, viewport(), [this] { viewport()->update(); });
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        if (!m_adjusting)
            setFollowing(value >= verticalScrollBar()->maximum());
        viewport()->update();
    });
    connect(horizontalScrollBar(), &QScrollBar::valueChanged, viewport(),
            [this] { viewport()->update(); });
    relayout();
    onReset();
}

void TrafficView::setMode(Mode mode)
{
    if (m_mode == mode)
        return;
    m_mode = mode;
    invalidateFormatCache();
}

void TrafficView::setEncoding(const QString &encoding)
{
    if (m_encoding == encoding)
        return;
    m_encoding = encoding;
    invalidateFormatCache();
}

void TrafficView::setShowTimestamps(bool show)
{
    if (m_showTimestamps == show)
        return;
    m_showTimestamps = show;
    updateScrollBars();
    viewport()->update();
}

void TrafficView::invalidateFormatCache()
{
    ++m_layoutVersion;
    if (m_layoutVersion == 0)
        m_layoutVersion = 1;
    clearFormatCaches();
    m_dirtyFrom = 0;
    updateScrollBars();
    if (m_follow)
        scrollToBottom();
    viewport()->update();
}

void TrafficView::relayout()
{
    const QFontMetrics fm(font());
    m_lineHeight = fm.lineSpacing();
    m_charWidth = qMax(1, fm.horizontalAdvance(QLatin1Char('0')));
    updateScrollBars();
}

void TrafficView::onReset()
{
    m_counts.assign(size_t(m_model->rowCount()), LineCount{});
    m_lineStarts.assign(size_t(m_model->rowCount()), 0);
    m_lineBase = 0;
    m_dirtyFrom = 0;
    clearFormatCaches();
    m_selected.clear();
    m_allSelected = false;
    m_anchorRow = m_currentRow = -1;
    updateScrollBars();
    if (m_follow)
        scrollToBottom();
    viewport()->update();
    emit selectionChanged();
}

void TrafficView::onRowsInserted(int first, int last)
{
    const auto count = size_t(last - first + 1);
    m_counts.insert(m_counts.begin() + first, count, LineCount{});
    m_lineStarts.insert(m_lineStarts.begin() + first, count, 0);
    m_dirtyFrom = qMin(m_dirtyFrom, first);
    if (m_currentRow >= first)
        m_currentRow += int(count);
    if (m_anchorRow >= first)
        m_anchorRow += int(count);
    updateScrollBars();
    if (m_follow)
        scrollToBottom();
    viewport()->update();
}

void TrafficView::onRowsRemoved(int first, int last)
{
    const int count = last - first + 1;
    const bool front = first == 0 && size_t(count) < m_counts.size() && m_dirtyFrom > last;
    qint64 removedLines = 0;
    if (front) {
        // Evicted from the front: keep the absolute line starts, move the base.
        m_lineBase = m_lineStarts[size_t(count)];
        removedLines = m_lineBase - m_lineStarts[0];
        m_dirtyFrom -= count;
    } else {
        m_dirtyFrom = qMin(m_dirtyFrom, first);
    }
    m_counts.erase(m_counts.begin() + first, m_counts.begin() + last + 1);
    m_lineStarts.erase(m_lineStarts.begin() + first, m_lineStarts.begin() + last + 1);
    if (m_counts.empty()) {
        m_lineBase = 0;
        m_dirtyFrom = 0;
    }
    const auto shift = [&](int &row) {
        if (row > last)
            row -= count;
        else if (row >= first)
            row = -1;
    };
    shift(m_currentRow);
    shift(m_anchorRow);
    if (m_lineCache.size() > FormatCacheLimit)
        clearFormatCaches();

    const int oldValue = verticalScrollBar()->value();
    updateScrollBars();
    if (m_follow) {
        scrollToBottom();
    } else if (removedLines > 0) {
        m_adjusting = true;
        verticalScrollBar()->setValue(int(qMax<qint64>(0, oldValue - removedLines)));
        m_adjusting = false;
    }
    viewport()->update();
}

int TrafficView::countLines(const TrafficRecord &record) const
{
    if (!record.isData())
        return 1;
    const qsizetype n = record.bytes.size();
    switch (m_mode) {
    case Mode::Hex:
        return int(qMax<qsizetype>(1, (n + HexBytesPerLine - 1) / HexBytesPerLine));
    case Mode::HexDump:
        return int(qMax<qsizetype>(1, (n + DumpBytesPerLine - 1) / DumpBytesPerLine));
    case Mode::Text:
        return int(textStarts(record).size());
    }
    return 1;
}

const QList<qsizetype> &TrafficView::textStarts(const TrafficRecord &record) const
{
    auto it = m_textStartsCache.find(record.sequence);
    if (it == m_textStartsCache.end()) {
        if (m_textStartsCache.size() > TextStartsCacheLimit)
            m_textStartsCache.clear();
        it = m_textStartsCache.insert(
            record.sequence, textLineStarts(record.bytes, m_encoding == QLatin1String("UTF-8")));
    }
    return *it;
}

QString TrafficView::formatLine(const TrafficRecord &record, int line) const
{
    if (!record.isData())
        return record.text;
    const QByteArray &bytes = record.bytes;
    if (bytes.isEmpty())
        return tr("(empty)");
    // Only the bytes of this one line are formatted: a record may be megabytes long.
    switch (m_mode) {
    case Mode::Hex: {
        const qsizetype at = qsizetype(line) * HexBytesPerLine;
        if (at >= bytes.size())
            return {};
        return DisplayFormat::hex(
            QByteArrayView(bytes).sliced(at, qMin<qsizetype>(HexBytesPerLine, bytes.size() - at)));
    }
    case Mode::HexDump:
        if (line >= DisplayFormat::hexDumpLineCount(bytes.size()))
            return {};
        return DisplayFormat::hexDumpLine(bytes, line);
    case Mode::Text: {
        const QList<qsizetype> &starts = textStarts(record);
        if (line >= starts.size())
            return {};
        const qsizetype end = line + 1 < starts.size() ? starts[line + 1] : bytes.size();
        return DisplayFormat::text(QByteArrayView(bytes).sliced(starts[line], end - starts[line]),
                                   m_encoding);
    }
    }
    return {};
}

QStringList TrafficView::formatRecord(const TrafficRecord &record) const
{
    QStringList lines;
    const int count = countLines(record);
    lines.reserve(count);
    for (int line = 0; line < count; ++line)
        lines << formatLine(record, line);
    return lines;
}

QStringList TrafficView::rowLines(int row)
{
    const TrafficRecord *record = m_model->recordAt(row);
    return record ? formatRecord(*record) : QStringList();
}

QString TrafficView::rowLine(int row, int line)
{
    const TrafficRecord *record = m_model->recordAt(row);
    if (!record)
        return {};
    const auto key = qMakePair(record->sequence, line);
    auto it = m_lineCache.constFind(key);
    if (it != m_lineCache.cend())
        return *it;
    if (m_lineCache.size() > FormatCacheLimit)
        m_lineCache.clear();
    const QString text = formatLine(*record, line);
    m_lineCache.insert(key, text);
    return text;
}

void TrafficView::clearFormatCaches()
{
    m_lineCache.clear();
    m_textStartsCache.clear();
}

int TrafficView::rowLineCount(int row)
{
    if (row < 0 || size_t(row) >= m_counts.size())
        return 0;
    LineCount &c = m_counts[size_t(row)];
    if (c.version != m_layoutVersion) {
        const TrafficRecord *record = m_model->recordAt(row);
        c.lines = record ? countLines(*record) : 1;
        c.version = m_layoutVersion;
    }
    return c.lines;
}

void TrafficView::ensureLineStarts()
{
    const int n = int(m_counts.size());
    if (m_dirtyFrom < n) {
        qint64 start = m_dirtyFrom == 0
                           ? m_lineBase
                           : m_lineStarts[size_t(m_dirtyFrom - 1)] + rowLineCount(m_dirtyFrom - 1);
        for (int row = m_dirtyFrom; row < n; ++row) {
            m_lineStarts[size_t(row)] = start;
            start += rowLineCount(row);
        }
        m_dirtyFrom = n;
    }
    m_totalLines = n == 0 ? 0 : m_lineStarts.back() + rowLineCount(n - 1) - m_lineBase;
}

qint64 TrafficView::lineCount()
{
    ensureLineStarts();
    return m_totalLines;
}

qint64 TrafficView::firstLineOf(int row)
{
    ensureLineStarts();
    if (row < 0 || size_t(row) >= m_lineStarts.size())
        return m_totalLines;
    return m_lineStarts[size_t(row)] - m_lineBase;
}

int TrafficView::rowAtLine(qint64 line)
{
    ensureLineStarts();
    if (m_lineStarts.empty())
        return -1;
    const qint64 absolute = line + m_lineBase;
    auto it = std::upper_bound(m_lineStarts.begin(), m_lineStarts.end(), absolute);
    if (it == m_lineStarts.begin())
        return 0;
    return int(it - m_lineStarts.begin()) - 1;
}

int TrafficView::prefixWidth() const
{
    int chars = 2 + PeerColumnChars + 1; // arrow, peer, gap
    if (m_showTimestamps)
        chars += 13;
    return chars * m_charWidth + 6;
}

int TrafficView::contentWidthChars() const
{
    switch (m_mode) {
    case Mode::Hex:
        return HexBytesPerLine * 3;
    case Mode::HexDump:
        return 8 + 2 + DumpBytesPerLine * 3 + 2 + DumpBytesPerLine + 2;
    case Mode::Text:
        return TextBytesPerLine + 16;
    }
    return 80;
}

void TrafficView::updateScrollBars()
{
    const qint64 total = lineCount();
    const int visible = qMax(1, viewport()->height() / qMax(1, m_lineHeight));
    m_adjusting = true;
    verticalScrollBar()->setPageStep(visible);
    verticalScrollBar()->setSingleStep(1);
    verticalScrollBar()->setRange(0, int(qMin<qint64>(INT_MAX, qMax<qint64>(0, total - visible))));
    const int contentWidth = prefixWidth() + contentWidthChars() * m_charWidth;
    horizontalScrollBar()->setPageStep(viewport()->width());
    horizontalScrollBar()->setSingleStep(m_charWidth * 4);
    horizontalScrollBar()->setRange(0, qMax(0, contentWidth - viewport()->width()));
    m_adjusting = false;
}

void TrafficView::setFollowing(bool follow)
{
    if (m_follow == follow)
        return;
    m_follow = follow;
    emit followingChanged(follow);
}

void TrafficView::scrollToBottom()
{
    m_adjusting = true;
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
    m_adjusting = false;
    setFollowing(true);
    viewport()->update();
}

void TrafficView::ensureRowVisible(int row)
{
    const qint64 first = firstLineOf(row);
    const int visible = verticalScrollBar()->pageStep();
    const int value = verticalScrollBar()->value();
    if (first < value)
        verticalScrollBar()->setValue(int(first));
    else if (first + rowLineCount(row) > value + visible)
        verticalScrollBar()->setValue(int(first + rowLineCount(row) - visible));
}

QString TrafficView::prefixText(const TrafficRecord &record) const
{
    QString text;
    if (m_showTimestamps) {
        text += QDateTime::fromMSecsSinceEpoch(record.timestampUs / 1000)
                    .toString(QStringLiteral("HH:mm:ss.zzz")) +
                QLatin1Char(' ');
    }
    switch (record.direction) {
    case Direction::Rx:
        text += QChar(0x25bc);
        break;
    case Direction::Tx:
        text += QChar(0x25b2);
        break;
    case Direction::None:
        text += QChar(0x2022);
        break;
    }
    text += QLatin1Char(' ');
    if (record.isData())
        text += m_model->peerLabel(record.session, record.peer);
    return text;
}

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
    ensureLineStarts();

    const int rows = m_model->rowCount();
    const int height = viewport()->height();
    const int xOffset = -horizontalScrollBar()->value();
    const qint64 firstLine = verticalScrollBar()->value();
    const int prefix = prefixWidth();
    const int ascent = QFontMetrics(font()).ascent();
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

    int row = rows > 0 ? rowAtLine(firstLine) : rows;
    qint64 y = (firstLineOf(row) - firstLine) * m_lineHeight;
    for (; row >= 0 && row < rows && y < height; ++row) {
        const int lineCount = rowLineCount(row);
        const TrafficRecord *record = m_model->recordAt(row);
        if (!record) {
            y += qint64(lineCount) * m_lineHeight;
            continue;
        }
        const bool selected = m_allSelected || m_selected.contains(record->sequence);
        const QRect rowRect(0, int(y), viewport()->width(), lineCount * m_lineHeight);
        if (selected)
            painter.fillRect(rowRect, pal.color(QPalette::Highlight));
        else if (row == m_currentRow)
            painter.fillRect(rowRect, pal.color(QPalette::AlternateBase));

        const QColor textColor =
            selected ? pal.color(QPalette::HighlightedText) : pal.color(QPalette::Text);
        QColor accent = record->direction == Direction::Rx   ? rx
                        : record->direction == Direction::Tx ? tx
                        : record->kind == RecordKind::Error  ? err
                                                             : ev;
        if (selected)
            accent = textColor;

        // Prefix columns: time (dim), arrow and peer (direction colour).
        int x = xOffset + 4;
        const int baseline = int(y) + ascent;
        if (m_showTimestamps) {
            painter.setPen(selected ? textColor : dim);
            painter.drawText(x, baseline,
                             QDateTime::fromMSecsSinceEpoch(record->timestampUs / 1000)
                                 .toString(QStringLiteral("HH:mm:ss.zzz")));
            x += 13 * m_charWidth;
        }
        painter.setPen(accent);
        const QChar arrow = record->direction == Direction::Rx   ? QChar(0x25bc)
                            : record->direction == Direction::Tx ? QChar(0x25b2)
                                                                 : QChar(0x2022);
        painter.drawText(x, baseline, QString(arrow));
        x += 2 * m_charWidth;
        if (record->isData()) {
            const QString peer = m_model->peerLabel(record->session, record->peer);
            painter.drawText(x, baseline,
                             QFontMetrics(font()).elidedText(peer, Qt::ElideMiddle,
                                                             PeerColumnChars * m_charWidth));
        }

        if (record->isData()) {
            painter.setPen(textColor);
        } else {
            QFont italic = font();
            italic.setItalic(true);
            painter.setFont(italic);
            painter.setPen(accent);
        }
        const int textX = record->isData() ? xOffset + prefix : x;
        // Only the lines of this record that are on screen.
        const int firstVisible = y < 0 ? int(-y / m_lineHeight) : 0;
        const int lastVisible = int(qMin<qint64>(lineCount - 1, (height - y) / m_lineHeight));
        for (int i = firstVisible; i <= lastVisible; ++i)
            painter.drawText(textX, baseline + i * m_lineHeight, rowLine(row, i));
        painter.setFont(font());
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
    if (m_model->isPaused()) {
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

void TrafficView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
    if (m_follow)
        scrollToBottom();
}

void TrafficView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange) {
        relayout();
        viewport()->update();
    } else if (event->type() == QEvent::PaletteChange) {
        viewport()->update();
    }
    QAbstractScrollArea::changeEvent(event);
}

int TrafficView::rowAt(const QPoint &pos)
{
    const qint64 line = verticalScrollBar()->value() + pos.y() / qMax(1, m_lineHeight);
    if (line >= lineCount())
        return -1;
    return rowAtLine(line);
}

bool TrafficView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int row = rowAt(help->pos());
        const TrafficRecord *record = m_model->recordAt(row);
        if (record) {
            const QString when = QDateTime::fromMSecsSinceEpoch(record->timestampUs / 1000)
                                     .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
            QString tip =
                record->isData()
                    ? tr("#%1 at %2\n%3 %4 bytes %5 %6")
                          .arg(record->sequence)
                          .arg(when)
                          .arg(record->direction == Direction::Rx ? tr("Received") : tr("Sent"))
                          .arg(record->bytes.size())
                          .arg(record->direction == Direction::Rx ? tr("from") : tr("to"))
                          .arg(m_model->peerLabel(record->session, record->peer))
                    : tr("#%1 at %2\n%3").arg(record->sequence).arg(when, record->text);
            QToolTip::showText(help->globalPos(), tip, viewport());
            return true;
        }
    }
    return QAbstractScrollArea::viewportEvent(event);
}

QList<int> TrafficView::selectedRows() const
{
    QList<int> rows;
    if (m_allSelected) {
        rows.reserve(m_model->rowCount());
        for (int i = 0; i < m_model->rowCount(); ++i)
            rows << i;
        return rows;
    }
    for (quint64 sequence : m_selected) {
        const int row = m_model->rowOfSequence(sequence);
        if (row >= 0)
            rows << row;
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

void TrafficView::selectRow(int row, Qt::KeyboardModifiers modifiers)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    if (m_allSelected) {
        // Materialise "all" before editing it.
        m_allSelected = false;
        for (int i = 0; i < m_model->rowCount(); ++i)
            m_selected.insert(m_model->sequenceAt(i));
    }
    const quint64 sequence = m_model->sequenceAt(row);
    if (modifiers & Qt::ShiftModifier && m_anchorRow >= 0) {
        if (!(modifiers & Qt::ControlModifier))
            m_selected.clear();
        const int from = qMin(m_anchorRow, row);
        const int to = qMax(m_anchorRow, row);
        for (int i = from; i <= to; ++i)
            m_selected.insert(m_model->sequenceAt(i));
    } else if (modifiers & Qt::ControlModifier) {
        if (m_selected.contains(sequence))
            m_selected.remove(sequence);
        else
            m_selected.insert(sequence);
        m_anchorRow = row;
    } else {
        m_selected = {sequence};
        m_anchorRow = row;
    }
    m_currentRow = row;
    ensureRowVisible(row);
    viewport()->update();
    emit selectionChanged();
}

void TrafficView::selectAll()
{
    m_allSelected = true;
    viewport()->update();
    emit selectionChanged();
}

void TrafficView::clearSelection()
{
    m_allSelected = false;
    m_selected.clear();
    viewport()->update();
    emit selectionChanged();
}

QString TrafficView::selectionAsText() const
{
    auto *self = const_cast<TrafficView *>(this);
    QStringList out;
    for (int row : selectedRows()) {
        const TrafficRecord *record = m_model->recordAt(row);
        if (!record)
            continue;
        const QStringList lines = self->rowLines(row);
        const QString prefix = prefixText(*record);
        for (int i = 0; i < lines.size(); ++i) {
            const QString lead = i == 0 ? prefix : QString(prefix.size(), QLatin1Char(' '));
            out << lead + QLatin1Char(' ') + lines[i];
        }
    }
    return out.join(QLatin1Char('\n'));
}

QString TrafficView::selectionAsHex() const
{
    QStringList out;
    for (int row : selectedRows()) {
        const TrafficRecord *record = m_model->recordAt(row);
        if (record && record->isData())
            out << DisplayFormat::hex(record->bytes);
    }
    return out.join(QLatin1Char('\n'));
}

void TrafficView::copySelectionAsText()
{
    QApplication::clipboard()->setText(selectionAsText());
}

void TrafficView::copySelectionAsHex()
{
    QApplication::clipboard()->setText(selectionAsHex());
}

int TrafficView::find(const QString &needle, bool hex, bool backwards, QString *error)
{
    if (needle.isEmpty())
        return -1;
    QByteArray bytes;
    if (hex) {
        const EncodeResult parsed = HexCodec::parse(needle);
        if (!parsed.ok()) {
            if (error)
                *error = parsed.error.message;
            return -1;
        }
        bytes = parsed.bytes;
        if (bytes.isEmpty())
            return -1;
    }
    const int rows = m_model->rowCount();
    if (rows == 0)
        return -1;
    int row = m_currentRow;
    for (int step = 0; step < rows; ++step) {
        row = backwards ? (row <= 0 ? rows - 1 : row - 1) : (row + 1 >= rows ? 0 : row + 1);
        const TrafficRecord *record = m_model->recordAt(row);
        if (!record)
            continue;
        bool hit = false;
        if (!record->isData())
            hit = !hex && record->text.contains(needle, Qt::CaseInsensitive);
        else if (hex)
            hit = record->bytes.contains(bytes);
        else
            hit =
                TextCodec::decode(record->bytes, m_encoding).contains(needle, Qt::CaseInsensitive);
        if (hit) {
            setFollowing(false);
            selectRow(row);
            return row;
        }
    }
    return -1;
}

void TrafficView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton || event->button() == Qt::RightButton) {
        const int row = rowAt(event->position().toPoint());
        if (row >= 0) {
            const bool keepForMenu =
                event->button() == Qt::RightButton &&
                (m_allSelected || m_selected.contains(m_model->sequenceAt(row)));
            if (!keepForMenu)
                selectRow(row, event->modifiers());
        } else if (event->button() == Qt::LeftButton) {
            clearSelection();
        }
    }
    QAbstractScrollArea::mousePressEvent(event);
}

void TrafficView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::SelectAll)) {
        selectAll();
        return;
    }
    if (event->matches(QKeySequence::Copy)) {
        copySelectionAsText();
        return;
    }
    if (event->key() == Qt::Key_C &&
        event->modifiers() == (Qt::ControlModifier | Qt::ShiftModifier)) {
        copySelectionAsHex();
        return;
    }
    const int rows = m_model->rowCount();
    switch (event->key()) {
    case Qt::Key_Up:
        if (rows > 0) {
            selectRow(qMax(0, m_currentRow < 0 ? rows - 1 : m_currentRow - 1), event->modifiers());
        }
        return;
    case Qt::Key_Down:
        if (rows > 0)
            selectRow(qMin(rows - 1, m_currentRow + 1), event->modifiers());
        return;
    case Qt::Key_End:
        scrollToBottom();
        return;
    case Qt::Key_Home:
        verticalScrollBar()->setValue(0);
        return;
    case Qt::Key_Escape:
        clearSelection();
        return;
    default:
        break;
    }
    QAbstractScrollArea::keyPressEvent(event);
}

void TrafficView::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    const bool any = m_allSelected || !m_selected.isEmpty();
    QAction *copyText = menu.addAction(tr("Copy as text"), this, [this] { copySelectionAsText(); });
    copyText->setShortcut(QKeySequence::Copy);
    copyText->setEnabled(any);
    QAction *copyHex = menu.addAction(tr("Copy as hex"), this, [this] { copySelectionAsHex(); });
    copyHex->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    copyHex->setEnabled(any);
    menu.addSeparator();
    QAction *all = menu.addAction(tr("Select all"), this, [this] { selectAll(); });
    all->setShortcut(QKeySequence::SelectAll);
    menu.exec(event->globalPos());
}

} // namespace sockeye
