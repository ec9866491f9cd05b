#include "connectionlistmodel.h"

#include "session/session.h"

#include <QDateTime>
#include <QTimer>

namespace sockeye {

ConnectionListModel::ConnectionListModel(Session *session, QObject *parent)
    : QAbstractTableModel(parent)
    , m_session(session)
    , m_timer(new QTimer(this))
    , m_batchTimer(new QTimer(this))
    , m_rttTimer(new QTimer(this))
{
    connect(m_rttTimer, &QTimer::timeout, this, [this] { refreshRoundTrips(); });
    Q_ASSERT(session);
    m_batchTimer->setSingleShot(true);
    m_batchTimer->setInterval(BatchMs);
    connect(m_batchTimer, &QTimer::timeout, this, [this] { applyBatch(); });
    connect(session, &Session::peerAdded, this, [this](const Peer &peer) { addPeer(peer); });
    connect(session, &Session::peerRemoved, this, [this](PeerId id) { removePeer(id); });
    connect(m_timer, &QTimer::timeout, this, [this] { refresh(); });
    reload();
    setRefreshInterval(DefaultRefreshMs);
}

void ConnectionListModel::reload()
{
    beginResetModel();
    m_rows.clear();
    m_pendingAdds.clear();
    m_pendingRemovals.clear();
    const qint64 now = nowUs();
    for (const Peer &peer : m_session->peers()) {
        Row row;
        row.peer = peer;
        readCounters(row, now);
        m_rows << row;
    }
    endResetModel();
}

void ConnectionListModel::setRefreshInterval(int ms)
{
    if (ms <= 0) {
        m_timer->stop();
        m_rttTimer->stop();
        return;
    }
    m_timer->start(ms);
    m_rttTimer->start(ms * RttRefreshFactor);
}

bool ConnectionListModel::readCounters(Row &row, qint64 now) const
{
    const TrafficCounters c = m_session->peerCounters(row.peer.id);
    const double rateIn = c.rateIn.rate(now);
    const double rateOut = c.rateOut.rate(now);
    const bool changed = row.bytesIn != c.bytesIn || row.bytesOut != c.bytesOut ||
                         row.framesIn != c.framesIn || row.framesOut != c.framesOut ||
                         !qFuzzyCompare(1.0 + row.rateIn, 1.0 + rateIn) ||
                         !qFuzzyCompare(1.0 + row.rateOut, 1.0 + rateOut);
    row.bytesIn = c.bytesIn;
    row.bytesOut = c.bytesOut;
    row.framesIn = c.framesIn;
    row.framesOut = c.framesOut;
    row.rateIn = rateIn;
    row.rateOut = rateOut;
    return changed;
}

void ConnectionListModel::refresh()
{
    const qint64 now = nowUs();
    int first = -1;
    int last = -1;
    for (int i = 0; i < m_rows.size(); ++i) {
        // A peer that left keeps the figures it left with until its row goes: the log has
        // forgotten its counters.
        if (m_pendingRemovals.contains(m_rows[i].peer.id))
            continue;
        if (readCounters(m_rows[i], now)) {
            if (first < 0)
                first = i;
            last = i;
        }
    }
    if (first >= 0)
        emit dataChanged(index(first, BytesInColumn), index(last, RttColumn));
}

void ConnectionListModel::refreshRoundTrips()
{
    // The round-trip time also changes after the traffic (the acknowledgements of the last
    // send); a view re-reads only the cells it shows.
    if (!m_rows.isEmpty() && m_session->kind() != SessionKind::Udp)
        emit dataChanged(index(0, RttColumn), index(int(m_rows.size()) - 1, RttColumn));
}

void ConnectionListModel::addPeer(const Peer &peer)
{
    m_pendingAdds << peer;
    scheduleBatch();
}

void ConnectionListModel::removePeer(PeerId id)
{
    for (qsizetype i = 0; i < m_pendingAdds.size(); ++i) {
        if (m_pendingAdds.at(i).id == id) {
            m_pendingAdds.removeAt(i); // came and went within one batch: never shown
            return;
        }
    }
    m_pendingRemovals.insert(id);
    scheduleBatch();
}

void ConnectionListModel::scheduleBatch()
{
    if (!m_batchTimer->isActive())
        m_batchTimer->start();
}

void ConnectionListModel::applyBatch()
{
    // Peers come and go in bursts (thousands of clients at once): one signal per run of rows,
    // not one per peer, keeps views (and their headers) from doing quadratic work.
    if (!m_pendingRemovals.isEmpty()) {
        QList<int> rows;
        int runs = 0;
        for (int i = 0; i < m_rows.size(); ++i) {
            if (m_pendingRemovals.contains(m_rows.at(i).peer.id)) {
                if (rows.isEmpty() || rows.constLast() != i - 1)
                    ++runs;
                rows << i;
            }
        }
        m_pendingRemovals.clear();
        if (runs > MaxRemovalRuns)
            removeScattered(rows);
        else
            removeRuns(rows);
    }
    if (!m_pendingAdds.isEmpty()) {
        const qint64 now = nowUs();
        const int at = int(m_rows.size());
        beginInsertRows({}, at, at + int(m_pendingAdds.size()) - 1);
        for (const Peer &peer : std::as_const(m_pendingAdds)) {
            Row row;
            row.peer = peer;
            readCounters(row, now);
            m_rows << row;
        }
        m_pendingAdds.clear();
        endInsertRows();
    }
}

void ConnectionListModel::removeRuns(const QList<int> &rows)
{
    // From the end, a contiguous run at a time.
    for (qsizetype i = rows.size() - 1; i >= 0;) {
        qsizetype first = i;
        while (first > 0 && rows.at(first - 1) == rows.at(first) - 1)
            --first;
        beginRemoveRows({}, rows.at(first), rows.at(i));
        m_rows.remove(rows.at(first), rows.at(i) - rows.at(first) + 1);
        endRemoveRows();
        i = first - 1;
    }
}

void ConnectionListModel::removeScattered(const QList<int> &rows)
{
    // Clients leave in the order the event loop sees their sockets, not in the list's order:
    // thousands of one-row runs, each costing the view a pass over every row. Instead the
    // leaving rows move to the end in one layout change (persistent indexes follow, so the
    // view keeps its selection and current row) and go as one run.
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const qsizetype count = m_rows.size();
    QList<int> newRow(count);
    QList<Row> reordered;
    reordered.reserve(count);
    qsizetype next = 0; // the next leaving row, an index into rows
    for (qsizetype i = 0; i < count; ++i) {
        if (next < rows.size() && rows.at(next) == i) {
            ++next;
            continue;
        }
        newRow[i] = int(reordered.size());
        reordered << std::move(m_rows[i]);
    }
    const int staying = int(reordered.size());
    for (int i = 0; i < rows.size(); ++i) {
        newRow[rows.at(i)] = staying + i;
        reordered << std::move(m_rows[rows.at(i)]);
    }
    m_rows = std::move(reordered);
    const QModelIndexList from = persistentIndexList();
    QModelIndexList to;
    to.reserve(from.size());
    for (const QModelIndex &index : from)
        to << createIndex(newRow.at(index.row()), index.column());
    changePersistentIndexList(from, to);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);

    beginRemoveRows({}, staying, int(count) - 1);
    m_rows.resize(staying);
    endRemoveRows();
}

int ConnectionListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConnectionListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

PeerId ConnectionListModel::peerAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].peer.id : NoPeer;
}

int ConnectionListModel::rowOf(PeerId id) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].peer.id == id)
            return i;
    }
    return -1;
}

QString ConnectionListModel::formatBytes(qint64 bytes)
{
    static const char *const units[] = {QT_TR_NOOP("B"), QT_TR_NOOP("KiB"), QT_TR_NOOP("MiB"),
                                        QT_TR_NOOP("GiB"), QT_TR_NOOP("TiB")};
    if (bytes < 1024)
        return tr("%1 B").arg(bytes);
    double value = double(bytes);
    int unit = 0;
    while (value >= 1024.0 && unit < 4) {
        value /= 1024.0;
        ++unit;
    }
    return QStringLiteral("%1 %2").arg(value, 0, 'f', value < 10 ? 2 : 1).arg(tr(units[unit]));
}

QString ConnectionListModel::formatBytesInFrames(qint64 bytes, quint64 frames)
{
    return frames == 1 ? tr("%1 in 1 frame").arg(formatBytes(bytes))
                       : tr("%1 in %2 frames").arg(formatBytes(bytes)).arg(frames);
}

QString ConnectionListModel::formatRate(double bytesPerSecond)
{
    return tr("%1/s").arg(formatBytes(qint64(bytesPerSecond + 0.5)));
}

QVariant ConnectionListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[index.row()];
    const auto rttMs = [this, &row]() -> QVariant {
        const auto stats = m_session->tcpStats(row.peer.id);
        return stats ? QVariant(stats->rttMs) : QVariant();
    };
    switch (role) {
    case RttRole:
        return rttMs();
    case PeerIdRole:
        return row.peer.id;
    case PeerLabelRole:
        return row.peer.label();
    case ConnectedSinceRole:
        return QDateTime::fromMSecsSinceEpoch(row.peer.connectedSinceUs / 1000);
    case BytesInRole:
        return row.bytesIn;
    case BytesOutRole:
        return row.bytesOut;
    case FramesInRole:
        return row.framesIn;
    case FramesOutRole:
        return row.framesOut;
    case RateInRole:
        return row.rateIn;
    case RateOutRole:
        return row.rateOut;
    case SortRole:
        switch (index.column()) {
        case PeerColumn:
            return row.peer.label();
        case SinceColumn:
            return row.peer.connectedSinceUs;
        case BytesInColumn:
            return row.bytesIn;
        case BytesOutColumn:
            return row.bytesOut;
        case FramesInColumn:
            return row.framesIn;
        case FramesOutColumn:
            return row.framesOut;
        case RateInColumn:
            return row.rateIn;
        case RateOutColumn:
            return row.rateOut;
        case RttColumn:
            return rttMs();
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() >= BytesInColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == SinceColumn) {
            return QDateTime::fromMSecsSinceEpoch(row.peer.connectedSinceUs / 1000)
                .toString(Qt::ISODateWithMs);
        }
        if (index.column() == RttColumn)
            return tr("The kernel's smoothed round-trip time of this connection (TCP_INFO)");
        if (index.column() == BytesInColumn || index.column() == BytesOutColumn) {
            return tr("%1 bytes").arg(index.column() == BytesInColumn ? row.bytesIn : row.bytesOut);
        }
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case PeerColumn:
            return row.peer.label();
        case SinceColumn:
            return QDateTime::fromMSecsSinceEpoch(row.peer.connectedSinceUs / 1000)
                .toString(QStringLiteral("HH:mm:ss"));
        case BytesInColumn:
            return formatBytes(row.bytesIn);
        case BytesOutColumn:
            return formatBytes(row.bytesOut);
        case FramesInColumn:
            return QString::number(row.framesIn);
        case FramesOutColumn:
            return QString::number(row.framesOut);
        case RateInColumn:
            return formatRate(row.rateIn);
        case RateOutColumn:
            return formatRate(row.rateOut);
        case RttColumn: {
            const QVariant ms = rttMs();
            return ms.isValid() ? TcpStats::formatRtt(ms.toDouble()) : QString();
        }
        }
        return {};
    default:
        return {};
    }
}

QVariant ConnectionListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case PeerColumn:
        return tr("Peer");
    case SinceColumn:
        return tr("Since");
    case BytesInColumn:
        return tr("Bytes in");
    case BytesOutColumn:
        return tr("Bytes out");
    case FramesInColumn:
        return tr("Frames in");
    case FramesOutColumn:
        return tr("Frames out");
    case RateInColumn:
        return tr("Rate in");
    case RateOutColumn:
        return tr("Rate out");
    case RttColumn:
        return tr("RTT");
    }
    return {};
}

QHash<int, QByteArray> ConnectionListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(PeerIdRole, "peerId");
    names.insert(PeerLabelRole, "peerLabel");
    names.insert(ConnectedSinceRole, "connectedSince");
    names.insert(BytesInRole, "bytesIn");
    names.insert(BytesOutRole, "bytesOut");
    names.insert(FramesInRole, "framesIn");
    names.insert(FramesOutRole, "framesOut");
    names.insert(RateInRole, "rateIn");
    names.insert(RateOutRole, "rateOut");
    names.insert(RttRole, "rtt");
    names.insert(SortRole, "sortKey");
    return names;
}

} // namespace sockeye
