#pragma once

#include "traffic/trafficrecord.h"

#include <QList>
#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace sockeye {

class ConversationTable;
class Replayer;
class Session;
class SessionManager;
class TrafficLog;
class TrafficModel;
class TrafficPane;

/**
 * A read-only tab for an opened capture (pcapng or pcap, ours or Wireshark's): its records in
 * a traffic view of their own log (every view mode, filters, search and copy), a session
 * chooser, what the reader warned about, and "Replay to…" a live session with progress and
 * Stop. There is nothing to send or start here.
 */
class CapturePanel : public QWidget
{
    Q_OBJECT
public:
    /// Takes the reader's records and conversation table (which it reparents).
    CapturePanel(const QString &path, const QList<TrafficRecord> &records, ConversationTable *table,
                 const QStringList &warnings, SessionManager *manager, QWidget *parent = nullptr);
    ~CapturePanel() override;

    [[nodiscard]] QString path() const { return m_path; }
    [[nodiscard]] QString title() const;
    [[nodiscard]] TrafficLog *log() const { return m_log; }
    [[nodiscard]] ConversationTable *conversations() const { return m_table; }
    [[nodiscard]] const QList<TrafficRecord> &records() const { return m_records; }
    [[nodiscard]] TrafficModel *trafficModel() const { return m_model; }
    [[nodiscard]] TrafficPane *trafficPane() const { return m_pane; }
    [[nodiscard]] QComboBox *sessionBox() const { return m_session; }
    [[nodiscard]] QLabel *warningLabel() const { return m_warnings; }
    [[nodiscard]] QPushButton *replayButton() const { return m_replay; }
    [[nodiscard]] Replayer *replayer() const { return m_replayer; }

    /// Asks what to replay and where (ReplayDialog), then replays.
    void replayDialog();
    /// Replays the client side of one conversation through `target`.
    bool startReplay(SessionId session, PeerId peer, Session *target, bool fast, double speed);
    void stopReplay();

signals:
    /// A sentence for the status bar (replay finished, failed...).
    void statusMessage(const QString &text);

private:
    void onSessionChosen();
    void finishReplay(const QString &message);

    QString m_path;
    QList<TrafficRecord> m_records;
    SessionManager *m_manager;
    TrafficLog *m_log;
    ConversationTable *m_table;
    TrafficModel *m_model;
    TrafficPane *m_pane = nullptr;
    QComboBox *m_session;
    QLabel *m_summary;
    QLabel *m_warnings;
    QPushButton *m_replay;
    QProgressBar *m_progress;
    QPushButton *m_stop;
    QLabel *m_replayStatus;
    Replayer *m_replayer = nullptr;
};

} // namespace sockeye
