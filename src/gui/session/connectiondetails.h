#pragma once

#include "session/session.h"

#include <QHash>
#include <QWidget>

#include <optional>

class QFormLayout;
class QLabel;
class QPushButton;
class QTimer;

namespace sockeye {

/**
 * What the kernel says about one TCP connection, refreshed a few times a second while shown:
 * its two ends, since when, bytes and frames each way, the round-trip time and its variation,
 * retransmissions, congestion window and segment size, for TLS the version, cipher, ALPN and
 * the peer's certificate (its whole chain in a dialog), what is in flight and what waits in
 * each queue, and its story in words (ConnectionStory). A connection that ends keeps showing
 * the figures it ended with, and the last EndedKept ended ones can be shown again (picked in
 * the timeline). For a server with no connection selected it shows the listener: its accept
 * queue and the kernel's accept-queue overflows since it started listening.
 */
class ConnectionDetails : public QWidget
{
    Q_OBJECT
public:
    static constexpr int RefreshMs = 250;
    static constexpr int EndedKept = 256;

    explicit ConnectionDetails(Session *session, QWidget *parent = nullptr);

    /// The connection to show, open or one of the last that ended; NoPeer: none (a server
    /// shows its listener).
    void setPeer(PeerId id);
    [[nodiscard]] PeerId peer() const { return m_peer; }
    /// Follow the session's one connection (a TCP client): shown as it connects, kept as it
    /// ends.
    void followOnlyPeer();
    /// Re-reads everything shown (the timer calls it).
    void refresh();
    /// Every row as "Name: value", one per line (what a screen reader and tests read).
    [[nodiscard]] QString text() const;

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void showConnection(const Peer &peer, const TrafficCounters &counters, bool open,
                        const std::optional<TcpStats> &statsAtEnd);
    void showListener();
    void setRow(int row, const QString &value);
    void setRowsVisible(int first, int last, bool visible);
    void showStory(const Peer &peer, const TrafficCounters &counters);

    struct Ended
    {
        Peer peer;
        TrafficCounters counters;
        std::optional<TcpStats> stats;
    };

    Session *m_session;
    PeerId m_peer = NoPeer;
    bool m_follow = false;
    QLabel *m_heading;
    QFormLayout *m_form;
    QList<QLabel *> m_names;
    QList<QLabel *> m_values;
    QLabel *m_story;
    QPushButton *m_chainButton; ///< TLS: the peer's certificates, every field
    QHash<PeerId, Ended> m_ended;
    QList<PeerId> m_endedOrder;           ///< oldest first, at most EndedKept
    QHash<PeerId, TcpStats> m_statsAtEnd; ///< told just before the peer ends
    QTimer *m_timer;
};

} // namespace sockeye
