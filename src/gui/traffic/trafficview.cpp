#include "traffic/trafficview.h"

#include "models/trafficmodel.h"
#include "payload/hexcodec.h"
#include "payload/textcodec.h"
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
#include <QtMath>

namespace sockeye {

TrafficView::TrafficView(TrafficModel *model, QWidget *parent)
    : QAbstractScrollArea(parent)
    , m_model(model)
    , m_layout([this](int row, int previousCarry) { return layoutRow(row, previousCarry); })
    , m_selection(model)
{
    Q_ASSERT(model);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setFocusPolicy(Qt::StrongFocus);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
    setToolTip(tr("Traffic: click, Shift+click and Ctrl+A select records; right-click to copy"));
    installAccessibility();

    connect(model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { onRowsInserted(first, last); });
    connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this] { m_layout.aboutToRemoveRows(); });
    connect(model, &QAbstractItemModel::rowsRemoved, this,
            [this](const QModelIndex &, int first, int last) { onRowsRemoved(first, last); });
    connect(model, &QAbstractItemModel::modelReset, this, [this] { onReset(); });
    connect(model, &TrafficModel::pendingCountChanged, viewport(),
            [this] { viewport()->update(); });
    connect(model, &TrafficModel::pausedChanged, viewport(), [this] { viewport()->update(); });
    connect(model, &TrafficModel::displayingChanged, viewport(), [this] { viewport()->update(); });
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
    if (m_formatter.setMode(mode))
        onFormatChanged();
}

void TrafficView::setEncoding(const QString &encoding)
{
    if (m_formatter.setEncoding(encoding))
        onFormatChanged();
}

void TrafficView::setShowTimestamps(bool show)
{
    if (!m_formatter.setShowTimestamps(show))
        return;
    updateScrollBars();
    viewport()->update();
}

void TrafficView::setFramed(bool framed)
{
    if (m_framed == framed)
        return;
    m_framed = framed;
    if (mode() == Mode::Stream)
        onFormatChanged();
}

LineLayout::RowLayout TrafficView::layoutRow(int row, int previousCarry) const
{
    const TrafficRecord *record = m_model->recordAt(row);
    if (!record)
        return {};
    if (mode() != Mode::Stream)
        return {m_formatter.countLines(*record), 0, 0};
    return StreamLines::layoutRow(m_model->recordAt(row - 1), *record, previousCarry,
                                  encoding() == QLatin1String("UTF-8"), m_framed);
}

StreamLines::Line TrafficView::streamLine(int row, int line)
{
    return m_stream.line(
        row, line, [this](int r) { return m_model->recordAt(r); },
        [this](int r) { return m_layout.carryIn(r); }, m_model->rowCount(), encoding());
}

void TrafficView::onFormatChanged()
{
    m_stream.clearCache();
    m_layout.invalidate();
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
    m_charAdvance = QFontMetricsF(font()).horizontalAdvance(QLatin1Char('0'));
    updateScrollBars();
}

void TrafficView::onReset()
{
    m_layout.reset(m_model->rowCount());
    m_formatter.clearCaches();
    m_stream.clearCache();
    m_selection.reset();
    updateScrollBars();
    if (m_follow)
        scrollToBottom();
    viewport()->update();
    emit selectionChanged();
}

void TrafficView::onRowsInserted(int first, int last)
{
    const int count = last - first + 1;
    m_layout.insertRows(first, count);
    m_selection.rowsInserted(first, count);
    updateScrollBars();
    if (m_follow)
        scrollToBottom();
    viewport()->update();
}

void TrafficView::onRowsRemoved(int first, int last)
{
    const qint64 removedLines = m_layout.removeRows(first, last);
    m_selection.rowsRemoved(first, last);
    m_formatter.trimCaches(); // removed rows' lines stay cached until the cache is full

    const int oldValue = verticalScrollBar()->value();
    updateScrollBars();
    if (m_follow) {
        scrollToBottom();
    } else if (removedLines > 0) {
        // Stay on the same rows while older ones leave above.
        m_adjusting = true;
        verticalScrollBar()->setValue(int(qMax<qint64>(0, oldValue - removedLines)));
        m_adjusting = false;
    }
    viewport()->update();
}

QStringList TrafficView::rowLines(int row)
{
    if (mode() == Mode::Stream) {
        QStringList lines;
        for (int i = 0; i < rowLineCount(row); ++i)
            lines << streamLine(row, i).text;
        return lines;
    }
    const TrafficRecord *record = m_model->recordAt(row);
    return record ? m_formatter.formatRecord(*record) : QStringList();
}

QString TrafficView::rowLine(int row, int line)
{
    const TrafficRecord *record = m_model->recordAt(row);
    return record ? m_formatter.cachedLine(*record, line) : QString();
}

int TrafficView::rowLineCount(int row)
{
    return m_layout.rowLineCount(row);
}

qint64 TrafficView::lineCount()
{
    return m_layout.lineCount();
}

int TrafficView::prefixWidth() const
{
    return (m_formatter.prefixChars() - LineFormatter::PeerColumnChars) * m_charWidth +
           peerColumnWidth() + 6;
}

int TrafficView::linesWidth() const
{
    // By the font's fractional advance: a 78-character dump row is 570 px where 78 whole
    // pixels-per-character would say 546, and its last column would be cut.
    return qCeil(m_formatter.lineChars() * m_charAdvance);
}

int TrafficView::peerColumnWidth() const
{
    const int full = LineFormatter::PeerColumnChars * m_charWidth;
    if (mode() != Mode::Hex && mode() != Mode::HexDump)
        return full;
    // The bytes come first: in a narrow view the hex (dump) lines keep their width and the
    // peer column gets what they leave, down to a few characters (the label elided in the
    // middle, its port kept), so a 16-byte dump row fits without scrolling.
    const int others = (m_formatter.prefixChars() - LineFormatter::PeerColumnChars) * m_charWidth +
                       6 + linesWidth();
    return qBound(MinPeerColumnChars * m_charWidth, viewport()->width() - others, full);
}

void TrafficView::updateScrollBars()
{
    const qint64 total = lineCount();
    const int visible = qMax(1, viewport()->height() / qMax(1, m_lineHeight));
    m_adjusting = true;
    verticalScrollBar()->setPageStep(visible);
    verticalScrollBar()->setSingleStep(1);
    verticalScrollBar()->setRange(0, int(qMin<qint64>(INT_MAX, qMax<qint64>(0, total - visible))));
    const int contentWidth = prefixWidth() + linesWidth();
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
    const qint64 first = m_layout.firstLineOf(row);
    const int visible = verticalScrollBar()->pageStep();
    const int value = verticalScrollBar()->value();
    if (first < value)
        verticalScrollBar()->setValue(int(first));
    else if (first + rowLineCount(row) > value + visible)
        verticalScrollBar()->setValue(int(first + rowLineCount(row) - visible));
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
    if (line >= m_layout.lineCount())
        return -1;
    return m_layout.rowAtLine(line);
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
    return m_selection.rows();
}

void TrafficView::selectRow(int row, Qt::KeyboardModifiers modifiers)
{
    if (!m_selection.select(row, modifiers))
        return;
    ensureRowVisible(row);
    viewport()->update();
    emit selectionChanged();
}

void TrafficView::selectAll()
{
    m_selection.selectAll();
    viewport()->update();
    emit selectionChanged();
}

void TrafficView::clearSelection()
{
    m_selection.clear();
    viewport()->update();
    emit selectionChanged();
}

QString TrafficView::selectionAsText() const
{
    QStringList out;
    for (int row : selectedRows()) {
        const TrafficRecord *record = m_model->recordAt(row);
        if (!record)
            continue;
        const QStringList lines = m_formatter.formatRecord(*record);
        const QString prefix =
            m_formatter.prefixText(*record, m_model->peerLabel(record->session, record->peer));
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
    int row = m_selection.currentRow();
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
            hit = TextCodec::decode(record->bytes, m_formatter.encoding())
                      .contains(needle, Qt::CaseInsensitive);
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
            const bool keepForMenu = event->button() == Qt::RightButton &&
                                     m_selection.contains(m_model->sequenceAt(row));
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
    const int current = m_selection.currentRow();
    switch (event->key()) {
    case Qt::Key_Up:
        if (rows > 0)
            selectRow(qMax(0, current < 0 ? rows - 1 : current - 1), event->modifiers());
        return;
    case Qt::Key_Down:
        if (rows > 0)
            selectRow(qMin(rows - 1, current + 1), event->modifiers());
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
    const bool any = !m_selection.isEmpty();
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
