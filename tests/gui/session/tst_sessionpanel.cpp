#include "closewatcher.h"
#include "externalpeer.h"
#include "models/connectionlistmodel.h"
#include "models/trafficmodel.h"
#include "privatesettings.h"
#include "session/sendcomposer.h"
#include "session/sessionmanager.h"
#include "session/sessionpanel.h"
#include "session/socketoptionsdialog.h"
#include "session/tcpclientsession.h"
#include "session/tcpserversession.h"
#include "sessionfacingpython.h"
#include "traffic/trafficlog.h"
#include "traffic/trafficpane.h"
#include "traffic/trafficview.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <memory>

using namespace sockeye;

class tst_SessionPanel : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void serverSendsToAllOrSelectedClients();
    void errorShowsInlineWithoutModal();
    void clientConnectsFromTheUi();
    void bindDropDownMapsToConfigWords_data();
    void bindDropDownMapsToConfigWords();
    void titleShowsTheBoundPort_data();
    void titleShowsTheBoundPort();
    void reconnectAttemptMatchesTheTimeline();
    void otherWaysToClose_data();
    void otherWaysToClose();
    void socketOptionsFromItsButton();
    void columnsChosenFromTheHeader();
    void viewAndSendBoxOptionsAreSavedWithTheSession();

private:
    static SessionConfig serverConfig()
    {
        SessionConfig config;
        config.kind = SessionKind::TcpServer;
        config.bindAddress = QStringLiteral("127.0.0.1");
        config.bindPort = 0;
        return config;
    }
    QTemporaryDir m_settingsDir;
};

void tst_SessionPanel::initTestCase()
{
    sockeye::test::usePrivateSettings(m_settingsDir.path());
}

void tst_SessionPanel::serverSendsToAllOrSelectedClients()
{
    SessionManager manager;
    auto *server = qobject_cast<TcpServerSession *>(manager.createSession(serverConfig()));
    SessionPanel panel(server);
    panel.resize(1100, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));

    QCOMPARE(panel.startButton()->text(), QStringLiteral("&Start"));
    QTest::mouseClick(panel.startButton(), Qt::LeftButton);
    QTRY_COMPARE(server->state(), Session::State::Listening);
    QCOMPARE(panel.startButton()->text(), QStringLiteral("&Stop"));
    QVERIFY(panel.stateLabel()->text().contains(QStringLiteral("Listening on 127.0.0.1:")));
    QVERIFY(!panel.portBox()->isEnabled()); // settings are locked while running

    // Two real clients in the same process.
    SessionConfig clientConfig;
    clientConfig.kind = SessionKind::TcpClient;
    clientConfig.remoteHost = QStringLiteral("127.0.0.1");
    clientConfig.remotePort = server->serverPort();
    auto *a = qobject_cast<TcpClientSession *>(manager.createSession(clientConfig));
    auto *b = qobject_cast<TcpClientSession *>(manager.createSession(clientConfig));
    QVERIFY(a->start());
    QTRY_COMPARE(panel.connectionModel()->rowCount(), 1);
    QVERIFY(b->start());
    QTRY_COMPARE(panel.connectionModel()->rowCount(), 2);
    QTRY_COMPARE(a->state(), Session::State::Connected);
    QTRY_COMPARE(b->state(), Session::State::Connected);

    QByteArray gotA;
    QByteArray gotB;
    connect(a, &Session::dataReceived, this, [&gotA](PeerId, const QByteArray &d) { gotA += d; });
    connect(b, &Session::dataReceived, this, [&gotB](PeerId, const QByteArray &d) { gotB += d; });

    // Nothing selected: the UI says "all", and Send reaches both.
    QTableView *table = panel.connectionView();
    QVERIFY(panel.findChildren<QLabel *>().size() > 0);
    QTest::keyClicks(panel.composer()->editor(), QStringLiteral("hello"));
    panel.composer()->lineEndingBox()->setCurrentIndex(3); // CR LF
    QTest::mouseClick(panel.composer()->sendButton(), Qt::LeftButton);
    QTRY_COMPARE(gotA, QByteArray("hello\r\n"));
    QTRY_COMPARE(gotB, QByteArray("hello\r\n"));

    // Select the row of client a: only a gets the next payload.
    int rowA = -1;
    for (int row = 0; row < 2; ++row) {
        if (server->peer(panel.connectionModel()->peerAt(row))->port == a->localPort())
            rowA = row;
    }
    QVERIFY(rowA >= 0);
    const QRect rect = table->visualRect(panel.connectionModel()->index(rowA, 0));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(panel.composer()->targets().size(), 1);
    // The composer says whom it sends to, by address.
    bool says = false;
    for (const QLabel *label : panel.composer()->findChildren<QLabel *>())
        says |= label->text() == QStringLiteral("To: 127.0.0.1:%1").arg(a->localPort());
    QVERIFY(says);
    panel.composer()->editor()->clear();
    QTest::keyClicks(panel.composer()->editor(), QStringLiteral("only a"));
    QTest::keyClick(panel.composer()->editor(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE(gotA, QByteArray("hello\r\nonly a\r\n"));
    // The sentinel, sent to b after: it arrives alone.
    PeerId peerB = NoPeer;
    for (const Peer &peer : server->peers()) {
        if (peer.port == b->localPort())
            peerB = peer.id;
    }
    QVERIFY(server->send("|\r\n", {peerB}).ok());
    QTRY_COMPARE(gotB, QByteArray("hello\r\n|\r\n"));

    // The traffic view holds what was sent, formatted as text (the log mode shows the line
    // ends as escapes; the stream mode breaks the line there).
    panel.trafficModel()->flush();
    panel.trafficPane()->setMode(TrafficView::Mode::Log);
    TrafficView *view = panel.trafficPane()->view();
    int sentRows = 0;
    for (int row = 0; row < panel.trafficModel()->rowCount(); ++row) {
        const TrafficRecord *record = panel.trafficModel()->recordAt(row);
        if (record->direction == Direction::Tx) {
            ++sentRows;
            QVERIFY(view->rowLines(row).join(QString()).contains(QStringLiteral("\\r\\n")));
        }
    }
    QCOMPARE(sentRows, 4); // hello to a and b, "only a" to a, the sentinel to b

    // Counters reach the table within a refresh.
    const QModelIndex bytesOut =
        panel.connectionModel()->index(rowA, ConnectionListModel::BytesOutColumn);
    QTRY_COMPARE(bytesOut.data(ConnectionListModel::BytesOutRole).toLongLong(), 15);

    // Disconnect the selected client from the context-menu action.
    panel.disconnectSelected();
    QTRY_COMPARE(panel.connectionModel()->rowCount(), 1);
    QTRY_COMPARE(a->state(), Session::State::Idle);

    // Stop with the same button.
    QTest::mouseClick(panel.startButton(), Qt::LeftButton);
    QTRY_COMPARE(server->state(), Session::State::Idle);
    QTRY_COMPARE(panel.connectionModel()->rowCount(), 0);
    QVERIFY(panel.portBox()->isEnabled());
}

void tst_SessionPanel::errorShowsInlineWithoutModal()
{
    SessionManager manager;
    auto *first = qobject_cast<TcpServerSession *>(manager.createSession(serverConfig()));
    QVERIFY(first->start());
    SessionConfig clash = serverConfig();
    clash.bindPort = first->serverPort();
    Session *second = manager.createSession(clash);
    SessionPanel panel(second);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QCOMPARE(panel.portBox()->value(), int(first->serverPort()));
    QWidget *traffic = panel.trafficPane()->view();
    const QRect trafficBefore(traffic->mapTo(&panel, QPoint(0, 0)), traffic->size());
    const QPoint startBefore = panel.startButton()->mapTo(&panel, QPoint(0, 0));

    QTest::mouseClick(panel.startButton(), Qt::LeftButton);
    QTRY_VERIFY(!panel.errorText().isEmpty());
    // The banner lies over the top of the traffic: nothing moved for it.
    QCOMPARE(QRect(traffic->mapTo(&panel, QPoint(0, 0)), traffic->size()), trafficBefore);
    QCOMPARE(panel.startButton()->mapTo(&panel, QPoint(0, 0)), startBefore);
    auto *banner = panel.findChild<QWidget *>(QStringLiteral("errorBanner"));
    QVERIFY(banner && banner->isVisible());
    QCOMPARE(banner->geometry().top(), trafficBefore.top());
    QVERIFY(banner->height() < trafficBefore.height() / 2);
    QCOMPARE(panel.errorText(), second->lastErrorText());
    QVERIFY(panel.errorText().contains(QString::number(first->serverPort())));
    QCOMPARE(QApplication::activeModalWidget(), nullptr);
    QCOMPARE(second->state(), Session::State::Idle);
    QCOMPARE(panel.startButton()->text(), QStringLiteral("&Start"));
}

void tst_SessionPanel::clientConnectsFromTheUi()
{
    SessionManager manager;
    auto *server = qobject_cast<TcpServerSession *>(manager.createSession(serverConfig()));
    QVERIFY(server->start());

    SessionConfig config;
    config.kind = SessionKind::TcpClient;
    Session *client = manager.createSession(config);
    SessionPanel panel(client);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QCOMPARE(panel.connectionView(), nullptr); // a client has no connection list

    QTest::keyClicks(panel.hostEdit(), QStringLiteral("127.0.0.1"));
    panel.remotePortBox()->selectAll();
    QTest::keyClicks(panel.remotePortBox(), QString::number(server->serverPort()));
    QCOMPARE(client->config().remotePort, server->serverPort()); // applied as typed
    QCOMPARE(panel.startButton()->text(), QStringLiteral("&Connect"));
    QTest::mouseClick(panel.startButton(), Qt::LeftButton);
    QTRY_COMPARE(client->state(), Session::State::Connected);
    QCOMPARE(panel.startButton()->text(), QStringLiteral("&Disconnect"));
    QVERIFY(panel.stateLabel()->text().contains(QStringLiteral("Connected to 127.0.0.1:")));
    QTRY_COMPARE(server->peers().size(), 1);

    QTest::mouseClick(panel.startButton(), Qt::LeftButton);
    QTRY_COMPARE(client->state(), Session::State::Idle);
}

void tst_SessionPanel::bindDropDownMapsToConfigWords_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("word");
    QTest::newRow("all IPv4") << 0 << QString() << QStringLiteral("any4");
    QTest::newRow("all IPv6") << 1 << QString() << QStringLiteral("any6");
    QTest::newRow("dual-stack") << 2 << QString() << QStringLiteral("any");
    QTest::newRow("typed literal")
        << -1 << QStringLiteral("127.0.0.1") << QStringLiteral("127.0.0.1");
}

void tst_SessionPanel::bindDropDownMapsToConfigWords()
{
    QFETCH(int, index);
    QFETCH(QString, typed);
    QFETCH(QString, word);
    SessionManager manager;
    Session *server = manager.createSession(serverConfig());
    SessionPanel panel(server);
    QSignalSpy changed(&panel, &SessionPanel::configChanged);
    if (index >= 0) {
        panel.bindBox()->setCurrentIndex(index);
    } else {
        panel.bindBox()->lineEdit()->clear();
        QTest::keyClicks(panel.bindBox()->lineEdit(), typed);
    }
    QCOMPARE(server->config().bindAddress, word);
}

void tst_SessionPanel::titleShowsTheBoundPort_data()
{
    QTest::addColumn<SessionKind>("kind");
    QTest::addColumn<QString>("prefix");
    QTest::newRow("TCP server on port 0")
        << SessionKind::TcpServer << QStringLiteral("TCP server :");
    QTest::newRow("UDP on port 0") << SessionKind::Udp << QStringLiteral("UDP :");
}

void tst_SessionPanel::titleShowsTheBoundPort()
{
    QFETCH(SessionKind, kind);
    QFETCH(QString, prefix);
    SessionManager manager;
    SessionConfig config = serverConfig();
    config.kind = kind;
    Session *session = manager.createSession(config);
    SessionPanel panel(session);
    QCOMPARE(panel.title(), prefix + QStringLiteral("0")); // not bound yet: as configured
    QSignalSpy titles(&panel, &SessionPanel::titleChanged);
    QVERIFY(session->start());
    QTRY_VERIFY(session->isActive());
    QTRY_VERIFY(!titles.isEmpty());
    const quint16 port = session->boundPort();
    QVERIFY(port != 0);
    QCOMPARE(panel.title(), prefix + QString::number(port));
    // The state line names what was bound, as the timeline does.
    QVERIFY2(panel.stateLabel()->text().endsWith(QStringLiteral("127.0.0.1:%1").arg(port)),
             qPrintable(panel.stateLabel()->text()));
    session->stop();
    QCOMPARE(panel.title(), prefix + QStringLiteral("0"));
}

void tst_SessionPanel::reconnectAttemptMatchesTheTimeline()
{
    SessionManager manager;
    SessionConfig config;
    config.kind = SessionKind::TcpClient;
    config.remoteHost = QStringLiteral("127.0.0.1");
    config.remotePort = sockeye::test::freeTcpPort(); // nobody listens: every attempt is refused
    config.autoReconnect = true;
    config.reconnectMinMs = 50;
    config.reconnectMaxMs = 50;
    Session *session = manager.createSession(config);
    SessionPanel panel(session);
    const TrafficLog *log = manager.log();
    // At each wait, as it begins (the panel hears of it first: it connected first), the label
    // and the timeline's latest line, "Reconnecting to ... (attempt N)", give the same N.
    int compared = 0;
    QStringList mismatches;
    connect(session, &Session::stateChanged, &panel, [&](Session::State state) {
        if (state != Session::State::Reconnecting)
            return;
        const QString logged = log->at(log->size() - 1).text;
        const QString attempt = logged.section(QStringLiteral("(attempt "), 1);
        if (panel.stateLabel()->text() !=
            QStringLiteral("\u25cf Waiting to reconnect (attempt ") + attempt)
            mismatches << panel.stateLabel()->text() + QStringLiteral(" / ") + logged;
        ++compared;
    });
    QVERIFY(session->start());
    QTRY_VERIFY_WITH_TIMEOUT(compared >= 3, 10000);
    session->stop();
    QVERIFY2(mismatches.isEmpty(), qPrintable(mismatches.join(QLatin1Char('\n'))));
}

void tst_SessionPanel::otherWaysToClose_data()
{
    QTest::addColumn<bool>("server"); // the panel of a server (its selected client) or a client
    QTest::addColumn<bool>("reset");  // else half-close
    QTest::newRow("a client resets from its close menu") << false << true;
    QTest::newRow("a client half-closes from its close menu") << false << false;
    QTest::newRow("a server resets its selected client") << true << true;
    QTest::newRow("a server half-closes its selected client") << true << false;
}

// Reset and Half-close, as the peer sees them; after a half-close its answer still arrives.
void tst_SessionPanel::otherWaysToClose()
{
    QFETCH(bool, server);
    QFETCH(bool, reset);
    SessionManager manager;
    std::unique_ptr<sockeye::test::ExternalPeer> peer;
    // A client is connected below with its panel's button, as a user would.
    Session *session = sockeye::test::sessionFacingPython(
        manager, serverConfig(), server, sockeye::test::PyCloseWatcher, peer, false);
    QVERIFY(session);
    SessionPanel panel(session);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    if (!server) {
        QVERIFY(!panel.closeMenuButton()->isEnabled()); // nothing to close yet
        QTest::mouseClick(panel.startButton(), Qt::LeftButton);
        QTRY_COMPARE(session->state(), Session::State::Connected);
    }
    QVERIFY(peer->waitForOutput("READY"));
    QTRY_COMPARE(session->peers().size(), 1);
    if (server) {
        QTRY_COMPARE(panel.connectionModel()->rowCount(), 1);
        panel.connectionView()->selectRow(0);
        panel.disconnectSelected(reset ? Session::CloseMode::Reset : Session::CloseMode::HalfClose);
    } else {
        QVERIFY(panel.closeMenuButton()->isEnabled());
        const QList<QAction *> actions = panel.closeMenuButton()->menu()->actions();
        QCOMPARE(actions.size(), 2);
        actions.at(reset ? 0 : 1)->trigger();
    }
    QVERIFY(peer->waitForOutput("DONE"));
    QVERIFY2(peer->output().contains(reset ? "RESET" : "EOF"), peer->output().constData());
    if (!reset) // what it sent after our FIN arrived
        QTRY_COMPARE(manager.log()->sessionCounters(session->id()).bytesIn, qint64(5));
    QTRY_VERIFY(session->peers().isEmpty());
}

// Keepalive set in the dialog reaches the kernel for the next client (as `ss` reports it).
void tst_SessionPanel::socketOptionsFromItsButton()
{
    SessionManager manager;
    Session *server = manager.createSession(serverConfig());
    SessionPanel panel(server);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    bool seen = false;
    QTimer::singleShot(0, this, [&seen] {
        auto *dialog = qobject_cast<SocketOptionsDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        seen = true;
        dialog->ui.keepAlive->setChecked(true);
        dialog->ui.idle->setValue(20);
        dialog->accept();
    });
    QTest::mouseClick(panel.socketOptionsButton(), Qt::LeftButton);
    QVERIFY(seen);
    QCOMPARE(server->config().keepAliveIdleS, 20);

    QTest::mouseClick(panel.startButton(), Qt::LeftButton);
    QTRY_COMPARE(server->state(), Session::State::Listening);
    std::unique_ptr<sockeye::test::ExternalPeer> client(sockeye::test::ExternalPeer::python(
        sockeye::test::PyCloseWatcher,
        {QStringLiteral("client"), QString::number(server->boundPort())}));
    QVERIFY(client->waitForOutput("READY"));
    QTRY_COMPARE(server->peers().size(), 1);
    QProcess ss;
    ss.start(QStringLiteral("ss"),
             {QStringLiteral("-tnoH"), QStringLiteral("state"), QStringLiteral("established"),
              QStringLiteral("( sport = :%1 )").arg(server->boundPort())});
    QVERIFY(ss.waitForFinished(5000));
    const QString stats = QString::fromLocal8Bit(ss.readAllStandardOutput());
    QVERIFY2(stats.contains(QLatin1String("timer:(keepalive,")), qPrintable(stats));
}

// The connection list's header menu hides and shows columns, and the choice is remembered
// for the next server's list.
void tst_SessionPanel::columnsChosenFromTheHeader()
{
    SessionManager manager;
    Session *server = manager.createSession(serverConfig());
    const auto chooseFromHeader = [](SessionPanel &panel, const QString &column) {
        QTimer::singleShot(0, &panel, [column] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            QVERIFY(menu);
            for (QAction *action : menu->actions()) {
                if (action->text() == column)
                    action->trigger();
            }
            menu->close();
        });
        QHeaderView *header = panel.connectionView()->horizontalHeader();
        emit header->customContextMenuRequested(QPoint(10, header->height() / 2));
    };
    {
        SessionPanel panel(server);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(!panel.connectionView()->isColumnHidden(ConnectionListModel::FramesInColumn));
        chooseFromHeader(panel, QStringLiteral("Frames in"));
        QVERIFY(panel.connectionView()->isColumnHidden(ConnectionListModel::FramesInColumn));
    }
    {
        SessionPanel again(server);
        QVERIFY(again.connectionView()->isColumnHidden(ConnectionListModel::FramesInColumn));
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        chooseFromHeader(again, QStringLiteral("Frames in")); // and back
        QVERIFY(!again.connectionView()->isColumnHidden(ConnectionListModel::FramesInColumn));
    }
    QVERIFY(
        QSettings().value(QStringLiteral("view/connectionColumns/tcp")).toStringList().isEmpty());
}

QTEST_MAIN(tst_SessionPanel)
void tst_SessionPanel::viewAndSendBoxOptionsAreSavedWithTheSession()
{
    QSettings().clear(); // the composer's line ending another test chose
    SessionManager manager;
    Session *server = manager.createSession(serverConfig());
    QVERIFY(server->start());
    const quint16 port = qobject_cast<TcpServerSession *>(server)->serverPort();
    SessionConfig clientConfig;
    clientConfig.kind = SessionKind::TcpClient;
    clientConfig.remoteHost = QStringLiteral("127.0.0.1");
    clientConfig.remotePort = port;
    Session *client = manager.createSession(clientConfig);
    QByteArray received;
    connect(server, &Session::dataReceived, this,
            [&received](PeerId, const QByteArray &bytes) { received += bytes; });
    SessionSetup saved;
    {
        SessionPanel panel(client);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(client->start());
        QTRY_COMPARE(client->state(), Session::State::Connected);
        QSignalSpy changed(&panel, &SessionPanel::configChanged);
        panel.trafficPane()->setMode(TrafficView::Mode::HexDump);
        panel.composer()->clearAfterSendBox()->click();
        QVERIFY(changed.count() >= 2); // each saves the session list
        QTest::keyClicks(panel.composer()->editor(), QStringLiteral("ping"));
        QTest::keyClick(panel.composer()->editor(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE(received, QByteArray("ping"));
        // Sent, then emptied; Up brings it back from the history.
        QCOMPARE(panel.composer()->editor()->toPlainText(), QString());
        QTest::keyClick(panel.composer()->editor(), Qt::Key_Up);
        QCOMPARE(panel.composer()->editor()->toPlainText(), QStringLiteral("ping"));
        saved = panel.setup();
    }
    // Restored from the saved setup, the session looks and behaves as it did; a new session's
    // panel starts from the defaults.
    SessionPanel restored(client);
    QCOMPARE(restored.trafficPane()->mode(), TrafficView::Mode::Stream);
    QVERIFY(!restored.composer()->clearsAfterSend());
    restored.applySetup(saved);
    QCOMPARE(restored.trafficPane()->mode(), TrafficView::Mode::HexDump);
    QVERIFY(restored.composer()->clearsAfterSend());
}

#include "tst_sessionpanel.moc"
