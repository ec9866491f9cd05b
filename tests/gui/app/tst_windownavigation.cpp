#include "app/mainwindow.h"
#include "privatesettings.h"
#include "session/sendcomposer.h"
#include "session/sessionmanager.h"
#include "session/sessionpanel.h"
#include "session/tcpserversession.h"

#include <QApplication>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace sockeye;

/// The window from the keyboard (next and previous session, the send box) and the question
/// before quitting with open connections, as a user meets them.
class tst_WindowNavigation : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void keysMoveBetweenSessions_data();
    void keysMoveBetweenSessions();
    void sendBoxFromTheKeyboard();
    void newSessionStartsAtItsFirstField_data();
    void newSessionStartsAtItsFirstField();
    void quitAsksWhileConnectionsAreOpen_data();
    void quitAsksWhileConnectionsAreOpen();

private:
    QTemporaryDir m_dir;
};

void tst_WindowNavigation::initTestCase()
{
    sockeye::test::usePrivateSettings(m_dir.path());
}

void tst_WindowNavigation::keysMoveBetweenSessions_data()
{
    QTest::addColumn<QKeyCombination>("key");
    QTest::addColumn<int>("step");
    QTest::newRow("Ctrl+PgDown") << QKeyCombination(Qt::CTRL | Qt::Key_PageDown) << 1;
    QTest::newRow("Ctrl+PgUp") << QKeyCombination(Qt::CTRL | Qt::Key_PageUp) << -1;
    QTest::newRow("Ctrl+Tab") << QKeyCombination(Qt::CTRL | Qt::Key_Tab) << 1;
}

void tst_WindowNavigation::keysMoveBetweenSessions()
{
    QFETCH(QKeyCombination, key);
    QFETCH(int, step);
    MainWindow window(false);
    for (SessionKind kind : {SessionKind::TcpServer, SessionKind::TcpClient, SessionKind::Udp})
        window.addSession(window.defaultConfig(kind));
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.tabs()->setCurrentIndex(0);
    QTest::keyClick(&window, key.key(), key.keyboardModifiers());
    QCOMPARE(window.tabs()->currentIndex(), (3 + step) % 3); // wraps around
    QTest::keyClick(&window, key.key(), key.keyboardModifiers());
    QCOMPARE(window.tabs()->currentIndex(), (3 + 2 * step) % 3);
}

void tst_WindowNavigation::sendBoxFromTheKeyboard()
{
    MainWindow window(false);
    SessionPanel *panel = window.addSession(window.defaultConfig(SessionKind::Udp));
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QVERIFY(!panel->composer()->editor()->hasFocus());
    QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
    QTRY_VERIFY(panel->composer()->editor()->hasFocus());
}

void tst_WindowNavigation::newSessionStartsAtItsFirstField_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("TCP client: the host") << int(SessionKind::TcpClient);
    QTest::newRow("TCP server: the port") << int(SessionKind::TcpServer);
    QTest::newRow("UDP: the port") << int(SessionKind::Udp);
}

void tst_WindowNavigation::newSessionStartsAtItsFirstField()
{
    QFETCH(int, kind);
    MainWindow window(false);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    SessionPanel *panel = window.addSession(window.defaultConfig(SessionKind(kind)));
    QWidget *first = SessionKind(kind) == SessionKind::TcpClient
                         ? static_cast<QWidget *>(panel->hostEdit())
                         : static_cast<QWidget *>(panel->portBox());
    QTRY_VERIFY2(first->hasFocus(), QApplication::focusWidget()
                                        ? QApplication::focusWidget()->metaObject()->className()
                                        : "nothing has focus");
}

void tst_WindowNavigation::quitAsksWhileConnectionsAreOpen_data()
{
    QTest::addColumn<bool>("connected");
    QTest::addColumn<QString>("answer"); // the button clicked, "" when nothing is asked
    QTest::addColumn<bool>("quits");
    QTest::newRow("no connection: quits without asking") << false << QString() << true;
    QTest::newRow("a connection, Cancel: stays") << true << QStringLiteral("Cancel") << false;
    QTest::newRow("a connection, Quit: quits") << true << QStringLiteral("&Quit") << true;
}

void tst_WindowNavigation::quitAsksWhileConnectionsAreOpen()
{
    QFETCH(bool, connected);
    QFETCH(QString, answer);
    QFETCH(bool, quits);
    MainWindow window(false);
    SessionConfig server = window.defaultConfig(SessionKind::TcpServer);
    server.bindAddress = QStringLiteral("127.0.0.1");
    server.bindPort = 0;
    SessionPanel *serverPanel = window.addSession(server, true);
    QTRY_COMPARE(serverPanel->session()->state(), Session::State::Listening);
    if (connected) {
        SessionConfig client = window.defaultConfig(SessionKind::TcpClient);
        client.remoteHost = QStringLiteral("127.0.0.1");
        client.remotePort = serverPanel->session()->boundPort();
        SessionPanel *clientPanel = window.addSession(client, true);
        QTRY_COMPARE(clientPanel->session()->state(), Session::State::Connected);
    }
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QString asked;
    QTimer::singleShot(0, this, [&asked, answer] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        asked = box->text();
        for (QAbstractButton *button : box->buttons()) {
            if (button->text() == answer)
                button->click();
        }
    });
    window.close();
    QCOMPARE(window.isVisible(), !quits);
    if (connected) // one client and the server's side of it
        QCOMPARE(asked, QStringLiteral("2 connections in 2 sessions are still open. Quit and "
                                       "close them?"));
    else
        QVERIFY(asked.isEmpty());
}

QTEST_MAIN(tst_WindowNavigation)
#include "tst_windownavigation.moc"
