// Presets as quick commands, as a user works them: new ones take Ctrl+1, Ctrl+2...; the key
// sends to the current session; a key some command holds is refused with its name; the
// quick-command bar's buttons send too; hotkeys are kept with the presets.
#include "app/mainwindow.h"
#include "privatesettings.h"
#include "session/presetpanel.h"
#include "session/sendcomposer.h"
#include "session/sessionpanel.h"
#include "session/shortcutdialog.h"
#include "session/tcpserversession.h"

#include <QAction>
#include <QPlainTextEdit>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>

using namespace sockeye;

class tst_QuickCommands : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void newPresetsTakeCtrlDigits();
    void hotkeyAndBarSendToTheCurrentSession();
    void takenKeysAreRefused_data();
    void takenKeysAreRefused();
    void hotkeysAreKeptWithThePresets();

private:
    /// A server and a client connected to it (the current tab); what the server receives.
    struct Pair
    {
        SessionPanel *server = nullptr;
        SessionPanel *client = nullptr;
    };
    Pair connectedPair(MainWindow &window, QByteArray *received);
    QTemporaryDir m_dir;
};

void tst_QuickCommands::initTestCase()
{
    sockeye::test::usePrivateSettings(m_dir.filePath(QStringLiteral("settings")));
}

void tst_QuickCommands::init()
{
    QSettings().clear();
}

tst_QuickCommands::Pair tst_QuickCommands::connectedPair(MainWindow &window, QByteArray *received)
{
    Pair pair;
    SessionConfig server = window.defaultConfig(SessionKind::TcpServer);
    server.bindAddress = QStringLiteral("127.0.0.1");
    server.bindPort = 0;
    pair.server = window.addSession(server, true);
    [&] { QTRY_COMPARE(pair.server->session()->state(), Session::State::Listening); }();
    connect(pair.server->session(), &Session::dataReceived, this,
            [received](PeerId, const QByteArray &bytes) { *received += bytes; });
    SessionConfig client = window.defaultConfig(SessionKind::TcpClient);
    client.remoteHost = QStringLiteral("127.0.0.1");
    client.remotePort = qobject_cast<TcpServerSession *>(pair.server->session())->serverPort();
    pair.client = window.addSession(client, true);
    [&] { QTRY_COMPARE(pair.client->session()->state(), Session::State::Connected); }();
    window.tabs()->setCurrentIndex(window.tabIndex(pair.client));
    return pair;
}

void tst_QuickCommands::newPresetsTakeCtrlDigits()
{
    MainWindow window(false);
    PresetPanel *presets = window.presetPanel();
    presets->addPreset(PayloadSpec::fromSyntax(QStringLiteral("one")));
    presets->addPreset(PayloadSpec::fromSyntax(QStringLiteral("two")));
    QCOMPARE(presets->presets().at(0).shortcut, QStringLiteral("Ctrl+1"));
    QCOMPARE(presets->presets().at(1).shortcut, QStringLiteral("Ctrl+2"));
    // Ctrl+1 freed: the next preset takes it again.
    QVERIFY(presets->setShortcut(0, QKeySequence()));
    presets->addPreset(PayloadSpec::fromSyntax(QStringLiteral("three")));
    QCOMPARE(presets->presets().at(2).shortcut, QStringLiteral("Ctrl+1"));
    QCOMPARE(presets->sendActions().size(), 3);
    QCOMPARE(presets->sendActions().at(2)->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_1));
}

void tst_QuickCommands::hotkeyAndBarSendToTheCurrentSession()
{
    MainWindow window(false);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QByteArray received;
    const Pair pair = connectedPair(window, &received);
    PresetPanel *presets = window.presetPanel();
    presets->addPreset(PayloadSpec::fromSyntax(QStringLiteral("ping\\n")), QStringLiteral("ping"));
    presets->addPreset(PayloadSpec::fromSyntax(QStringLiteral("status\\n")),
                       QStringLiteral("status"));

    // Typing in the send box, Ctrl+2 sends the second preset (and types nothing).
    pair.client->composer()->editor()->setFocus();
    QTest::keyClicks(pair.client->composer()->editor(), QStringLiteral("draft"));
    QTest::keyClick(pair.client->composer()->editor(), Qt::Key_2, Qt::ControlModifier);
    QTRY_COMPARE(received, QByteArray("status\n"));
    QCOMPARE(pair.client->composer()->editor()->toPlainText(), QStringLiteral("draft"));

    // The quick-command bar, shown from View, has a button per preset.
    auto *bar = window.findChild<QToolBar *>(QStringLiteral("quickCommands"));
    QVERIFY(bar);
    QVERIFY(!bar->isVisible());
    bar->toggleViewAction()->trigger();
    QVERIFY(bar->isVisible());
    auto *button = qobject_cast<QToolButton *>(bar->widgetForAction(presets->sendActions().at(0)));
    QVERIFY(button);
    QCOMPARE(button->text(), QStringLiteral("ping"));
    QVERIFY(button->toolTip().contains(QStringLiteral("Ctrl+1")));
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_COMPARE(received, QByteArray("status\nping\n"));
}

void tst_QuickCommands::takenKeysAreRefused_data()
{
    QTest::addColumn<QKeySequence>("key");
    QTest::addColumn<QString>("holder");
    QTest::newRow("a menu command's key")
        << QKeySequence(Qt::CTRL | Qt::Key_W) << QStringLiteral("Close session");
    QTest::newRow("another preset's key")
        << QKeySequence(Qt::CTRL | Qt::Key_1) << QStringLiteral("the preset \"first\"");
    QTest::newRow("a view mode's key")
        << QKeySequence(Qt::ALT | Qt::Key_1) << QStringLiteral("Show as Stream");
}

void tst_QuickCommands::takenKeysAreRefused()
{
    QFETCH(QKeySequence, key);
    QFETCH(QString, holder);
    MainWindow window(false);
    PresetPanel *presets = window.presetPanel();
    presets->addPreset(PayloadSpec::fromSyntax(QStringLiteral("a")), QStringLiteral("first"));
    presets->addPreset(PayloadSpec::fromSyntax(QStringLiteral("b")), QStringLiteral("second"));
    QString error;
    QVERIFY(!presets->setShortcut(1, key, &error));
    QVERIFY2(error.contains(holder), qPrintable(error));
    QCOMPARE(presets->presets().at(1).shortcut, QStringLiteral("Ctrl+2")); // kept

    // The dialog says the same before OK, and refuses a key that would type text.
    ShortcutDialog dialog(QStringLiteral("second"), QKeySequence(),
                          [presets](const QKeySequence &k) { return presets->takenBy(k, 1); });
    dialog.ui.key->setKeySequence(key);
    QVERIFY(!dialog.okButton()->isEnabled());
    QVERIFY2(dialog.error().contains(holder), qPrintable(dialog.error()));
    dialog.ui.key->setKeySequence(QKeySequence(Qt::Key_A));
    QVERIFY2(dialog.error().contains(QStringLiteral("would be typed as text")),
             qPrintable(dialog.error()));
    dialog.ui.key->setKeySequence(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_9));
    QVERIFY(dialog.okButton()->isEnabled());
}

void tst_QuickCommands::hotkeysAreKeptWithThePresets()
{
    {
        PresetPanel panel;
        panel.addPreset(PayloadSpec::fromSyntax(QStringLiteral("x")), QStringLiteral("x"));
        QVERIFY(panel.setShortcut(0, QKeySequence(Qt::Key_F5)));
    }
    PresetPanel restored; // reads QSettings
    QCOMPARE(restored.presets().size(), 1);
    QCOMPARE(restored.presets().at(0).shortcut, QStringLiteral("F5"));
    QCOMPARE(restored.sendActions().at(0)->shortcut(), QKeySequence(Qt::Key_F5));
}

QTEST_MAIN(tst_QuickCommands)
#include "tst_quickcommands.moc"
