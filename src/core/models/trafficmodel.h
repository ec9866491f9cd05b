#pragma once

#include "traffic/trafficrecord.h"

#include <QAbstractListModel>
#include <QHash>
#include <QPointer>

#include <deque>
#include <vector>

class QTimer;

namespace sockeye {

class Session;
class TrafficLog;

/**
 * The records of a TrafficLog, one row each, filtered to a session (and optionally a peer and a
 * direction). Rows hold only sequence numbers; the bytes stay in the log.
 *
 * Appends are coalesced: new records wait in a pending list and are inserted by a timer (at most
 * every flushInterval() ms) with one beginInsertRows() per batch. Records the log evicts leave
 * from the front with one beginRemoveRows() per batch. While paused, new records keep being
 * recorded in the log but are not inserted until resume; pendingCount() says how many wait.
 * No colours or fonts: views decide how it looks.
 */
class TrafficModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        SequenceRole = Qt::UserRole + 1, ///< quint64
        TimestampRole,                   ///< QDateTime (local time)
        TimestampUsRole,                 ///< qint64, µs since the epoch
        SessionRole,                     ///< SessionId
        PeerRole,                        ///< PeerId
        PeerLabelRole,                   ///< "127.0.0.1:5000", empty for session events
        DirectionRole,                   ///< int(Direction)
        KindRole,                        ///< int(RecordKind)
        BytesRole,                       ///< QByteArray payload (data records)
        EventTextRole,                   ///< QString (event records)
        IsEventRole                      ///< bool
    };
    Q_ENUM(Role)

    enum class DirectionFilter { Both, ReceivedOnly, SentOnly };
    Q_ENUM(DirectionFilter)

    static constexpr int DefaultFlushIntervalMs = 33; // ≤ 30 Hz

    explicit TrafficModel(TrafficLog *log, QObject *parent = nullptr);

    [[nodiscard]] TrafficLog *log() const { return m_log; }

    /// Shows only this session's records and learns its peers' labels; nullptr shows every
    /// session (labels then come from setPeerLabel()).
    void setSession(Session *session);
    [[nodiscard]] Session *session() const;
    /// Shows only this session's records (0: every session) without following a live session,
    /// e.g. for an opened capture.
    void setSessionFilter(SessionId session);
    [[nodiscard]] SessionId sessionFilter() const { return m_sessionFilter; }
    void setPeerLabel(SessionId session, PeerId peer, const QString &label);
    [[nodiscard]] QString peerLabel(SessionId session, PeerId peer) const;
    /// Every label known, by peer; for a second view of the same peers.
    [[nodiscard]] QHash<PeerKey, QString> peerLabels() const { return m_peerLabels; }
    void addPeerLabels(const QHash<PeerKey, QString> &labels) { m_peerLabels.insert(labels); }

    /// NoPeer: every peer. Session events (no peer) are shown whatever the peer filter.
    void setPeerFilter(PeerId peer);
    [[nodiscard]] PeerId peerFilter() const { return m_peerFilter; }
    void setDirectionFilter(DirectionFilter filter);
    [[nodiscard]] DirectionFilter directionFilter() const { return m_directionFilter; }
    void setShowEvents(bool show);
    [[nodiscard]] bool showEvents() const { return m_showEvents; }

    void setPaused(bool paused);
    [[nodiscard]] bool isPaused() const { return m_paused; }
    /// Off: new records are not shown at all (not kept for later either, unlike a pause): for
    /// a flood the user only counts or records. The log, the counters and a recording still
    /// have every byte. Turned on again, the records from then on show.
    void setDisplaying(bool displaying);
    [[nodiscard]] bool isDisplaying() const { return m_displaying; }
    /// Records that arrived (and match the filters) but are not rows yet.
    [[nodiscard]] qsizetype pendingCount() const { return qsizetype(m_pending.size()); }
    /// Rows that left the model because the log evicted their records, since the last clear.
    [[nodiscard]] quint64 evictedRows() const { return m_evictedRows; }

    void setFlushInterval(int ms);
    [[nodiscard]] int flushInterval() const { return m_flushIntervalMs; }
    /// Applies pending evictions and (unless paused) pending appends now.
    void flush();

    /// Hides every current row (the records stay in the log for other views and exports).
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// The record behind a row, or nullptr when the row is out of range or was just evicted.
    [[nodiscard]] const TrafficRecord *recordAt(int row) const;
    [[nodiscard]] quint64 sequenceAt(int row) const;
    /// Row of the record with this sequence, or -1.
    [[nodiscard]] int rowOfSequence(quint64 sequence) const;
    /// Whether a record passes the current filters (what the view shows, e.g. for exports).
    [[nodiscard]] bool accepts(const TrafficRecord &record) const;

signals:
    void pendingCountChanged(qsizetype count);
    void pausedChanged(bool paused);
    void displayingChanged(bool displaying);
    /// `count` rows left the front because the log evicted them (total so far given).
    void rowsEvicted(qsizetype count, quint64 totalEvictedRows);

private:
    void onAppended(const TrafficRecord &record);
    void onLogCleared();
    void rebuild();
    void scheduleFlush();
    void removeEvicted();

    TrafficLog *m_log;
    QPointer<Session> m_session;
    SessionId m_sessionFilter = 0;
    PeerId m_peerFilter = NoPeer;
    DirectionFilter m_directionFilter = DirectionFilter::Both;
    bool m_showEvents = true;
    bool m_paused = false;
    bool m_displaying = true;
    quint64 m_hiddenBefore = 0; ///< records before this sequence were cleared from the view
    std::deque<quint64> m_rows;
    std::vector<quint64> m_pending;
    bool m_evictionPending = false;
    quint64 m_evictedRows = 0;
    QHash<PeerKey, QString> m_peerLabels;
    QTimer *m_flushTimer;
    int m_flushIntervalMs = DefaultFlushIntervalMs;
    QMetaObject::Connection m_peerConnection;
    QMetaObject::Connection m_peerGoneConnection;
    /// Peers that left, with the log's next sequence then: once the log has evicted every
    /// record before it, nothing shows their label any more and it is dropped (a server that
    /// serves 100,000 short connections must not keep 100,000 labels).
    std::deque<std::pair<quint64, PeerKey>> m_departed;
};

} // namespace sockeye
