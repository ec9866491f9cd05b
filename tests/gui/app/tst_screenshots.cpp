#include "app/mainwindow.h"
#include "models/trafficmodel.h"
#include "privatesettings.h"
#include "session/presetpanel.h"
#include "session/sendcomposer.h"
#include "session/sessionmanager.h"
#include "session/sessionpanel.h"
#include "session/tcpclientsession.h"
#include "session/tcpserversession.h"
#include "traffic/trafficpane.h"
#include "traffic/trafficview.h"

#include <QApplication>
#include <QDir>
#include <QPlainTextEdit>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace sockeye;

/// Renders the main window with a server, two clients and traffic in each view mode to PNG
/// files under the build tree (tests/gui/screenshots), for people to look at.
class tst_Screenshots : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void mainWindow_data();
    void mainWindow();

private:
    QTemporaryDir m_settingsDir;
};

void tst_Screenshots::initTestCase()
{
    sockeye::test::usePrivateSettings(m_settingsDir.path());
    QVERIFY(QDir().mkpath(QStringLiteral(SOCKEYE_SCREENSHOT_DIR)));
}

void tst_Screenshots::mainWindow_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<bool>("dark");
    QTest::newRow("text") << 0 << false; // the stream mode
    QTest::newRow("log") << 1 << false;
    QTest::newRow("hex") << 2 << false;
    QTest::newRow("hexdump") << 3 << false;
    QTest::newRow("text-dark") << 0 << true;
}

void tst_Screenshots::mainWindow()
{
    QFETCH(int, mode);
    QFETCH(bool, dark);

    QSettings().clear();
    const QPalette original = QApplication::palette();
    if (dark) {
        QPalette p;
        p.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x30));
        p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
        p.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
        p.setColor(QPalette::AlternateBase, QColor(0x2b, 0x2d, 0x30));
        p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
        p.setColor(QPalette::Button, QColor(0x3c, 0x3f, 0x41));
        p.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
        p.setColor(QPalette::Highlight, QColor(0x2f, 0x65, 0xca));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3f, 0x41));
        p.setColor(QPalette::ToolTipText, QColor(0xe6, 0xe6, 0xe6));
        p.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
        p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
        p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
        p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
        QApplication::setPalette(p);
    }

    MainWindow window(false);
    window.resize(1360, 820);
    window.presetPanel()->addPreset(
        PayloadSpec(PayloadSpec::Mode::Text, QStringLiteral("PING\\r\\n")), QStringLiteral("Ping"));
    window.presetPanel()->addPreset(
        PayloadSpec(PayloadSpec::Mode::Hex, QStringLiteral("01 03 00 00 00 0A")),
        QStringLiteral("Modbus read 10 registers"));
    SessionConfig server = window.defaultConfig(SessionKind::TcpServer);
    server.bindAddress = QStringLiteral("127.0.0.1");
    server.bindPort = 0;
    SessionPanel *serverPanel = window.addSession(server, true);
    auto *tcpServer = qobject_cast<TcpServerSession *>(serverPanel->session());
    QTRY_COMPARE(tcpServer->state(), Session::State::Listening);

    QList<Session *> clients;
    for (int i = 0; i < 2; ++i) {
        SessionConfig client = window.defaultConfig(SessionKind::TcpClient);
        client.remotePort = tcpServer->serverPort();
        clients << window.addSession(client, true)->session();
    }
    for (Session *client : clients)
        QTRY_COMPARE(client->state(), Session::State::Connected);
    QTRY_COMPARE(tcpServer->peers().size(), 2);

    QVERIFY(clients[0]->send("GET /status HTTP/1.1\r\nHost: device\r\n\r\n").ok());
    QVERIFY(clients[1]->send(QByteArray::fromHex("0103000000010A84")).ok());
    QTest::qWait(50);
    QVERIFY(tcpServer->send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok").ok());
    QVERIFY(clients[1]->send("temperature=21.5C humidity=40% \xe2\x9c\x93 sensor-7 ready\n").ok());
    QByteArray binary;
    for (int i = 0; i < 40; ++i)
        binary += char(i * 13);
    QVERIFY(clients[0]->send(binary).ok());
    QTRY_VERIFY(tcpServer->counters().framesIn >= 4);

    window.tabs()->setCurrentIndex(window.tabIndex(serverPanel));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    serverPanel->trafficPane()->setMode(LineFormatter::Mode(mode));
    serverPanel->composer()->editor()->setPlainText(QStringLiteral("Hello from Sockeye\\r\\n"));
    serverPanel->connectionView()->selectRow(0);
    QTest::qWait(1200); // a status bar refresh and a rate sample
    serverPanel->trafficModel()->flush();
    QCoreApplication::processEvents();

    const QString file = QStringLiteral(SOCKEYE_SCREENSHOT_DIR "/mainwindow-%1.png")
                             .arg(QString::fromLatin1(QTest::currentDataTag()));
    QVERIFY(window.grab().save(file));
    qInfo("wrote %s", qPrintable(file));
    QApplication::setPalette(original);
}

QTEST_MAIN(tst_Screenshots)
#include "tst_screenshots.moc"
