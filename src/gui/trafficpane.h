#pragma once

#include "traffic/trafficrecord.h"

#include <QJsonObject>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QStackedWidget;
class QToolButton;

namespace sockeye {

class FramingEdit;
class Session;
class TrafficFramer;
class TrafficModel;
class TrafficView;

/// A TrafficView with its controls: view mode, encoding, timestamps, peer and direction
/// filters, framing, pause, clear, search. Mode, encoding, timestamps and framing persist under
/// the QSettings group "trafficView" (the last choice, which a new pane starts with).
///
/// With a framing chosen (FramingEdit: `delim:\n`, `idle:20`, `fixed:8`...), a second view shows
/// each stream cut into frames by the core framers (a TrafficFramer over the session's records)
/// instead of the chunks as they were read; view() is then that view. This view framing is
/// display only, a different thing from the auto-reply framing (AutomationController); a
/// session's list entry and a workspace carry it per session (viewToJson()).
class TrafficPane : public QWidget
{
    Q_OBJECT
public:
    /// `session` may be null (an opened capture): the peer filter then offers setPeerChoices().
    TrafficPane(Session *session, TrafficModel *model, QWidget *parent = nullptr);

    /// The view on screen: records, or frames when a framing is chosen.
    [[nodiscard]] TrafficView *view() const { return m_view; }
    [[nodiscard]] TrafficModel *model() const { return m_model; }
    [[nodiscard]] FramingEdit *framingEdit() const { return m_framing; }
    /// The frames behind the framed view, or nullptr without framing.
    [[nodiscard]] TrafficFramer *framer() const { return m_framer; }
    [[nodiscard]] TrafficModel *framedModel() const { return m_framedModel; }

    /// Shows frames cut by this spec ("" shows the records as read). Returns the error
    /// sentence for a bad spec.
    QString setFraming(const QString &spec);
    /// The framing the view shows ("" for the records as read); a spec typed but invalid is
    /// not it.
    [[nodiscard]] QString framing() const;

    /// What a session's entry and a workspace keep of this view: `{"framing": "delim:\\n"}`.
    [[nodiscard]] QJsonObject viewToJson() const;
    /// Restores what viewToJson() wrote; keys it lacks (older files) change nothing. A framing
    /// that is not valid text is shown in the framing field, marked, and the view stays as it
    /// was: returns false with the sentence in `error`.
    bool viewFromJson(const QJsonObject &json, QString *error);
    /// Shows one session's records (0: every session), for views without a live session.
    void setSessionFilter(SessionId session);

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

signals:
    /// The view's framing changed (framing(): "" for the records as read).
    void framingChanged(const QString &spec);

private:
    /// setFraming() for a spec from settings or a file: a bad one is also shown in the framing
    /// field, marked, so the user sees what was asked for and why it is not used.
    QString restoreFraming(const QString &spec);
    void refreshPeerFilter();
    void applyViewSettings(TrafficView *view) const;
    /// Both models: the records' and, with framing, the frames'.
    [[nodiscard]] QList<TrafficModel *> models() const;
    void updatePauseButton();
    void saveSettings() const;
    void loadSettings();

    Session *m_session;
    TrafficModel *m_model;
    TrafficView *m_view;
    TrafficView *m_rawView;
    QStackedWidget *m_stack;
    FramingEdit *m_framing;
    TrafficFramer *m_framer = nullptr;
    TrafficModel *m_framedModel = nullptr;
    TrafficView *m_framedView = nullptr;
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
