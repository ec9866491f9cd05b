#include "app/mainwindow.h"

#include "automation/automationcontroller.h"
#include "capture/captureactions.h"
#include "capture/capturepanel.h"
#include "capture/recordingindicator.h"
#include "models/connectionlistmodel.h"
#include "session/presetpanel.h"
#include "session/sendcomposer.h"
#include "session/sessionmanager.h"
#include "session/sessionpage.h"
#include "session/sessionpanel.h"
#include "traffic/conversationtable.h"
#include "traffic/rategraph.h"
#include "traffic/trafficlog.h"
#include "traffic/trafficpane.h"
#include "widgets/closabletabbar.h"
#include "widgets/icons.h"
#include "workspace/workspace.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

namespace sockeye {

MainWindow::MainWindow(bool restoreSessions, QWidget *parent)
    : QMainWindow(parent)
    , m_manager(new SessionManager(this))
    , m_tabs(new ClosableTabWidget(this))
    , m_presets(new PresetPanel(this))
    , m_totals(new QLabel(this))
    , m_rates(new QLabel(this))
    , m_graph(new RateGraph(this))
    , m_statusTimer(new QTimer(this))
{
    setWindowTitle(tr("Sockeye"));
    setWindowIcon(Icons::appIcon());
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    setCentralWidget(m_tabs);

    auto *dock = new QDockWidget(tr("Presets"), this);
    dock->setObjectName(QStringLiteral("presetsDock"));
    dock->setWidget(m_presets);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::RightDockWidgetArea, dock);

    m_totals->setToolTip(tr("Everything received and sent by every session since start (or "
                            "since Session > Reset counters)"));
    m_rates->setToolTip(tr("Current rates over every session"));
    statusBar()->addPermanentWidget(m_totals);
    statusBar()->addPermanentWidget(m_rates);
    statusBar()->addPermanentWidget(m_graph);

    m_conversations = new ConversationTable(this);
    m_conversations->addSessions(m_manager);
    m_captures = new CaptureActions(m_manager, m_conversations, this);
    statusBar()->insertPermanentWidget(0, m_captures->indicator());
    connect(m_captures, &CaptureActions::statusMessage, this, &MainWindow::showStatus);
    connect(m_captures, &CaptureActions::captureOpened, this,
            [this](CapturePanel *panel, const QString &toolTip) {
                const int index = m_tabs->addTab(panel, Icons::icon(Icons::File), panel->title());
                m_tabs->setTabToolTip(index, toolTip);
                m_tabs->setCurrentIndex(index);
                connect(panel, &CapturePanel::statusMessage, this,
                        [this](const QString &text) { showStatus(text); });
            });
    createActions();
    menuBar()->findChild<QMenu *>(QStringLiteral("viewMenu"))->addAction(dock->toggleViewAction());

    connect(m_tabs, &QTabWidget::tabCloseRequested, this,
            [this](int index) { closeSession(index); });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        SessionPanel *panel = currentPanel(); // the tab is about to show: its panel is made
        m_captures->setCurrentTab(panel ? panel : m_tabs->currentWidget());
        updateActions();
    });
    connect(m_presets, &PresetPanel::sendRequested, this, [this](const PayloadSpec &spec) {
        if (SessionPanel *panel = currentPanel())
            panel->composer()->sendSpec(spec);
        else
            showStatus(tr("Open a session to send presets."));
    });
    connect(m_presets, &PresetPanel::editRequested, this, [this](const PayloadSpec &spec) {
        if (SessionPanel *panel = currentPanel())
            panel->composer()->setSpec(spec);
    });
    connect(m_statusTimer, &QTimer::timeout, this, [this] { updateStatusBar(); });
    m_statusTimer->start(1000);

    restoreSettings(restoreSessions);
    updateStatusBar();
    updateActions();
}

MainWindow::~MainWindow()
{
    // Ends a recording (closing its file) while the sessions and their log still exist.
    delete m_captures;
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *newSession = createNewSessionMenu();
    file->addMenu(m_newMenu);

    QAction *open = file->addAction(Icons::icon(Icons::Open), tr("&Open workspace…"), this,
                                    [this] { openWorkspaceDialog(); });
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(tr("Open a *.sockeye workspace (Ctrl+O)"));
    QAction *save = file->addAction(Icons::icon(Icons::Save), tr("&Save workspace…"), this,
                                    [this] { saveWorkspaceDialog(); });
    save->setShortcut(QKeySequence::Save);
    save->setToolTip(tr("Save every session and preset to a *.sockeye file (Ctrl+S)"));
    file->addSeparator();
    m_captures->addToMenu(file);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *sessionMenu = menuBar()->addMenu(tr("&Session"));
    m_startStop =
        sessionMenu->addAction(Icons::icon(Icons::Start), tr("Start / stop"), this, [this] {
            if (SessionPanel *panel = currentPanel())
                panel->toggleStart();
        });
    m_startStop->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_send = sessionMenu->addAction(Icons::icon(Icons::Send), tr("Send"), this, [this] {
        if (SessionPanel *panel = currentPanel())
            panel->composer()->send();
    });
    m_send->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    m_send->setToolTip(tr("Send the composer's payload (Ctrl+Enter)"));
    sessionMenu->addAction(tr("Reset counters"), this, [this] {
        if (SessionPanel *panel = currentPanel())
            panel->session()->resetCounters(); // and its clients'; the timeline says what they were
    });
    sessionMenu->addSeparator();
    QAction *close = sessionMenu->addAction(tr("Close session"), this,
                                            [this] { closeSession(m_tabs->currentIndex()); });
    close->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
    sessionMenu->addSeparator();
    addNavigationActions(sessionMenu);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    m_pause = view->addAction(Icons::icon(Icons::Pause), tr("Pause / resume"), this, [this] {
        if (SessionPanel *panel = currentPanel())
            panel->trafficPane()->togglePause();
    });
    m_pause->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_P)});
    m_pause->setToolTip(tr("Freeze the traffic view; recording goes on (Ctrl+P)"));
    m_clear = view->addAction(Icons::icon(Icons::Clear), tr("Clear traffic"), this, [this] {
        if (SessionPanel *panel = currentPanel())
            panel->trafficPane()->clear();
    });
    m_clear->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_clear->setToolTip(tr("Clear the traffic view (Ctrl+L)"));
    m_find = view->addAction(Icons::icon(Icons::Search), tr("Find…"), this, [this] {
        if (SessionPanel *panel = currentPanel())
            panel->trafficPane()->focusSearch();
    });
    m_find->setShortcut(QKeySequence::Find);
    m_find->setToolTip(tr("Search the traffic (Ctrl+F)"));
    QAction *next = view->addAction(tr("Find next"), this, [this] {
        if (SessionPanel *panel = currentPanel())
            panel->trafficPane()->findNext();
    });
    next->setShortcut(QKeySequence::FindNext);
    QAction *previous = view->addAction(tr("Find previous"), this, [this] {
        if (SessionPanel *panel = currentPanel())
            panel->trafficPane()->findPrevious();
    });
    previous->setShortcut(QKeySequence::FindPrevious);
    view->addSeparator();
    const QStringList modes = TrafficPane::modeNames();
    for (int i = 0; i < modes.size(); ++i) {
        QAction *mode = view->addAction(tr("Show as %1").arg(modes[i]), this, [this, i] {
            if (SessionPanel *panel = currentPanel())
                panel->trafficPane()->setMode(LineFormatter::Mode(i));
        });
        mode->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)));
    }
    view->addSeparator();
    addQuickCommands(view);

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    nameOverflowButton(toolbar);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setIconSize(QSize(20, 20));
    m_newButton = new QToolButton(toolbar);
    m_newButton->setMenu(m_newMenu);
    m_newButton->setPopupMode(QToolButton::InstantPopup);
    m_newButton->setIcon(Icons::icon(Icons::NewSession));
    m_newButton->setText(tr("New session"));
    m_newButton->setToolTip(newSession->toolTip());
    m_newButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addWidget(m_newButton);
    toolbar->addAction(open);
    toolbar->addAction(save);
    toolbar->addSeparator();
    toolbar->addAction(m_pause);
    toolbar->addAction(m_clear);
    toolbar->addAction(m_find);
    view->addAction(toolbar->toggleViewAction());
}

SessionPanel *MainWindow::currentPanel() const
{
    auto *page = qobject_cast<SessionPage *>(m_tabs->currentWidget());
    return page ? page->panel() : nullptr;
}

QList<SessionPage *> MainWindow::pages() const
{
    QList<SessionPage *> list;
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto *page = qobject_cast<SessionPage *>(m_tabs->widget(i)))
            list << page;
    }
    return list;
}

QList<SessionPanel *> MainWindow::panels() const
{
    QList<SessionPanel *> list;
    for (SessionPage *page : pages())
        list << page->panel();
    return list;
}

SessionPage *MainWindow::addSessionPage(const SessionConfig &config)
{
    Session *session = m_manager->createSession(config);
    auto *page = new SessionPage(session, m_tabs);
    // Wired before it is a tab: the first tab is current at once, which makes its panel.
    connect(page, &SessionPage::titleChanged, this, [this, page] { updateTab(page); });
    connect(page, &SessionPage::configChanged, this, [this] { saveSessions(); });
    connect(page, &SessionPage::panelMade, this, [this](SessionPanel *panel) {
        connect(panel->composer(), &SendComposer::saveAsPresetRequested, this,
                [this](const PayloadSpec &spec) {
                    m_presets->addPreset(spec);
                    showStatus(tr("Saved as a preset; rename it in the Presets panel (F2)."));
                });
    });
    const int index = m_tabs->addTab(page, page->title());
    // Switching tabs walks every widget of every tab (QStackedLayout turns updates off and on
    // for the whole stack): per session of a workspace that made opening one quadratic.
    // addSessions() shows the first of them once, at the end.
    if (!m_loadingSessions)
        m_tabs->setCurrentIndex(index);
    updateTab(page);
    saveSessions();
    updateActions();
    return page;
}

SessionPanel *MainWindow::addSession(const SessionConfig &config, bool start)
{
    SessionPage *page = addSessionPage(config);
    if (start)
        page->toggleStart();
    return page->panel();
}

int MainWindow::tabIndex(const SessionPanel *panel) const
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *page = qobject_cast<SessionPage *>(m_tabs->widget(i));
        if (page && page->madePanel() == panel)
            return i;
    }
    return -1;
}

void MainWindow::closeSession(int tabIndex)
{
    auto *page = qobject_cast<SessionPage *>(m_tabs->widget(tabIndex));
    if (!page) {
        // An opened capture: nothing to stop or save.
        if (QWidget *tab = m_tabs->widget(tabIndex)) {
            m_tabs->removeTab(tabIndex);
            delete tab;
            updateActions();
        }
        return;
    }
    const SessionId id = page->session()->id();
    m_tabs->removeTab(tabIndex);
    delete page;
    m_manager->removeSession(id);
    saveSessions();
    updateActions();
}

void MainWindow::updateTab(SessionPage *page)
{
    const int index = m_tabs->indexOf(page);
    if (index < 0)
        return;
    Session *session = page->session();
    const Icons::Name icon = session->kind() == SessionKind::TcpServer   ? Icons::Server
                             : session->kind() == SessionKind::TcpClient ? Icons::Client
                                                                         : Icons::Udp;
    m_tabs->setTabIcon(index, Icons::icon(icon));
    const QString state = Session::stateText(session->state());
    const QString title = page->title();
    m_tabs->setTabText(index,
                       session->isActive() ? title : tr("%1 (%2)").arg(title, state.toLower()));
    m_tabs->setTabToolTip(index, tr("%1 — %2").arg(title, state));
    if (page == m_tabs->currentWidget())
        updateActions();
}

void MainWindow::updateActions()
{
    SessionPanel *panel = currentPanel();
    for (QAction *a : {m_startStop, m_pause, m_clear, m_find, m_send}) {
        if (a)
            a->setEnabled(panel != nullptr);
    }
    if (panel && m_startStop) {
        const bool active = panel->session()->isActive();
        const bool client = panel->session()->kind() == SessionKind::TcpClient;
        m_startStop->setText(active ? (client ? tr("Disconnect") : tr("Stop"))
                                    : (client ? tr("Connect") : tr("Start")));
        m_startStop->setIcon(Icons::icon(active ? Icons::Stop : Icons::Start));
    }
}

void MainWindow::updateStatusBar()
{
    const TrafficCounters totals = m_manager->log()->totals();
    const qint64 now = nowUs();
    m_totals->setText(
        tr("%1 %2  %3 %4")
            .arg(QChar(0x25bc))
            .arg(ConnectionListModel::formatBytesInFrames(totals.bytesIn, totals.framesIn))
            .arg(QChar(0x25b2))
            .arg(ConnectionListModel::formatBytesInFrames(totals.bytesOut, totals.framesOut)));
    m_rates->setText(tr("%1 %2  %3 %4")
                         .arg(QChar(0x25bc))
                         .arg(ConnectionListModel::formatRate(totals.rateIn.rate(now)))
                         .arg(QChar(0x25b2))
                         .arg(ConnectionListModel::formatRate(totals.rateOut.rate(now))));
    // A reset of counters lowers the totals: that second shows nothing, not a negative rate.
    m_graph->addSample(double(qMax<qint64>(0, totals.bytesIn - m_lastBytesIn)),
                       double(qMax<qint64>(0, totals.bytesOut - m_lastBytesOut)));
    m_lastBytesIn = totals.bytesIn;
    m_lastBytesOut = totals.bytesOut;
}

void MainWindow::showStatus(const QString &text, int timeoutMs)
{
    m_lastStatus = text;
    statusBar()->showMessage(text, timeoutMs);
}

void MainWindow::saveSessions() const
{
    if (m_loadingSessions)
        return; // once, when the last of them is in
    QJsonArray list;
    for (SessionPage *page : pages())
        list.append(page->setup().toJson());
    QSettings settings;
    settings.setValue(QStringLiteral("sessions/list"),
                      QJsonDocument(list).toJson(QJsonDocument::Compact));
}

QStringList MainWindow::addSessions(const QList<SessionSetup> &setups, bool startMarked)
{
    // One save at the end, not one per session: saving walks every panel.
    m_loadingSessions = true;
    // A visible QTabBar lays out every tab again for each one inserted (quadratic in a large
    // workspace); hidden, it does so once, when shown.
    const bool tabBarShown = m_tabs->tabBar()->isVisibleTo(m_tabs);
    m_tabs->tabBar()->hide();
    QStringList problems;
    int added = 0;
    for (const SessionSetup &setup : setups) {
        // Qt compresses layout and update requests by scanning every posted event: delivered
        // now and then, the queue stays short and a large workspace opens in linear time.
        if (++added % 32 == 0)
            QCoreApplication::sendPostedEvents();
        // Framing and rules first, so a session started from the list answers from the first
        // byte.
        SessionPage *page = addSessionPage(setup.config);
        for (const QString &problem : page->applySetup(setup))
            problems << tr("%1: %2").arg(page->title(), problem);
        if (startMarked && setup.start)
            page->toggleStart();
    }
    m_loadingSessions = false;
    m_tabs->tabBar()->setVisible(tabBarShown);
    saveSessions();
    return problems;
}

void MainWindow::restoreSettings(bool restoreSessions)
{
    QSettings settings;
    // Below this the rows of controls wrap so often that the window's minimum height (which
    // does not follow the wrapping) no longer holds them; measured in the font's units so it
    // scales with it, and never more than the screen.
    const QSize available = screen()->availableGeometry().size();
    const QFontMetrics metrics = fontMetrics();
    setMinimumSize(
        QSize(metrics.horizontalAdvance(QLatin1Char('m')) * 64, metrics.lineSpacing() * 28)
            .boundedTo(available));
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) {
        // 1280x800 where there is room; on a smaller screen most of it, leaving some for the
        // window frame (not known before the window is shown).
        resize(QSize(1280, 800).boundedTo(available * 0.95));
    }
    if (!restoreState(settings.value(QStringLiteral("window/state")).toByteArray())) {
        // The presets list needs less room than the sessions: a fifth of the window.
        if (auto *dock = findChild<QDockWidget *>(QStringLiteral("presetsDock")))
            resizeDocks({dock}, {qBound(180, width() / 5, 260)}, Qt::Horizontal);
    }
    if (!restoreSessions)
        return;
    const QJsonArray list =
        QJsonDocument::fromJson(settings.value(QStringLiteral("sessions/list")).toByteArray())
            .array();
    QList<SessionSetup> setups;
    QStringList problems;
    for (int i = 0; i < list.size(); ++i) {
        QString why;
        if (const auto setup = SessionSetup::fromJson(list.at(i).toObject(), &why))
            setups << *setup;
        else
            problems << tr("Session %1 of the last run was not restored: %2").arg(i + 1).arg(why);
    }
    problems << addSessions(setups, false); // the last run's sessions open stopped
    if (!list.isEmpty())
        m_tabs->setCurrentIndex(0);
    if (!problems.isEmpty())
        showStatus(problems.join(QLatin1Char(' ')), 0);
}

bool MainWindow::openWorkspace(const QString &path, WorkspaceOpen how)
{
    Workspace workspace;
    QString error;
    if (!workspace.load(path, &error)) {
        showStatus(error, 0);
        return false;
    }
    if (how == WorkspaceOpen::Replace) {
        for (int i = m_tabs->count() - 1; i >= 0; --i) {
            if (qobject_cast<SessionPage *>(m_tabs->widget(i)))
                closeSession(i);
        }
    }
    const int firstOpened = m_tabs->count();
    const QStringList problems = addSessions(workspace.sessions, true);
    if (!workspace.sessions.isEmpty())
        m_tabs->setCurrentIndex(firstOpened); // the workspace's first session, not its last
    // Presets the workspace brings that we do not have yet.
    QList<Preset> presets = m_presets->presets();
    for (const Preset &preset : std::as_const(workspace.presets)) {
        if (!presets.contains(preset))
            presets << preset;
    }
    m_presets->setPresets(presets);
    m_presets->save();
    m_workspacePath = path;
    showStatus(tr("Opened %n session(s) from %1", "", int(workspace.sessions.size()))
                   .arg(QFileInfo(path).fileName()));
    if (!problems.isEmpty())
        showStatus(problems.join(QLatin1Char(' ')), 0);
    return true;
}

bool MainWindow::saveWorkspace(const QString &path)
{
    Workspace workspace;
    for (SessionPage *page : pages())
        workspace.sessions << page->setup();
    workspace.presets = m_presets->presets();
    QString error;
    if (!workspace.save(path, &error)) {
        showStatus(error, 0);
        return false;
    }
    m_workspacePath = path;
    showStatus(tr("Saved %n session(s) to %1", "", int(workspace.sessions.size()))
                   .arg(QFileInfo(path).fileName()));
    return true;
}

void MainWindow::openWorkspaceDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open workspace"), m_workspacePath,
                                                      tr("Sockeye workspaces (*.sockeye);;All "
                                                         "files (*)"));
    if (path.isEmpty())
        return;
    WorkspaceOpen how = WorkspaceOpen::Add;
    if (!pages().isEmpty()) {
        // Adding to open sessions that use the same ports would only end in "port in use".
        QMessageBox box(QMessageBox::Question, tr("Open workspace"),
                        tr("Replace the %n open session(s) with those of %1, or add them?", "",
                           int(pages().size()))
                            .arg(QFileInfo(path).fileName()),
                        QMessageBox::Cancel, this);
        QPushButton *replace = box.addButton(tr("&Replace"), QMessageBox::AcceptRole);
        QPushButton *add = box.addButton(tr("&Add"), QMessageBox::AcceptRole);
        box.setDefaultButton(replace);
        box.exec();
        if (box.clickedButton() == replace)
            how = WorkspaceOpen::Replace;
        else if (box.clickedButton() != add)
            return;
    }
    openWorkspace(path, how);
}

void MainWindow::saveWorkspaceDialog()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Save workspace"), m_workspacePath,
                                                tr("Sockeye workspaces (*.sockeye)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1String(".sockeye")))
        path += QLatin1String(".sockeye");
    saveWorkspace(path);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!confirmQuit()) {
        event->ignore();
        return;
    }
    saveSessions();
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    QMainWindow::closeEvent(event);
}

} // namespace sockeye
