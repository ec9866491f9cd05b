#include "../checksumcases.h"
#include "app/mainwindow.h"
#include "automation/automationcontroller.h"
#include "externalpeer.h"
#include "privatesettings.h"
#include "session/presetpanel.h"
#include "session/sendcomposer.h"
#include "session/sessionmanager.h"
#include "session/sessionpanel.h"
#include "session/tcpserversession.h"
#include "traffic/framingedit.h"
#include "traffic/trafficpane.h"
#include "widgets/closabletabbar.h"
#include "widgets/payloadeditor.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QListWidget>
#include <QSettings>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace sockeye;
using sockeye::test::ExternalPeer;

class tst_MainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void sessionsOfEveryKindAtOnce();
    void settingsPersistAcrossRestarts();
    void workspaceRoundTrip();
    void periodicSendRoundTrip();
    void badWorkspaceIsReportedNotModal_data();
    void badWorkspaceIsReportedNotModal();
    void presetsPersist();
    void presetSurvivesEditAndSave_data();
    void presetSurvivesEditAndSave();
    void viewFramingSurvivesRestart_data();
    void viewFramingSurvivesRestart();
    void viewFramingInWorkspace_data();
    void viewFramingInWorkspace();
    void workspaceViewFramingProblems_data();
    void workspaceViewFramingProblems();

private:
    QTemporaryDir m_dir;
};

void tst_MainWindow::initTestCase()
{
    sockeye::test::usePrivateSettings(m_dir.filePath(QStringLiteral("settings")));
}

void tst_MainWindow::init()
{
    QSettings().clear();
}

void tst_MainWindow::sessionsOfEveryKindAtOnce()
{
    MainWindow window(false);
    window.show();
    SessionConfig server = window.defaultConfig(SessionKind::TcpServer);
    server.bindAddress = QStringLiteral("127.0.0.1");
    server.bindPort = 0;
    SessionPanel *serverPanel = window.addSession(server, true);
    QTRY_COMPARE(serverPanel->session()->state(), Session::State::Listening);
    const quint16 port = qobject_cast<TcpServerSession *>(serverPanel->session())->serverPort();

    SessionConfig client = window.defaultConfig(SessionKind::TcpClient);
    client.remotePort = port;
    SessionPanel *clientPanel = window.addSession(client, true);
    SessionConfig udp = window.defaultConfig(SessionKind::Udp);
    udp.bindAddress = QStringLiteral("127.0.0.1");
    udp.bindPort = 0;
    SessionPanel *udpPanel = window.addSession(udp, true);

    QCOMPARE(window.tabs()->count(), 3);
    QCOMPARE(window.manager()->sessions().size(), 3);
    QTRY_COMPARE(clientPanel->session()->state(), Session::State::Connected);
    QTRY_COMPARE(udpPanel->session()->state(), Session::State::Bound);
    QTRY_COMPARE(serverPanel->session()->peers().size(), 1);
    QCOMPARE(window.currentPanel(), udpPanel);

    window.closeSession(window.tabIndex(clientPanel));
    QCOMPARE(window.tabs()->count(), 2);
    QTRY_COMPARE(serverPanel->session()->peers().size(), 0);
    QCOMPARE(QApplication::activeModalWidget(), nullptr);
}

void tst_MainWindow::settingsPersistAcrossRestarts()
{
    {
        MainWindow window(false);
        SessionConfig server = window.defaultConfig(SessionKind::TcpServer);
        SessionPanel *panel = window.addSession(server);
        panel->portBox()->setValue(7123); // edited in the UI
        SessionConfig client = window.defaultConfig(SessionKind::TcpClient);
        client.remoteHost = QStringLiteral("device.local");
        client.autoReconnect = true;
        window.addSession(client);
        window.close();
    }
    MainWindow restored(true);
    const QList<SessionPanel *> panels = restored.panels();
    QCOMPARE(panels.size(), 2);
    QCOMPARE(panels[0]->session()->kind(), SessionKind::TcpServer);
    QCOMPARE(panels[0]->session()->config().bindPort, quint16(7123));
    QCOMPARE(panels[0]->portBox()->value(), 7123);
    QCOMPARE(panels[1]->session()->config().remoteHost, QStringLiteral("device.local"));
    QVERIFY(panels[1]->session()->config().autoReconnect);
    for (SessionPanel *panel : panels)
        QCOMPARE(panel->session()->state(), Session::State::Idle); // restored, not started
}

void tst_MainWindow::workspaceRoundTrip()
{
    const QString path = m_dir.filePath(QStringLiteral("lab.sockeye"));
    {
        MainWindow window(false);
        SessionConfig server = window.defaultConfig(SessionKind::TcpServer);
        server.name = QStringLiteral("PLC simulator");
        window.addSession(server);
        window.addSession(window.defaultConfig(SessionKind::Udp));
        window.presetPanel()->addPreset(
            PayloadSpec(PayloadSpec::Mode::Hex, QStringLiteral("01 02")), QStringLiteral("poll"));
        QVERIFY(window.saveWorkspace(path));
    }
    QVERIFY(QFile::exists(path));
    Workspace workspace;
    QString error;
    QVERIFY2(workspace.load(path, &error), qPrintable(error));
    QCOMPARE(workspace.sessions.size(), 2);
    QCOMPARE(workspace.sessions[0].config.name, QStringLiteral("PLC simulator"));
    QCOMPARE(workspace.presets.size(), 1);

    QSettings().clear();
    MainWindow window(false);
    QVERIFY(window.openWorkspace(path));
    QCOMPARE(window.panels().size(), 2);
    QCOMPARE(window.panels()[0]->session()->config().name, QStringLiteral("PLC simulator"));
    QCOMPARE(window.tabs()->currentIndex(), 0); // shows the workspace's first session
    // Opened in one go: each tab can still be closed, by a button inside it.
    auto *bar = qobject_cast<ClosableTabBar *>(window.tabs()->tabBar());
    QVERIFY(bar);
    for (int i = 0; i < window.tabs()->count(); ++i)
        QVERIFY(window.tabs()->tabBar()->tabRect(i).contains(bar->closeButtonRect(i)));
    QCOMPARE(window.panels()[1]->session()->kind(), SessionKind::Udp);
    QCOMPARE(window.presetPanel()->presets().size(), 1);
    QCOMPARE(window.presetPanel()->presets()[0].name, QStringLiteral("poll"));
}

// What the composer was repeating is saved with its session and, opened again, repeats once
// the session can send, shown in the composer as it was.
void tst_MainWindow::periodicSendRoundTrip()
{
    const quint16 receiverPort = sockeye::test::freeUdpPort();
    std::unique_ptr<ExternalPeer> receiver(ExternalPeer::python(QStringLiteral(R"(
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', int(sys.argv[1])))
print('BOUND', flush=True)
while True:
    print('GOT', s.recv(100).decode(), flush=True)
)"),
                                                                {QString::number(receiverPort)}));
    QVERIFY(receiver->waitForOutput("BOUND"));
    const QString path = m_dir.filePath(QStringLiteral("periodic.sockeye"));
    {
        MainWindow window(false);
        SessionConfig udp = window.defaultConfig(SessionKind::Udp);
        udp.bindAddress = QStringLiteral("127.0.0.1");
        udp.bindPort = 0;
        udp.remoteHost = QStringLiteral("127.0.0.1");
        udp.remotePort = receiverPort;
        SessionPanel *panel = window.addSession(udp, true);
        QTRY_COMPARE(panel->session()->state(), Session::State::Bound);
        SendComposer *composer = panel->composer();
        composer->setSpec(PayloadSpec(PayloadSpec::Mode::Text, QStringLiteral("tick")));
        composer->intervalBox()->setValue(40);
        composer->countBox()->setValue(0);
        composer->startPeriodic();
        QVERIFY(receiver->waitForOutput("GOT tick\nGOT tick\n"));
        QVERIFY(window.saveWorkspace(path));
    } // closed: the repeating stops with it
    const qsizetype before = receiver->output().size();

    QSettings().clear();
    MainWindow window(false);
    QVERIFY(window.openWorkspace(path));
    QCOMPARE(window.panels().size(), 1);
    SendComposer *composer = window.panels()[0]->composer();
    QVERIFY(receiver->waitForOutputSize(before + 2 * qsizetype(sizeof("GOT tick\n") - 1)));
    QVERIFY(receiver->output().mid(before).startsWith("GOT tick\nGOT tick\n"));
    QVERIFY(composer->isPeriodicRunning());
    QCOMPARE(composer->intervalBox()->value(), 40);
    QCOMPARE(composer->spec().text(), QStringLiteral("tick"));
    QVERIFY(!composer->intervalBox()->isEnabled()); // as while repeating by hand
    composer->stopPeriodic();
    QVERIFY(!window.panels()[0]->setup().periodic.value(QLatin1String("running")).toBool());
}

void tst_MainWindow::badWorkspaceIsReportedNotModal_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("says");
    QTest::newRow("not JSON") << QByteArray("{oops") << QStringLiteral("invalid");
    QTest::newRow("other format") << QByteArray(R"({"format":"other"})")
                                  << QStringLiteral("not a Sockeye workspace");
    QTest::newRow("newer version")
        << QByteArray(R"({"format":"sockeye-workspace","version":99})") << QStringLiteral("newer");
    QTest::newRow("missing file") << QByteArray() << QStringLiteral("Cannot open");
}

void tst_MainWindow::badWorkspaceIsReportedNotModal()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, says);
    const QString path = m_dir.filePath(QStringLiteral("bad.sockeye"));
    QFile::remove(path);
    if (!content.isEmpty()) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    MainWindow window(false);
    QVERIFY(!window.openWorkspace(path));
    QVERIFY2(window.lastStatus().contains(says), qPrintable(window.lastStatus()));
    QCOMPARE(window.panels().size(), 0);
    QCOMPARE(QApplication::activeModalWidget(), nullptr);
}

void tst_MainWindow::presetsPersist()
{
    {
        PresetPanel panel;
        panel.addPreset(PayloadSpec(PayloadSpec::Mode::Text, QStringLiteral("first")));
        panel.addPreset(PayloadSpec(PayloadSpec::Mode::Hex, QStringLiteral("0A")),
                        QStringLiteral("newline"));
        panel.moveSelected(-1);
        QCOMPARE(panel.presets()[0].name, QStringLiteral("newline"));
    }
    PresetPanel panel;
    QCOMPARE(panel.presets().size(), 2);
    QCOMPARE(panel.presets()[0].name, QStringLiteral("newline"));
    QCOMPARE(panel.presets()[1].spec.text(), QStringLiteral("first"));
    panel.list()->setCurrentRow(1);
    panel.removeSelected();
    QCOMPARE(PresetPanel().presets().size(), 1);
}

namespace {
// Two sessions, each with its own framing, set in the traffic pane's Frames field (the one
// framing of the session: the rules use it too).
void framingRows()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("client");
    QTest::newRow("lines beside each chunk") << QStringLiteral("delim:\\n") << QString();
    QTest::newRow("each chunk beside a length prefix") << QString() << QStringLiteral("prefix:2be");
    QTest::newRow("idle gap beside fixed length")
        << QStringLiteral("idle:20") << QStringLiteral("fixed:8");
    QTest::newRow("CRLF beside a hex delimiter")
        << QStringLiteral("delim:\\r\\n") << QStringLiteral("delim:hex:03");
}

QList<SessionPanel *> twoFramedSessions(MainWindow &window, const QString &server,
                                        const QString &client)
{
    SessionPanel *first = window.addSession(window.defaultConfig(SessionKind::TcpServer));
    SessionPanel *second = window.addSession(window.defaultConfig(SessionKind::TcpClient));
    first->trafficPane()->setFraming(server);
    second->trafficPane()->setFraming(client);
    return {first, second};
}
} // namespace

void tst_MainWindow::presetSurvivesEditAndSave_data()
{
    sockeye::test::addChecksumRows();
}

/// A preset loaded into the composer with Edit and kept again with "Save as preset" is the same
/// preset: the checksum keeps its range and byte order (it used to lose both), and the rest of
/// the payload its mode, encoding, escapes and line ending.
void tst_MainWindow::presetSurvivesEditAndSave()
{
    QFETCH(PayloadSpec, spec);
    MainWindow window(false);
    SessionPanel *panel = window.addSession(window.defaultConfig(SessionKind::TcpServer));
    PresetPanel *presets = window.presetPanel();
    presets->setPresets({Preset{QStringLiteral("device"), spec}});
    presets->list()->setCurrentRow(0);
    QTest::mouseClick(presets->editButton(), Qt::LeftButton);

    PayloadEditor *editor = panel->composer()->payloadEditor();
    QCOMPARE(editor->spec().toJson(), spec.toJson());
    QVERIFY(editor->spec() == spec);
    const Checksum &checksum = spec.checksum();
    if (checksum.algorithm() != Checksum::Algorithm::None) {
        QCOMPARE(editor->checksumBox()->currentData().toInt(), int(checksum.algorithm()));
        QCOMPARE(editor->checksumOrderBox()->currentData().toInt(), int(checksum.byteOrder()));
        QCOMPARE(editor->checksumRangeEdit()->text().isEmpty(),
                 checksum.rangeStart() == 0 && !checksum.rangeEnd());
    }

    QTest::mouseClick(panel->composer()->savePresetButton(), Qt::LeftButton);
    QCOMPARE(presets->presets().size(), 2);
    const PayloadSpec saved = presets->presets().at(1).spec;
    QCOMPARE(saved.toJson(), spec.toJson());
    QVERIFY(saved == spec);
}

void tst_MainWindow::viewFramingSurvivesRestart_data()
{
    framingRows();
}

void tst_MainWindow::viewFramingSurvivesRestart()
{
    QFETCH(QString, server);
    QFETCH(QString, client);
    {
        MainWindow window(false);
        twoFramedSessions(window, server, client);
        // Not closed: the session list was saved when each framing changed.
    }
    MainWindow restored(true);
    const QList<SessionPanel *> panels = restored.panels();
    QCOMPARE(panels.size(), 2);
    QCOMPARE(panels[0]->trafficPane()->framing(), server);
    QCOMPARE(panels[0]->trafficPane()->framingEdit()->spec(), server);
    QCOMPARE(panels[1]->trafficPane()->framing(), client);
    QCOMPARE(panels[1]->trafficPane()->framingEdit()->spec(), client);
    // One framing per session: the rules cut requests with the same one.
    QCOMPARE(panels[0]->automation()->framingSpec(), server);
    QCOMPARE(panels[1]->automation()->framingSpec(), client);
}

void tst_MainWindow::viewFramingInWorkspace_data()
{
    framingRows();
}

void tst_MainWindow::viewFramingInWorkspace()
{
    QFETCH(QString, server);
    QFETCH(QString, client);
    const QString path = m_dir.filePath(QStringLiteral("framed.sockeye"));
    {
        MainWindow window(false);
        twoFramedSessions(window, server, client);
        QVERIFY(window.saveWorkspace(path));
    }
    Workspace workspace;
    QString error;
    QVERIFY2(workspace.load(path, &error), qPrintable(error));
    QCOMPARE(workspace.sessions.size(), 2);
    QCOMPARE(workspace.sessions[0].framing, server);
    QCOMPARE(workspace.sessions[1].framing, client);

    QSettings().clear();
    MainWindow window(false);
    QVERIFY(window.openWorkspace(path));
    QVERIFY2(window.lastStatus().startsWith(QLatin1String("Opened 2")),
             qPrintable(window.lastStatus()));
    QCOMPARE(window.panels().size(), 2);
    QCOMPARE(window.panels()[0]->trafficPane()->framing(), server);
    QCOMPARE(window.panels()[1]->trafficPane()->framing(), client);
    QCOMPARE(window.panels()[0]->automation()->framingSpec(), server);
}

void tst_MainWindow::workspaceViewFramingProblems_data()
{
    QTest::addColumn<QJsonObject>("view");
    QTest::addColumn<QString>("says");
    // Files written before the session had one framing kept the view's in "view": it is read
    // from there. Written before the view's framing was saved: opens as it always did.
    QTest::newRow("older file without a view") << QJsonObject() << QString();
    QTest::newRow("unknown framing kind")
        << QJsonObject{{QLatin1String("framing"), QLatin1String("cobs:1")}}
        << QStringLiteral("Unknown framing 'cobs'");
    QTest::newRow("invalid fixed length")
        << QJsonObject{{QLatin1String("framing"), QLatin1String("fixed:0")}}
        << QStringLiteral("frame length '0'");
    QTest::newRow("framing that is not text")
        << QJsonObject{{QLatin1String("framing"), QJsonArray{1, 2}}}
        << QStringLiteral("must be a framing spec");
}

void tst_MainWindow::workspaceViewFramingProblems()
{
    QFETCH(QJsonObject, view);
    QFETCH(QString, says);
    const QString path = m_dir.filePath(QStringLiteral("view.sockeye"));
    {
        MainWindow window(false);
        Workspace workspace;
        SessionConfig config = window.defaultConfig(SessionKind::Udp);
        config.name = QStringLiteral("sensor");
        SessionSetup setup;
        setup.config = config;
        setup.view = view; // as older files kept it
        workspace.sessions << setup;
        QString error;
        QVERIFY2(workspace.save(path, &error), qPrintable(error));
    }
    QSettings().clear();
    MainWindow window(false);
    QVERIFY(window.openWorkspace(path));
    QCOMPARE(window.panels().size(), 1);
    TrafficPane *pane = window.panels()[0]->trafficPane();
    QCOMPARE(pane->framing(), QString());
    QCOMPARE(window.panels()[0]->automation()->framingSpec(), QString());
    QCOMPARE(QApplication::activeModalWidget(), nullptr);
    if (says.isEmpty()) {
        QVERIFY2(window.lastStatus().startsWith(QLatin1String("Opened 1")),
                 qPrintable(window.lastStatus()));
        return;
    }
    // Which session, what was not restored, and why.
    QVERIFY2(window.lastStatus().contains(QLatin1String("sensor")),
             qPrintable(window.lastStatus()));
    QVERIFY2(window.lastStatus().contains(QLatin1String("framing was not applied")),
             qPrintable(window.lastStatus()));
    QVERIFY2(window.lastStatus().contains(QLatin1String("view.framing")),
             qPrintable(window.lastStatus()));
    // A stored spec is shown in the Frames field, marked, for the user to mend.
    if (view.value(QLatin1String("framing")).isString()) {
        QCOMPARE(pane->framingEdit()->spec(), view.value(QLatin1String("framing")).toString());
        QVERIFY(!pane->framingEdit()->error().isEmpty());
    }
    QVERIFY2(window.lastStatus().contains(says), qPrintable(window.lastStatus()));
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
