#pragma once

#include "session/session.h"
#include "workspace/sessionsetup.h"

#include <QWidget>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QSplitter;
class QTableView;
class QToolButton;

namespace sockeye {

class AutomationBar;
class AutomationController;
class ConnectionDetails;
class ConnectionListModel;
class ReceiveFileButton;
class SendComposer;
class SessionController;
class TrafficModel;
class TrafficPane;

/**
 * Everything about one session: its settings, one Start/Stop (or Connect/Disconnect) button,
 * its state in words and colour, errors as the core's sentence in an inline banner, the
 * connection list (servers and UDP), the traffic pane and the send composer. Takes the Session
 * in its constructor and wires itself to it; it never touches a socket.
 */
class SessionPanel : public QWidget
{
    Q_OBJECT
public:
    /// `controller`: the session's SessionController, made by the caller (a SessionPage);
    /// without one the panel makes its own.
    explicit SessionPanel(Session *session, SessionController *controller = nullptr,
                          QWidget *parent = nullptr);
    ~SessionPanel() override;

    [[nodiscard]] Session *session() const { return m_session; }
    [[nodiscard]] TrafficModel *trafficModel() const { return m_trafficModel; }
    [[nodiscard]] TrafficPane *trafficPane() const { return m_trafficPane; }
    [[nodiscard]] SendComposer *composer() const { return m_composer; }
    [[nodiscard]] ReceiveFileButton *receiveFileButton() const { return m_receiveFileButton; }
    /// What the session does besides its socket: its framing and its automation (core).
    [[nodiscard]] SessionController *controller() const { return m_controller; }
    /// Auto-reply rules, echo and welcome of this session.
    [[nodiscard]] AutomationController *automation() const { return m_automation; }
    [[nodiscard]] AutomationBar *automationBar() const { return m_automationBar; }
    [[nodiscard]] ConnectionListModel *connectionModel() const { return m_connectionModel; }
    [[nodiscard]] QTableView *connectionView() const { return m_connectionView; }
    /// TCP: the selected connection's details (a client's one connection; a server's
    /// listener when none is selected); nullptr for UDP.
    [[nodiscard]] ConnectionDetails *connectionDetails() const { return m_details; }
    /// TCP client: shows and hides its connection details beside the traffic.
    [[nodiscard]] QToolButton *detailsButton() const { return m_detailsButton; }
    [[nodiscard]] QPushButton *startButton() const { return m_start; }
    /// TCP client: the menu of other ways to close (Reset, Half-close); nullptr otherwise.
    [[nodiscard]] QToolButton *closeMenuButton() const { return m_closeMenu; }
    /// TCP: opens the Socket options dialog; nullptr for UDP.
    [[nodiscard]] QPushButton *socketOptionsButton() const { return m_socketOptions; }
    [[nodiscard]] QPushButton *tlsButton() const { return m_tls; }
    [[nodiscard]] QComboBox *bindBox() const { return m_bind; }
    [[nodiscard]] QSpinBox *portBox() const { return m_port; }
    [[nodiscard]] QLineEdit *hostEdit() const { return m_host; }
    [[nodiscard]] QSpinBox *remotePortBox() const { return m_remotePort; }
    [[nodiscard]] QLabel *stateLabel() const { return m_state; }
    /// The error sentence in the banner, empty when none is shown.
    [[nodiscard]] QString errorText() const;

    /// The config as the controls say (name and options not shown keep the session's values).
    [[nodiscard]] SessionConfig configFromUi() const;
    /// The session as it is to be saved: the controls' config, running or not, its framing
    /// and rules.
    [[nodiscard]] SessionSetup setup() const;
    /// Applies a saved session's framing and rules (SessionController::apply()); a framing
    /// that was not applied is shown in the Frames field, marked. Returns the problems.
    QStringList applySetup(const SessionSetup &setup);
    /// Shows what SessionController::apply() made of `setup`: a refused framing marked in the
    /// Frames field, the periodic send in the composer.
    void showSetup(const SessionSetup &setup);
    /// Starts or stops, like the button.
    void toggleStart();
    /// Disconnects the selected clients (or UDP peers are forgotten... servers only).
    [[nodiscard]] QList<PeerId> selectedPeers() const;
    /// Delete disconnects the selected clients (servers).
    void addConnectionShortcuts();
    void disconnectSelected(Session::CloseMode mode = Session::CloseMode::Fin);
    void disconnectAll();
    /// A short title for a tab: "TCP server :7000".
    [[nodiscard]] QString title() const;

    /// Config words for the bind drop-down's fixed entries, and the text shown for them.
    [[nodiscard]] static QString bindAddressText(const QString &word);

signals:
    /// The settings changed (persist them).
    void configChanged();
    /// State or title changed (update the tab).
    void titleChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void buildSettings();
    void applyUiToSession();
    void loadConfigIntoUi();
    void onStateChanged(Session::State state);
    /// Keeps the state label as wide as its longest sentence for this config (sessionstate.cpp).
    void reserveStateWidth();
    void showError(const QString &message);
    /// Lays the error banner over the top of the traffic.
    void placeBanner();
    void updateTargets();
    void updateConnectionsLabel();
    void showConnectionMenu(const QPoint &pos);
    /// The list's header menu: which columns show (remembered per kind of session).
    void setUpConnectionColumns();
    void fillBindAddresses();
    /// The TCP client's Reset and Half-close (Disconnect is the Start button).
    void closeClient(Session::CloseMode mode);
    /// TCP: the Socket options dialog, applied to the session's config when accepted.
    void editSocketOptions();
    /// TCP: the TLS dialog (sessiontls.cpp), applied to the session's config when accepted.
    void editTls();
    /// Starts the session; a TLS key that needs its passphrase asks for it and tries again.
    void startSession();
    /// The TLS button shows whether TLS is on (pressed) and what it is set to.
    void updateTlsButton();
    void setSettingsEnabled(bool enabled);
    /// TCP client: the details box beside the traffic, shown by the Details button.
    void buildClientDetails();

    Session *m_session;
    TrafficModel *m_trafficModel;
    ConnectionListModel *m_connectionModel = nullptr;
    QTableView *m_connectionView = nullptr;
    QLabel *m_connectionsLabel = nullptr;
    ConnectionDetails *m_details = nullptr;
    QToolButton *m_detailsButton = nullptr;
    TrafficPane *m_trafficPane;
    SendComposer *m_composer;
    SessionController *m_controller;
    AutomationController *m_automation;
    AutomationBar *m_automationBar;

    QWidget *m_settings;
    QComboBox *m_bind = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_host = nullptr;
    QSpinBox *m_remotePort = nullptr;
    QSpinBox *m_timeout = nullptr;
    QCheckBox *m_reconnect = nullptr;
    QLineEdit *m_group = nullptr;
    QPushButton *m_start;
    QToolButton *m_closeMenu = nullptr;     ///< TCP client: Reset, Half-close
    QPushButton *m_socketOptions = nullptr; ///< TCP: the Socket options dialog
    QPushButton *m_tls = nullptr;           ///< TCP: the TLS dialog; pressed while TLS is on
    QAction *m_halfClose = nullptr;         ///< TCP client: refused under TLS, so disabled
    QLabel *m_state;
    ReceiveFileButton *m_receiveFileButton = nullptr;
    QWidget *m_banner;
    QLabel *m_bannerText;
    QSplitter *m_connectionSplit = nullptr; ///< server: the list above, the details below
    QSplitter *m_vertical;
    QSplitter *m_horizontal;
    bool m_loading = false;
    bool m_shownOnce = false;
};

} // namespace sockeye
