#pragma once

#include "session/peer.h"
#include "traffic/trafficcounters.h"

#include <QAbstractTableModel>
#include <QList>
#include <QSet>

class QTimer;

namespace sockeye {

class Session;

/**
 * The peers of one session as a table: who, since when, bytes and frames each way, the
 * current rates and, for TCP, the round-trip time (read from the kernel only for the cells
 * a view asks for). Rows follow Session::peerAdded/peerRemoved; counters are refreshed by a timer
 * with one dataChanged() over the counter columns, however fast the traffic flows.
 * No colours or fonts: views decide how it looks.
 */
class ConnectionListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        PeerColumn,
        SinceColumn,
        BytesInColumn,
        BytesOutColumn,
        FramesInColumn,
        FramesOutColumn,
        RateInColumn,
        RateOutColumn,
        RttColumn, ///< TCP: the kernel's smoothed round-trip time, read when shown
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        PeerIdRole = Qt::UserRole + 1, ///< PeerId (quint32)
        PeerLabelRole,                 ///< "127.0.0.1:5000"
        ConnectedSinceRole,            ///< QDateTime
        BytesInRole,                   ///< qint64
        BytesOutRole,
        FramesInRole, ///< quint64
        FramesOutRole,
        RateInRole, ///< double, bytes per second
        RateOutRole,
        RttRole, ///< double, milliseconds; invalid when there is none (UDP, gone)
        SortRole ///< a number or string fit for sorting the column
    };
    Q_ENUM(Role)

    static constexpr int DefaultRefreshMs = 333;
    /// Peers that connect or leave are applied in batches this often.
    static constexpr int BatchMs = 50;
    /// A batch whose leaving rows form more runs than this is removed in one layout change.
    static constexpr int MaxRemovalRuns = 8;

    explicit ConnectionListModel(Session *session, QObject *parent = nullptr);

    [[nodiscard]] Session *session() const { return m_session; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] PeerId peerAt(int row) const;
    [[nodiscard]] int rowOf(PeerId id) const;

    /// How often counters are re-read (0 stops the timer; call refresh() yourself).
    void setRefreshInterval(int ms);
    /// Re-reads every counter and reports the changed cells with one dataChanged().
    void refresh();
    /// Reports every row's RTT cell as changed (a timer does, at RttRefreshFactor times the
    /// refresh interval): views re-read the kernel's figure for the rows they show.
    void refreshRoundTrips();
    static constexpr int RttRefreshFactor = 3;

    /// "1.5 KiB", "3 B": bytes for people.
    [[nodiscard]] static QString formatBytes(qint64 bytes);
    /// "11 B in 1 frame", "1.5 KiB in 3 frames"
    [[nodiscard]] static QString formatBytesInFrames(qint64 bytes, quint64 frames);
    /// "1.5 KiB/s"
    [[nodiscard]] static QString formatRate(double bytesPerSecond);

private:
    struct Row
    {
        Peer peer;
        qint64 bytesIn = 0;
        qint64 bytesOut = 0;
        quint64 framesIn = 0;
        quint64 framesOut = 0;
        double rateIn = 0;
        double rateOut = 0;
    };

    void addPeer(const Peer &peer);
    void removePeer(PeerId id);
    void scheduleBatch();
    void applyBatch();
    void removeRuns(const QList<int> &rows);
    void removeScattered(const QList<int> &rows);
    void reload();
    bool readCounters(Row &row, qint64 now) const;

    Session *m_session;
    QList<Row> m_rows;
    QTimer *m_timer;
    QTimer *m_batchTimer;
    QTimer *m_rttTimer;
    QList<Peer> m_pendingAdds;
    QSet<PeerId> m_pendingRemovals;
};

} // namespace sockeye
