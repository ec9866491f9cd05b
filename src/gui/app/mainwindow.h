#pragma once

#include "session/sessionconfig.h"
#include "workspace/sessionsetup.h"

#include <QMainWindow>

class QAction;
class QLabel;
class QMenu;
class QTabWidget;
class QTimer;
class QToolBar;
class QToolButton;

namespace sockeye {

class CaptureActions;
class ConversationTable;
class PresetPanel;
class RateGraph;
class Session;
class SessionManager;
class SessionPage;
class SessionPanel;

/**
 * The main window: one tab per session (several at once), "New session" for each kind,
 * workspace files, the presets panel and a status bar with totals, rates and a live graph.
 * Session settings persist in QSettings; nothing modal appears at start-up.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    /// `restoreSessions`: reopen the sessions of the last run (not started).
    explicit MainWindow(bool restoreSessions = true, QWidget *parent = nullptr);
    ~MainWindow() override;

    [[nodiscard]] SessionManager *manager() const { return m_manager; }
    [[nodiscard]] QTabWidget *tabs() const { return m_tabs; }
    [[nodiscard]] PresetPanel *presetPanel() const { return m_presets; }
    [[nodiscard]] SessionPanel *currentPanel() const;
    /// Every session's tab, in tab order.
    [[nodiscard]] QList<SessionPage *> pages() const;
    /// Every session's panel, made now for tabs not shown yet (pages() does not make them).
    [[nodiscard]] QList<SessionPanel *> panels() const;
    /// Every session's peers with their addresses, kept from start-up (for exports, recordings).
    [[nodiscard]] ConversationTable *conversations() const { return m_conversations; }
    /// File > Record, Export, Open capture.
    [[nodiscard]] CaptureActions *captureActions() const { return m_captures; }

    /// Opens a session in a new tab; starts it when asked.
    SessionPanel *addSession(const SessionConfig &config, bool start = false);
    void closeSession(int tabIndex);
    /// The tab that holds `panel`, or -1.
    [[nodiscard]] int tabIndex(const SessionPanel *panel) const;
    /// A config with sensible defaults for a new session of this kind.
    [[nodiscard]] SessionConfig defaultConfig(SessionKind kind) const;

    enum class WorkspaceOpen { Add, Replace };
    /// Opens a workspace file: its sessions join the open ones, or replace them (File > Open
    /// workspace asks which when sessions are open). Errors go to the status bar.
    bool openWorkspace(const QString &path, WorkspaceOpen how = WorkspaceOpen::Add);
    bool saveWorkspace(const QString &path);

    /// Writes the session list to QSettings now.
    void saveSessions() const;
    /// Shows a message in the status bar (and keeps it for tests).
    void showStatus(const QString &text, int timeoutMs = 8000);
    [[nodiscard]] QString lastStatus() const { return m_lastStatus; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    /// The New session menu (m_newMenu) and its Ctrl+N action, returned (newsessionmenu.cpp).
    QAction *createNewSessionMenu();
    /// Next and previous session (Ctrl+PgDown/PgUp, Ctrl+Tab), the send box (Ctrl+K).
    void addNavigationActions(QMenu *menu);
    /// The presets' hotkeys (Ctrl+1...) and the quick-command bar (shown from `menu`).
    void addQuickCommands(QMenu *menu);
    /// Gives a tool bar's overflow button an accessible name.
    static void nameOverflowButton(QToolBar *bar);
    /// Asks before quitting while connections are open; true: quit.
    bool confirmQuit();
    void restoreSettings(bool restoreSessions);
    /// The one path from saved sessions to tabs (settings and workspaces): each gets its
    /// framing and rules before it starts (`startMarked`: those saved running). Returns what
    /// could not be applied, one sentence each, naming the session.
    QStringList addSessions(const QList<SessionSetup> &setups, bool startMarked);
    /// A tab for a new session, its panel not made yet.
    SessionPage *addSessionPage(const SessionConfig &config);
    void updateTab(SessionPage *page);
    void updateStatusBar();
    void updateActions();
    void openWorkspaceDialog();
    void saveWorkspaceDialog();

    SessionManager *m_manager;
    QTabWidget *m_tabs;
    PresetPanel *m_presets;
    QMenu *m_newMenu = nullptr;
    QToolButton *m_newButton = nullptr;
    QAction *m_startStop = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_clear = nullptr;
    QAction *m_find = nullptr;
    QAction *m_send = nullptr;
    QLabel *m_totals;
    QLabel *m_rates;
    RateGraph *m_graph;
    QTimer *m_statusTimer;
    qint64 m_lastBytesIn = 0;
    qint64 m_lastBytesOut = 0;
    QString m_lastStatus;
    QString m_workspacePath;
    bool m_loadingSessions = false;
    ConversationTable *m_conversations = nullptr;
    CaptureActions *m_captures = nullptr;
};

} // namespace sockeye
