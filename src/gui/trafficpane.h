#pragma once

#include "traffic/trafficrecord.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QToolButton;

namespace sockeye {

class Session;
class TrafficModel;
class TrafficView;

/// A TrafficView with its controls: view mode, encoding, timestamps, peer and direction
/// filters, pause, clear, search. Its settings persist under a QSettings group.
class TrafficPane : public QWidget
{
    Q_OBJECT
public:
    /// `session` may be null (an opened capture): the peer filter then offers setPeerChoices().
    TrafficPane(Session *session, TrafficModel *model, QWidget *parent = nullptr);

    [[nodiscard]] TrafficView *view() const { return m_view; }
    [[nodiscard]] TrafficModel *model() const { return m_model; }

    void togglePause();
    void clear();
    /// Puts the keyboard focus in the search field.
    void focusSearch();
    void findNext();
    void findPrevious();
    /// Picks the view mode by index: 0 text, 1 hex, 2 hex dump.
    void setModeIndex(int index);
    /// The peers the filter offers when there is no live session (id and label); resets the
    /// filter to every peer.
    void setPeerChoices(const QList<QPair<PeerId, QString>> &peers);

private:
    void refreshPeerFilter();
    void updatePauseButton();
    void saveSettings() const;
    void loadSettings();

    Session *m_session;
    TrafficModel *m_model;
    TrafficView *m_view;
    QComboBox *m_mode;
    QComboBox *m_encoding;
    QCheckBox *m_timestamps;
    QComboBox *m_peer;
    QComboBox *m_direction;
    QToolButton *m_pause;
    QToolButton *m_clear;
    QLineEdit *m_search;
    QCheckBox *m_searchHex;
    QLabel *m_searchStatus;
    QList<QPair<PeerId, QString>> m_peerChoices;
};

} // namespace sockeye
