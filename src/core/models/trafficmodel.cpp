#include "trafficmodel.h"

#include "session/session.h"
#include "traffic/trafficlog.h"

#include <QDateTime>
#include <QTimer>

#include <algorithm>

namespace sockeye {

namespace {
// A short, printable rendering for generic views (the traffic view formats on its own).
QString summary(const QByteArray &bytes)
{
    constexpr int MaxChars = 200;
    QString text;
    text.reserve(qMin<qsizetype>(bytes.size(), MaxChars));
    for (qsizetype i = 0; i < bytes.size() && i < MaxChars; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        text += (c >= 0x20 && c < 0x7f) ? QChar(char16_t(c)) : QChar(u'.');
    }
    if (bytes.size() > MaxChars)
        text += QChar(0x2026);
    return text;
}
} // namespace

TrafficModel::TrafficModel(TrafficLog *log, QObject *parent)
    : QAbstractListModel(parent)
    , m_log(log)
    , m_flushTimer(new QTimer(this))
{
    Q_ASSERT(log);
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(m_flushIntervalMs);
    connect(m_flushTimer, &QTimer::timeout, this, [this] { flush(); });
    connect(log, &TrafficLog::recordAppended, this,
            [this](const TrafficRecord &record) { onAppended(record); });
    connect(log, &TrafficLog::recordsEvicted, this, [this] {
        while (!m_departed.empty() && m_departed.front().first <= m_log->firstSequence()) {
            m_peerLabels.remove(m_departed.front().second);
            m_departed.pop_front();
        }
        m_evictionPending = true;
        scheduleFlush();
    });
    connect(log, &TrafficLog::cleared, this, [this] { onLogCleared(); });
    connect(log, &TrafficLog::sessionCleared, this, [this](SessionId session) {
        // Our own clear() already emptied the rows; a view of every session loses some.
        if (m_sessionFilter == 0 || m_sessionFilter == session)
            rebuild();
    });
    rebuild();
}

void TrafficModel::setSession(Session *session)
{
    if (m_peerConnection)
        disconnect(m_peerConnection);
    if (m_peerGoneConnection)
        disconnect(m_peerGoneConnection);
    m_session = session;
    m_sessionFilter = session ? session->id() : 0;
    if (session) {
        for (const Peer &peer : session->peers())
            setPeerLabel(session->id(), peer.id, peer.label());
        const SessionId id = session->id();
        m_peerConnection =
            connect(session, &Session::peerAdded, this,
                    [this, id](const Peer &peer) { setPeerLabel(id, peer.id, peer.label()); });
        m_peerGoneConnection =
            connect(session, &Session::peerRemoved, this, [this, id](PeerId peer) {
                m_departed.emplace_back(m_log->nextSequence(), PeerKey{id, peer});
            });
    }
    rebuild();
}

Session *TrafficModel::session() const
{
    return m_session.data();
}

void TrafficModel::setSessionFilter(SessionId session)
{
    if (m_peerConnection)
        disconnect(m_peerConnection);
    m_session = nullptr;
    m_sessionFilter = session;
    m_peerFilter = NoPeer;
    rebuild();
}

void TrafficModel::setPeerLabel(SessionId session, PeerId peer, const QString &label)
{
    m_peerLabels.insert(PeerKey{session, peer}, label);
}

QString TrafficModel::peerLabel(SessionId session, PeerId peer) const
{
    if (peer == NoPeer)
        return {};
    return m_peerLabels.value(PeerKey{session, peer}, tr("peer %1").arg(peer));
}

void TrafficModel::setPeerFilter(PeerId peer)
{
    if (m_peerFilter == peer)
        return;
    m_peerFilter = peer;
    rebuild();
}

void TrafficModel::setDirectionFilter(DirectionFilter filter)
{
    if (m_directionFilter == filter)
        return;
    m_directionFilter = filter;
    rebuild();
}

void TrafficModel::setShowEvents(bool show)
{
    if (m_showEvents == show)
        return;
    m_showEvents = show;
    rebuild();
}

void TrafficModel::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    emit pausedChanged(paused);
    if (!paused)
        flush();
}

void TrafficModel::setDisplaying(bool displaying)
{
    if (m_displaying == displaying)
        return;
    if (!displaying)
        flush(); // what came before shows
    m_displaying = displaying;
    emit displayingChanged(displaying);
}

void TrafficModel::setFlushInterval(int ms)
{
    m_flushIntervalMs = qMax(0, ms);
    m_flushTimer->setInterval(m_flushIntervalMs);
}

bool TrafficModel::accepts(const TrafficRecord &record) const
{
    if (record.sequence < m_hiddenBefore)
        return false;
    if (m_sessionFilter != 0 && record.session != m_sessionFilter)
        return false;
    if (!record.isData())
        return m_showEvents &&
               (m_peerFilter == NoPeer || record.peer == NoPeer || record.peer == m_peerFilter);
    if (m_peerFilter != NoPeer && record.peer != m_peerFilter)
        return false;
    switch (m_directionFilter) {
    case DirectionFilter::Both:
        return true;
    case DirectionFilter::ReceivedOnly:
        return record.direction == Direction::Rx;
    case DirectionFilter::SentOnly:
        return record.direction == Direction::Tx;
    }
    return true;
}

void TrafficModel::onAppended(const TrafficRecord &record)
{
    if (!m_displaying || !accepts(record))
        return;
    m_pending.push_back(record.sequence);
    if (m_paused)
        emit pendingCountChanged(pendingCount());
    else
        scheduleFlush();
}

void TrafficModel::scheduleFlush()
{
    if (!m_flushTimer->isActive())
        m_flushTimer->start();
}

void TrafficModel::removeEvicted()
{
    m_evictionPending = false;
    const quint64 first = m_log->firstSequence();
    // Pending records the log already dropped never become rows.
    const auto keep =
        std::find_if(m_pending.begin(), m_pending.end(), [first](quint64 s) { return s >= first; });
    const bool pendingDropped = keep != m_pending.begin();
    m_pending.erase(m_pending.begin(), keep);

    const auto firstKept = std::lower_bound(m_rows.begin(), m_rows.end(), first);
    const auto count = qsizetype(firstKept - m_rows.begin());
    if (count > 0) {
        beginRemoveRows({}, 0, int(count) - 1);
        m_rows.erase(m_rows.begin(), firstKept);
        endRemoveRows();
        m_evictedRows += quint64(count);
        emit rowsEvicted(count, m_evictedRows);
    }
    if (pendingDropped)
        emit pendingCountChanged(pendingCount());
}

void TrafficModel::flush()
{
    m_flushTimer->stop();
    if (m_evictionPending)
        removeEvicted();
    if (m_paused || m_pending.empty())
        return;
    const int first = int(m_rows.size());
    const int last = first + int(m_pending.size()) - 1;
    beginInsertRows({}, first, last);
    m_rows.insert(m_rows.end(), m_pending.begin(), m_pending.end());
    m_pending.clear();
    endInsertRows();
    emit pendingCountChanged(0);
}

void TrafficModel::clear()
{
    // Clearing frees the records too (recording to a file keeps them): the log drops this
    // session's, or everything when the view shows every session.
    if (m_sessionFilter != 0)
        m_log->clearSession(m_sessionFilter);
    else
        m_log->clear();
    m_hiddenBefore = m_log->nextSequence();
    const bool hadPending = !m_pending.empty();
    m_pending.clear();
    m_evictedRows = 0;
    if (!m_rows.empty()) {
        beginRemoveRows({}, 0, int(m_rows.size()) - 1);
        m_rows.clear();
        endRemoveRows();
    }
    if (hadPending)
        emit pendingCountChanged(0);
}

void TrafficModel::onLogCleared()
{
    beginResetModel();
    m_rows.clear();
    m_pending.clear();
    m_evictionPending = false;
    endResetModel();
    emit pendingCountChanged(0);
}

void TrafficModel::rebuild()
{
    // A filter change is a user action, not traffic: one reset is the honest signal here.
    m_flushTimer->stop();
    beginResetModel();
    m_rows.clear();
    m_pending.clear();
    m_evictionPending = false;
    const qsizetype n = m_log->size();
    for (qsizetype i = 0; i < n; ++i) {
        const TrafficRecord &record = m_log->at(i);
        if (accepts(record))
            m_rows.push_back(record.sequence);
    }
    endResetModel();
    emit pendingCountChanged(0);
}

int TrafficModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

quint64 TrafficModel::sequenceAt(int row) const
{
    if (row < 0 || size_t(row) >= m_rows.size())
        return 0;
    return m_rows[size_t(row)];
}

const TrafficRecord *TrafficModel::recordAt(int row) const
{
    const quint64 sequence = sequenceAt(row);
    if (sequence == 0)
        return nullptr;
    const qsizetype index = m_log->indexOf(sequence);
    return index < 0 ? nullptr : &m_log->at(index);
}

int TrafficModel::rowOfSequence(quint64 sequence) const
{
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), sequence);
    if (it == m_rows.end() || *it != sequence)
        return -1;
    return int(it - m_rows.begin());
}

QVariant TrafficModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TrafficRecord *record = recordAt(index.row());
    if (!record)
        return {};
    switch (role) {
    case SequenceRole:
        return record->sequence;
    case TimestampRole:
        return QDateTime::fromMSecsSinceEpoch(record->timestampUs / 1000);
    case TimestampUsRole:
        return record->timestampUs;
    case SessionRole:
        return record->session;
    case PeerRole:
        return record->peer;
    case PeerLabelRole:
        return peerLabel(record->session, record->peer);
    case DirectionRole:
        return int(record->direction);
    case KindRole:
        return int(record->kind);
    case BytesRole:
        return record->bytes;
    case EventTextRole:
        return record->text;
    case IsEventRole:
        return !record->isData();
    case Qt::DisplayRole: {
        const QString time = QDateTime::fromMSecsSinceEpoch(record->timestampUs / 1000)
                                 .toString(QStringLiteral("HH:mm:ss.zzz"));
        if (!record->isData())
            return QStringLiteral("%1 * %2").arg(time, record->text);
        const QChar arrow = record->direction == Direction::Rx ? QChar(0x25bc) : QChar(0x25b2);
        return QStringLiteral("%1 %2 %3 %4")
            .arg(time, arrow, peerLabel(record->session, record->peer), summary(record->bytes));
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> TrafficModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(SequenceRole, "sequence");
    names.insert(TimestampRole, "timestamp");
    names.insert(TimestampUsRole, "timestampUs");
    names.insert(SessionRole, "session");
    names.insert(PeerRole, "peer");
    names.insert(PeerLabelRole, "peerLabel");
    names.insert(DirectionRole, "direction");
    names.insert(KindRole, "kind");
    names.insert(BytesRole, "bytes");
    names.insert(EventTextRole, "eventText");
    names.insert(IsEventRole, "isEvent");
    return names;
}

} // namespace sockeye
