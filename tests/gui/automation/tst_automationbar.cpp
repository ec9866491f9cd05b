// The session panel's auto-reply row, driven as a user would: Echo for every session kind,
// the Echo and Welcome toggles beside the rules window, and the session's framing cutting the
// requests, against real sessions on 127.0.0.1.
#include "automationtest.h"

#include "app/mainwindow.h"
#include "automation/automationbar.h"
#include "automation/automationcontroller.h"
#include "automation/replyrule.h"
#include "automation/ruledialog.h"
#include "automation/ruleseditor.h"
#include "automation/rulesmodel.h"
#include "externalpeer.h"
#include "payload/checksum.h"
#include "privatesettings.h"
#include "session/sessionmanager.h"
#include "session/sessionpanel.h"
#include "session/tcpclientsession.h"
#include "session/tcpserversession.h"
#include "session/udpsession.h"
#include "traffic/framingedit.h"
#include "traffic/trafficpane.h"
#include "workspace/sessioncontroller.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace sockeye;
using sockeye::test::connectClient;
using sockeye::test::ExternalPeer;
using sockeye::test::rule;
using sockeye::test::serverConfig;

class tst_AutomationBar : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void echoAnswersForEverySessionKind_data();
    void echoAnswersForEverySessionKind();
    void echoAndWelcomeToggles();
    void framingCutsRequests();

private:
    QTemporaryDir m_dir;
};

void tst_AutomationBar::initTestCase()
{
    sockeye::test::usePrivateSettings(m_dir.path());
}

void tst_AutomationBar::echoAnswersForEverySessionKind_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("tcp server") << int(SessionKind::TcpServer);
    QTest::newRow("tcp client") << int(SessionKind::TcpClient);
    QTest::newRow("udp") << int(SessionKind::Udp);
}

void tst_AutomationBar::echoAnswersForEverySessionKind()
{
    QFETCH(int, kind);
    SessionManager manager;
    QByteArray received;
    const QByteArray ping("ping from the other side");
    Session *subject = nullptr;
    Session *other = nullptr;
    switch (SessionKind(kind)) {
    case SessionKind::TcpServer: {
        auto *server = qobject_cast<TcpServerSession *>(manager.createSession(serverConfig()));
        QVERIFY(server->start());
        subject = server;
        other = connectClient(manager, server, &received);
        QTRY_COMPARE(other->state(), Session::State::Connected);
        break;
    }
    case SessionKind::TcpClient: {
        auto *server = qobject_cast<TcpServerSession *>(manager.createSession(serverConfig()));
        QVERIFY(server->start());
        connect(server, &Session::dataReceived, this,
                [&received](PeerId, const QByteArray &bytes) { received += bytes; });
        SessionConfig config;
        config.kind = SessionKind::TcpClient;
        config.remoteHost = QStringLiteral("127.0.0.1");
        config.remotePort = server->serverPort();
        subject = manager.createSession(config);
        other = server;
        break;
    }
    case SessionKind::Udp: {
        SessionConfig config;
        config.kind = SessionKind::Udp;
        config.bindAddress = QStringLiteral("127.0.0.1");
        subject = manager.createSession(config);
        other = manager.createSession(config);
        QVERIFY(other->start());
        connect(other, &Session::dataReceived, this,
                [&received](PeerId, const QByteArray &bytes) { received += bytes; });
        break;
    }
    }
    SessionPanel panel(subject);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTest::mouseClick(panel.automationBar()->echoBox(), Qt::LeftButton);
    QVERIFY(panel.automation()->isEchoOn());
    if (!subject->isActive())
        QTest::mouseClick(panel.startButton(), Qt::LeftButton);
    QTRY_VERIFY(subject->state() == Session::State::Connected ||
                subject->state() == Session::State::Listening ||
                subject->state() == Session::State::Bound);
    if (SessionKind(kind) == SessionKind::Udp) {
        auto *udp = qobject_cast<UdpSession *>(other);
        QVERIFY(udp->sendTo(QStringLiteral("127.0.0.1"),
                            qobject_cast<UdpSession *>(subject)->localPort(), ping)
                    .ok());
    } else {
        QTRY_VERIFY(!other->peers().isEmpty());
        QVERIFY(other->send(ping).ok());
    }
    QTRY_COMPARE(received, ping);
}

void tst_AutomationBar::echoAndWelcomeToggles()
{
    SessionManager manager;
    auto *server = qobject_cast<TcpServerSession *>(manager.createSession(serverConfig()));
    SessionPanel panel(server);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    AutomationBar *bar = panel.automationBar();
    AutomationController *automation = panel.automation();

    // An invalid welcome payload is refused with the reason, live, and cannot be ticked.
    QTest::keyClicks(bar->welcomeEdit(), QStringLiteral("hex:4G"));
    QVERIFY(bar->errorText().contains(QStringLiteral("Welcome message")));
    QVERIFY(bar->errorText().contains(QStringLiteral("'G'")));
    QTest::mouseClick(bar->welcomeBox(), Qt::LeftButton);
    QVERIFY(!bar->welcomeBox()->isChecked());
    QCOMPARE(automation->welcomeIndex(), -1);

    bar->welcomeEdit()->clear();
    QTest::keyClicks(bar->welcomeEdit(), QStringLiteral("text:hello\\r\\n"));
    QVERIFY(bar->errorText().isEmpty());
    QTest::mouseClick(bar->welcomeBox(), Qt::LeftButton);
    QVERIFY(bar->welcomeBox()->isChecked());
    QTest::mouseClick(bar->echoBox(), Qt::LeftButton);
    // Both are rules in the list, which the rules window shows.
    QCOMPARE(automation->ruleCount(), 2);
    QCOMPARE(automation->welcomeIndex(), 0);
    QCOMPARE(automation->echoIndex(), 1);
    RulesModel *model = bar->rulesEditor()->model();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(1, RulesModel::ReplyColumn).data().toString(),
             QStringLiteral("echo the frame"));

    QTest::mouseClick(panel.startButton(), Qt::LeftButton);
    QTRY_COMPARE(server->state(), Session::State::Listening);
    QByteArray received;
    TcpClientSession *client = connectClient(manager, server, &received);
    QTRY_COMPARE(received, QByteArray("hello\r\n"));
    QVERIFY(client->send("echo me").ok());
    QTRY_COMPARE(received, QByteArray("hello\r\necho me"));

    // Editing the welcome text while on changes the rule; unticking the rule in the list
    // unticks the quick toggle.
    bar->welcomeEdit()->selectAll();
    QTest::keyClicks(bar->welcomeEdit(), QStringLiteral("hex:48 49"));
    QCOMPARE(automation->welcomePayload().toSyntax(), QStringLiteral("hex:48 49"));
    QVERIFY(
        model->setData(model->index(1, RulesModel::NameColumn), Qt::Unchecked, Qt::CheckStateRole));
    QVERIFY(!bar->echoBox()->isChecked());
    QVERIFY(client->send("no echo now").ok());
    // Once the server has it, any echo has been sent: the server's own byte comes after.
    QTRY_COMPARE(server->counters().bytesIn, qint64(sizeof("echo meno echo now") - 1));
    QVERIFY(server->send("|").ok());
    QTRY_COMPARE(received, QByteArray("hello\r\necho me|"));

    QByteArray second;
    TcpClientSession *other = connectClient(manager, server, &second);
    QTRY_COMPARE(second, QByteArray("HI"));

    // Unticking the welcome keeps the rule (and its text) but stops greeting.
    QTest::mouseClick(bar->welcomeBox(), Qt::LeftButton);
    QVERIFY(!automation->isWelcomeOn());
    QCOMPARE(automation->ruleCount(), 2);
    QByteArray third;
    TcpClientSession *late = connectClient(manager, server, &third);
    QTRY_COMPARE(late->state(), Session::State::Connected);
    // A welcome goes out as the server takes the client: the server's own byte comes after.
    QTRY_COMPARE(server->peers().size(), 3);
    QVERIFY(server->send("|", {server->peers().constLast().id}).ok());
    QTRY_COMPARE(third, QByteArray("|"));
    Q_UNUSED(other)
}

void tst_AutomationBar::framingCutsRequests()
{
    SessionManager manager;
    auto *server = qobject_cast<TcpServerSession *>(manager.createSession(serverConfig()));
    SessionPanel panel(server);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    // The one place a session's framing is set: the traffic view's Frames field.
    FramingEdit *framing = panel.trafficPane()->framingEdit();

    // A bad spec: said in a sentence, framing unchanged.
    framing->specEdit()->clear();
    QTest::keyClicks(framing->specEdit(), QStringLiteral("prefix:3"));
    QVERIFY2(framing->error().contains(QStringLiteral("1, 2 or 4")), qPrintable(framing->error()));
    QCOMPARE(panel.automation()->framingSpec(), QString());

    // Picking a kind fills in an example; this one is what we want.
    framing->kindBox()->setCurrentIndex(1);
    emit framing->kindBox()->activated(1);
    QCOMPARE(framing->spec(), QStringLiteral("delim:\\r\\n"));
    QVERIFY(framing->error().isEmpty());
    QCOMPARE(panel.automation()->framingSpec(), QStringLiteral("delim:\\r\\n"));
    QCOMPARE(panel.trafficPane()->framing(), QStringLiteral("delim:\\r\\n"));

    panel.automation()->setRules({rule(QStringLiteral("exact:PING"), QStringLiteral("PONG;"))});
    QTest::mouseClick(panel.startButton(), Qt::LeftButton);
    QTRY_COMPARE(server->state(), Session::State::Listening);
    QByteArray received;
    TcpClientSession *client = connectClient(manager, server, &received);
    QTRY_COMPARE(client->state(), Session::State::Connected);
    QVERIFY(client->send("PI").ok()); // half a request: no frame yet
    QVERIFY(client->send("NG\r\nPING\r\nPONG\r\n").ok());
    // One answer per whole request, none for the half or the unmatched line.
    QTRY_COMPARE(received, QByteArray("PONG;PONG;"));
    QTRY_COMPARE(server->counters().bytesIn, qint64(sizeof("PING\r\nPING\r\nPONG\r\n") - 1));
    QVERIFY(server->send("|").ok());
    QTRY_COMPARE(received, QByteArray("PONG;PONG;|"));
}

QTEST_MAIN(tst_AutomationBar)
#include "tst_automationbar.moc"
