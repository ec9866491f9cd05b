#pragma once

#include "traffic/lineformatter.h"

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

class FlowLayout;

class FramingEdit;
class Session;
class StreamFramers;
class TrafficModel;
class TrafficView;

/// A TrafficView with its controls: view mode, encoding, timestamps, peer and direction
/// filters, framing, pause, clear, search. Mode, encoding and timestamps persist under the
/// QSettings group "trafficView" (the last choice, which a new pane starts with); the mode is
/// Stream until a user picks another.
///
/// The Frames field is where a session's one framing is shown and set: the StreamFramers the
/// pane is given are the session's (SessionController), which the auto-reply rules, echo and
/// sockeye-cli use too. With a framing chosen (`delim:\n`, `idle:20`, `fixed:8`...), a second
/// view shows each stream cut into those frames instead of the chunks as they were read; view()
/// is then that view. A change of the framing from elsewhere (a workspace) shows here too.
class TrafficPane : public QWidget
{
    Q_OBJECT
public:
    /// `session` may be null (an opened capture): the peer filter then offers setPeerChoices().
    /// `framers` are the session's framing; null: the pane frames its model's log itself.
    TrafficPane(Session *session, TrafficModel *model, StreamFramers *framers,
                QWidget *parent = nullptr);

    /// The view on screen: records, or frames when a framing is chosen.
    [[nodiscard]] TrafficView *view() const { return m_view; }
    [[nodiscard]] TrafficModel *model() const { return m_model; }
    [[nodiscard]] FramingEdit *framingEdit() const { return m_framing; }
    /// The framing behind the framed view (frames() is empty without a framing).
    [[nodiscard]] StreamFramers *framer() const { return m_framer; }
    [[nodiscard]] TrafficModel *framedModel() const { return m_framedModel; }

    /// Shows frames cut by this spec ("" shows the records as read). Returns the error
    /// sentence for a bad spec.
    QString setFraming(const QString &spec);
    /// The framing the view shows ("" for the records as read); a spec typed but invalid is
    /// not it.
    [[nodiscard]] QString framing() const;

    /// Shows a stored framing that was not applied (`why` says why) in the field, marked, so
    /// the user sees what was asked for; the framing stays as it was.
    void showRejectedFraming(const QString &spec, const QString &why);
    /// Shows one session's records (0: every session), for views without a live session.
    void setSessionFilter(SessionId session);

    void togglePause();
    void clear();
    /// Puts the keyboard focus in the search field.
    void focusSearch();
    void findNext();
    void findPrevious();
    /// Picks the view mode (the mode box follows).
    void setMode(LineFormatter::Mode mode);
    [[nodiscard]] LineFormatter::Mode mode() const;
    /// The modes' names as the mode box shows them, in its order.
    [[nodiscard]] static QStringList modeNames();
    /// The peers the filter offers when there is no live session (id and label); resets the
    /// filter to every peer.
    void setPeerChoices(const QList<QPair<PeerId, QString>> &peers);

    /// Adds a group of the session's own controls to the bar (they wrap with the others).
    void addTools(const QList<QWidget *> &tools);
    /// How this pane shows traffic, saved with its session (SessionSetup::view): `mode`
    /// (Stream, Log, Hex, HexDump), `encoding`, `timestamps`, `display` (false: don't display).
    [[nodiscard]] QJsonObject viewSettings() const;
    /// Applies what viewSettings() wrote; missing or unknown values keep what is shown.
    void setViewSettings(const QJsonObject &settings);

signals:
    /// The user changed how the pane shows traffic (viewSettings()).
    void viewSettingsChanged();
    /// The view's framing changed (framing(): "" for the records as read).
    void framingChanged(const QString &spec);
    /// One record of a peer is selected in the shown view (NoPeer: none, or several).
    void selectedPeerChanged(sockeye::PeerId peer);

private:
    /// Shows the framed view or the records as read, as the framing now says.
    void showFraming();
    void refreshPeerFilter();
    void applyViewSettings(TrafficView *view) const;
    /// Tells selectedPeerChanged() for a view's selection, when it is the view shown.
    void watchSelection(TrafficView *view);
    /// Both models: the records' and, with framing, the frames'.
    [[nodiscard]] QList<TrafficModel *> models() const;
    void updatePauseButton();

    Session *m_session;
    TrafficModel *m_model;
    TrafficView *m_view;
    TrafficView *m_rawView;
    QStackedWidget *m_stack;
    FramingEdit *m_framing;
    StreamFramers *m_framer = nullptr;
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
    QCheckBox *m_display;
    FlowLayout *m_bar;
    QList<QPair<PeerId, QString>> m_peerChoices;
};

} // namespace sockeye
