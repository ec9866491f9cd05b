#include "app/mainwindow.h"
#include "automation/periodicsender.h"
#include "privatesettings.h"
#include "session/sendcomposer.h"
#include "session/session.h"
#include "session/sessionmanager.h"
#include "session/sessionpage.h"
#include "session/sessionpanel.h"
#include "traffic/framingedit.h"
#include "traffic/trafficpane.h"
#include "widgets/closabletabbar.h"
#include "workspace/workspace.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace sockeye;

/**
 * A session's panel is made when its tab is first shown or the session starts; until then the
 * tab (a SessionPage) saves, titles and closes the session as the panel would.
 */
class tst_SessionPages : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void unshownTabsSaveWhatWasOpened();
    void panelShowsTheSetupWhenMade();
    void startedSessionsHaveTheirPanels();
    void aThousandSessionsMakeOnePanel();

private:
    QString writeWorkspace(const QString &name, const QJsonArray &sessions);
    QTemporaryDir m_dir;
};

namespace {

QJsonObject object(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

/// A server with framing and rules, a UDP socket with a framing that does not parse, and a
/// client with a stopped periodic send: what each part of a setup can carry.
QJsonArray threeSessions()
{
    return {
        object(R"({"config": {"kind": "tcp-server", "name": "plc", "bindAddress": "127.0.0.1",
                   "bindPort": 0}, "framing": "delim:\\r\\n",
                   "automation": {"rules": [{"name": "ping", "match": "exact", "pattern": "PING",
                                             "action": "reply",
                                             "reply": {"payload": "text:PONG"}}]}})"),
        object(R"({"config": {"kind": "udp", "name": "sensor", "bindAddress": "127.0.0.1",
                   "bindPort": 0, "remoteHost": "127.0.0.1", "remotePort": 9},
                   "framing": "bogus:3"})"),
        object(R"({"config": {"kind": "tcp-client", "name": "meter", "remoteHost": "127.0.0.1",
                   "remotePort": 9}, "periodic": {"payload": {"payload": "text:tick"},
                   "intervalMs": 250, "count": 3, "running": false}})"),
    };
}

} // namespace

void tst_SessionPages::initTestCase()
{
    sockeye::test::usePrivateSettings(m_dir.filePath(QStringLiteral("settings")));
}

void tst_SessionPages::init()
{
    QSettings().clear();
}

QString tst_SessionPages::writeWorkspace(const QString &name, const QJsonArray &sessions)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(
        QJsonDocument(QJsonObject{{QStringLiteral("format"), QStringLiteral("sockeye-workspace")},
                                  {QStringLiteral("version"), 1},
                                  {QStringLiteral("sessions"), sessions}})
            .toJson());
    return path;
}

void tst_SessionPages::unshownTabsSaveWhatWasOpened()
{
    const QString path = writeWorkspace(QStringLiteral("three.sockeye"), threeSessions());
    Workspace opened;
    QString error;
    QVERIFY2(opened.load(path, &error), qPrintable(error));

    MainWindow window(false);
    QVERIFY(window.openWorkspace(path));
    const QList<SessionPage *> pages = window.pages();
    QCOMPARE(pages.size(), 3);
    QVERIFY(pages[0]->madePanel()); // the tab shown
    QVERIFY(!pages[1]->madePanel());
    QVERIFY(!pages[2]->madePanel());
    // Everything in it applied (only the sensor's framing is refused).
    QVERIFY2(!window.lastStatus().contains(QLatin1String("plc")), qPrintable(window.lastStatus()));
    QCOMPARE(window.tabs()->tabText(2), QStringLiteral("meter (idle)"));

    const QString again = m_dir.filePath(QStringLiteral("again.sockeye"));
    QVERIFY(window.saveWorkspace(again));
    QVERIFY(!pages[1]->madePanel()); // saving does not make them
    Workspace saved;
    QVERIFY2(saved.load(again, &error), qPrintable(error));
    QCOMPARE(saved.sessions.size(), 3);
    for (int i = 0; i < 3; ++i) {
        const SessionSetup &a = saved.sessions[i];
        const SessionSetup &b = opened.sessions[i];
        QCOMPARE(a.config.toJson(), b.config.toJson());
        QCOMPARE(a.framing, b.framing); // the one that does not parse too
        // Rules are saved with every default spelled out: compare what they say.
        const QJsonArray rulesA = a.automation.value(QLatin1String("rules")).toArray();
        const QJsonArray rulesB = b.automation.value(QLatin1String("rules")).toArray();
        QCOMPARE(rulesA.size(), rulesB.size());
        for (qsizetype r = 0; r < rulesA.size(); ++r) {
            for (const char *key : {"name", "match", "pattern", "action"}) {
                QCOMPARE(rulesA[r].toObject().value(QLatin1String(key)),
                         rulesB[r].toObject().value(QLatin1String(key)));
            }
        }
        QCOMPARE(a.periodic.isEmpty(), b.periodic.isEmpty());
        if (!b.periodic.isEmpty())
            QCOMPARE(a.periodic, PeriodicSend::fromJson(b.periodic)->toJson());
    }
}

void tst_SessionPages::panelShowsTheSetupWhenMade()
{
    const QString path = writeWorkspace(QStringLiteral("shown.sockeye"), threeSessions());
    MainWindow window(false);
    window.show();
    QVERIFY(window.openWorkspace(path));
    // The framing that did not parse is named when the workspace opens, panel or not...
    QVERIFY2(window.lastStatus().contains(QLatin1String("sensor")),
             qPrintable(window.lastStatus()));
    window.tabs()->setCurrentIndex(1);
    SessionPanel *sensor = window.pages()[1]->madePanel();
    QVERIFY(sensor);
    QCOMPARE(window.currentPanel(), sensor);
    QVERIFY(sensor->isVisible());
    // ...and shown marked in the Frames field once the tab is.
    QCOMPARE(sensor->trafficPane()->framingEdit()->spec(), QStringLiteral("bogus:3"));
    QVERIFY(!sensor->trafficPane()->framingEdit()->error().isEmpty());

    window.tabs()->setCurrentIndex(2);
    SendComposer *composer = window.currentPanel()->composer();
    QCOMPARE(composer->intervalBox()->value(), 250);
    QCOMPARE(composer->countBox()->value(), 3);
    QCOMPARE(composer->spec().text(), QStringLiteral("tick"));
    QVERIFY(!composer->isPeriodicRunning());
}

void tst_SessionPages::startedSessionsHaveTheirPanels()
{
    QJsonArray sessions = threeSessions();
    QJsonObject udp = sessions[1].toObject();
    udp.remove(QStringLiteral("framing"));
    udp.insert(QStringLiteral("start"), true);
    sessions[1] = udp;
    const QString path = writeWorkspace(QStringLiteral("started.sockeye"), sessions);
    MainWindow window(false);
    QVERIFY(window.openWorkspace(path));
    SessionPanel *panel = window.pages()[1]->madePanel();
    QVERIFY(panel);
    QTRY_COMPARE(panel->session()->state(), Session::State::Bound);
    QVERIFY(!window.pages()[2]->madePanel());
}

void tst_SessionPages::aThousandSessionsMakeOnePanel()
{
    QJsonArray sessions;
    for (int i = 0; i < 1000; ++i) {
        QJsonObject config{{QStringLiteral("kind"), QStringLiteral("tcp-server")},
                           {QStringLiteral("name"), QStringLiteral("device %1").arg(i)},
                           {QStringLiteral("bindAddress"), QStringLiteral("127.0.0.1")},
                           {QStringLiteral("bindPort"), 0}};
        sessions.append(QJsonObject{{QStringLiteral("config"), config}});
    }
    const QString path = writeWorkspace(QStringLiteral("thousand.sockeye"), sessions);
    MainWindow window(false);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openWorkspace(path));
    QCOMPARE(window.tabs()->count(), 1000);
    int made = 0;
    for (SessionPage *page : window.pages())
        made += page->madePanel() ? 1 : 0;
    QCOMPARE(made, 1);

    // The last tab, scrolled to, closes with its button.
    auto *bar = qobject_cast<ClosableTabBar *>(window.tabs()->tabBar());
    QVERIFY(bar);
    window.tabs()->setCurrentIndex(999);
    QCOMPARE(window.currentPanel()->session()->config().name, QStringLiteral("device 999"));
    QTest::mouseClick(bar, Qt::LeftButton, {}, bar->closeButtonRect(999).center());
    QCOMPARE(window.tabs()->count(), 999);
    QCOMPARE(window.manager()->sessions().size(), 999);
}

QTEST_MAIN(tst_SessionPages)
#include "tst_sessionpages.moc"
