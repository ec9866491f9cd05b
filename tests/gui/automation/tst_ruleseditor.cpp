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

/// The auto-reply rules in the GUI, driven as a user would: rules made in the rule dialog, the
/// rules window's buttons, the Echo/Welcome toggles and framing of a session panel, against
/// real sessions and a python3 client on 127.0.0.1. The dialog on its own: tst_ruledialog.
class tst_RulesEditor : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void ruleFromDialogAnswersClient_data();
    void ruleFromDialogAnswersClient();
    void modbusExampleAnswersPythonClient();
    void importedFileBringsItsFraming();
    void reorderChangesWhichRuleWins_data();
    void reorderChangesWhichRuleWins();
    void exportImportRoundTrip();
    void importAndExportErrorsAreSentences_data();
    void importAndExportErrorsAreSentences();
    void rulesPersistInSettingsAndWorkspaces();
    void screenshots();

private:
    /// Fills the open rule dialog's widgets as a user would and presses OK.
    static void fillAndAccept(RuleDialog *dialog, int matchKind, const QString &pattern,
                              int replyMode, const QString &reply, int lineEnding = 0,
                              const QString &checksum = {});

    QTemporaryDir m_dir;
};

void tst_RulesEditor::initTestCase()
{
    sockeye::test::usePrivateSettings(m_dir.path());
}

void tst_RulesEditor::fillAndAccept(RuleDialog *dialog, int matchKind, const QString &pattern,
                                    int replyMode, const QString &reply, int lineEnding,
                                    const QString &checksum)
{
    QTest::keyClicks(dialog->nameEdit(), QStringLiteral("test rule"));
    dialog->matchBox()->setCurrentIndex(matchKind);
    QTest::keyClicks(dialog->patternEdit(), pattern);
    dialog->replyModeBox()->setCurrentIndex(replyMode);
    QTest::keyClicks(dialog->replyEdit(), reply);
    dialog->lineEndingBox()->setCurrentIndex(lineEnding);
    if (!checksum.isEmpty())
        dialog->checksumBox()->setCurrentIndex(dialog->checksumBox()->findData(
            int(Checksum::algorithmFromName(checksum).value_or(Checksum::Algorithm::None))));
    QVERIFY2(dialog->okButton()->isEnabled(),
             qPrintable(dialog->patternError() + dialog->replyError()));
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
}

void tst_RulesEditor::ruleFromDialogAnswersClient_data()
{
    QTest::addColumn<int>("matchKind");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<int>("replyMode");
    QTest::addColumn<QString>("reply");
    QTest::addColumn<int>("lineEnding");
    QTest::addColumn<QString>("checksum");
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("expected");

    const int text = 0;
    const int hex = 1;
    QTest::newRow("exact text, reply with CR LF")
        << int(ReplyRule::MatchKind::Exact) << QStringLiteral("text:PING") << text
        << QStringLiteral("PONG") << 3 << QString() << QByteArray("PING") << QByteArray("PONG\r\n");
    QByteArray modbusReply = QByteArray::fromHex("0103020007");
    (void)Checksum(Checksum::Algorithm::Crc16Modbus).appendTo(modbusReply);
    QTest::newRow("prefix in hex, reply with CRC-16/MODBUS")
        << int(ReplyRule::MatchKind::Prefix) << QStringLiteral("hex:01 03") << hex
        << QStringLiteral("01 03 02 00 07") << 0 << QStringLiteral("crc16-modbus")
        << QByteArray::fromHex("010300000001840A") << modbusReply;
    QTest::newRow("contains") << int(ReplyRule::MatchKind::Contains) << QStringLiteral("hello")
                              << text << QStringLiteral("hi\\n") << 0 << QString()
                              << QByteArray("oh hello there") << QByteArray("hi\n");
    QTest::newRow("regex, escapes in the reply")
        << int(ReplyRule::MatchKind::Regex) << QStringLiteral("^AT\\+GMR") << text
        << QStringLiteral("v1.2\\r\\nOK") << 3 << QString() << QByteArray("AT+GMR\r\n")
        << QByteArray("v1.2\r\nOK\r\n");
    QTest::newRow("hex pattern, reply copies a request byte")
        << int(ReplyRule::MatchKind::HexPattern) << QStringLiteral("AA ?? 55") << hex
        << QStringLiteral("BB {req:1:1} CC") << 0 << QString() << QByteArray::fromHex("AA0755")
        << QByteArray::fromHex("BB07CC");
    QTest::newRow("any frame, sequence field")
        << int(ReplyRule::MatchKind::Any) << QString() << text << QStringLiteral("n={seq}") << 0
        << QString() << QByteArray("x") << QByteArray("n=0");
}

void tst_RulesEditor::ruleFromDialogAnswersClient()
{
    QFETCH(int, matchKind);
    QFETCH(QString, pattern);
    QFETCH(int, replyMode);
    QFETCH(QString, reply);
    QFETCH(int, lineEnding);
    QFETCH(QString, checksum);
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, expected);

    SessionManager manager;
    auto *server = qobject_cast<TcpServerSession *>(manager.createSession(serverConfig()));
    SessionPanel panel(server);
    panel.resize(1200, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTest::mouseClick(panel.startButton(), Qt::LeftButton);
    QTRY_COMPARE(server->state(), Session::State::Listening);

    // Rules… opens the rules window; Add… opens the rule dialog.
    QTest::mouseClick(panel.automationBar()->rulesButton(), Qt::LeftButton);
    RulesEditor *editor = panel.automationBar()->rulesEditor();
    QTRY_VERIFY(editor->isVisible());
    QTest::mouseClick(editor->addButton(), Qt::LeftButton);
    auto *dialog = editor->findChild<RuleDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    fillAndAccept(dialog, matchKind, pattern, replyMode, reply, lineEnding, checksum);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(panel.automation()->ruleCount(), 1);
    QCOMPARE(editor->model()->rowCount(), 1);
    QCOMPARE(editor->model()->index(0, RulesModel::NameColumn).data().toString(),
             QStringLiteral("test rule"));
    QVERIFY(panel.automationBar()->rulesButton()->text().contains(QStringLiteral("1 on")));

    QByteArray received;
    TcpClientSession *client = connectClient(manager, server, &received);
    QTRY_COMPARE(client->state(), Session::State::Connected);
    QVERIFY(client->send(request).ok());
    QTRY_COMPARE(received, expected);
    QTRY_COMPARE(editor->model()->index(0, RulesModel::CountColumn).data().toULongLong(), 1ull);
}

void tst_RulesEditor::modbusExampleAnswersPythonClient()
{
    if (!ExternalPeer::available(QStringLiteral("python3")))
        QSKIP("python3 is not installed");
    const QString example = QFINDTESTDATA("../../../examples/rules/modbus-device.json");
    QVERIFY(!example.isEmpty());

    SessionManager manager;
    auto *server = qobject_cast<TcpServerSession *>(manager.createSession(serverConfig()));
    SessionPanel panel(server);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    RulesEditor *editor = panel.automationBar()->rulesEditor();
    QVERIFY(editor->importFrom(example, true));
    QVERIFY(editor->statusText().contains(QStringLiteral("the 3 rule")));
    QCOMPARE(panel.automation()->ruleCount(), 3);
    QCOMPARE(panel.automation()->enabledCount(), 2);
    QTest::mouseClick(panel.startButton(), Qt::LeftButton);
    QTRY_COMPARE(server->state(), Session::State::Listening);

    // The client computes the CRC of its request and checks the CRC of the answer itself.
    const QString script = QStringLiteral(R"(
import socket, struct, sys
def crc16(data):
    crc = 0xFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return struct.pack('<H', crc)
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.settimeout(5)
def ask(request, size):
    s.sendall(request)
    got = b''
    while len(got) < size:
        got += s.recv(size - len(got))
    return got
rtu = bytes([1, 3, 0, 0x10, 0, 2])
answer = ask(rtu + crc16(rtu), 9)
print('rtu', answer.hex(), 'crc-ok' if crc16(answer[:-2]) == answer[-2:] else 'crc-bad')
tcp = bytes([0x12, 0x34, 0, 0, 0, 6, 1, 3, 0, 0, 0, 2])
print('tcp', ask(tcp, 13).hex())
s.close()
)");
    std::unique_ptr<ExternalPeer> client(
        ExternalPeer::python(script, {QString::number(server->serverPort())}));
    QVERIFY(client->started());
    QVERIFY2(client->waitForFinished(10000), client->errorOutput().constData());
    const QByteArray output = client->output();
    QVERIFY2(output.contains("rtu 010304002a0100"), output.constData());
    QVERIFY2(output.contains("crc-ok"), output.constData());
    QVERIFY2(output.contains("tcp 12340000000701030400"
                             "2a0100"),
             output.constData());
    QCOMPARE(panel.automation()->matchCount(0), 1ull);
    QCOMPARE(panel.automation()->matchCount(1), 1ull);
}

void tst_RulesEditor::reorderChangesWhichRuleWins_data()
{
    QTest::addColumn<bool>("drag");
    QTest::newRow("move up button") << false;
    QTest::newRow("drag and drop") << true;
}

void tst_RulesEditor::reorderChangesWhichRuleWins()
{
    QFETCH(bool, drag);
    SessionManager manager;
    auto *server = qobject_cast<TcpServerSession *>(manager.createSession(serverConfig()));
    SessionPanel panel(server);
    panel.automation()->setRules({rule(QStringLiteral("any"), QStringLiteral("generic;")),
                                  rule(QStringLiteral("prefix:X"), QStringLiteral("special;"))});
    QVERIFY(server->start());
    QByteArray received;
    TcpClientSession *client = connectClient(manager, server, &received);
    QTRY_COMPARE(client->state(), Session::State::Connected);
    QVERIFY(client->send("X1").ok());
    QTRY_COMPARE(received, QByteArray("generic;"));

    RulesEditor *editor = panel.automationBar()->rulesEditor();
    editor->show();
    QVERIFY(QTest::qWaitForWindowExposed(editor));
    if (drag) {
        // What the view does on a drop above the first row.
        RulesModel *model = editor->model();
        std::unique_ptr<QMimeData> data(model->mimeData({model->index(1, RulesModel::NameColumn)}));
        QVERIFY(!model->dropMimeData(data.get(), Qt::MoveAction, 0, 0, {}));
    } else {
        editor->selectRow(1);
        QVERIFY(editor->upButton()->isEnabled());
        QTest::mouseClick(editor->upButton(), Qt::LeftButton);
    }
    QCOMPARE(editor->currentRow(), 0);
    QCOMPARE(panel.automation()->rules().at(0).pattern, QStringLiteral("X"));
    QCOMPARE(editor->model()->index(0, RulesModel::MatchColumn).data().toString(),
             QStringLiteral("starts with X"));
    QCOMPARE(editor->model()->index(1, RulesModel::CountColumn).data().toULongLong(), 1ull);
    QVERIFY(client->send("X2").ok());
    QTRY_COMPARE(received, QByteArray("generic;special;"));
    QVERIFY(client->send("Y").ok());
    QTRY_COMPARE(received, QByteArray("generic;special;generic;"));
}

// A rules file says the framing its requests need; importing it sets the session's one
// framing (shown in the Frames field) and says so. Exporting writes it back.
void tst_RulesEditor::importedFileBringsItsFraming()
{
    const QString example = QFINDTESTDATA("../../../examples/rules/modbus-tcp-device.json");
    QVERIFY(!example.isEmpty());
    SessionManager manager;
    auto *server = qobject_cast<TcpServerSession *>(manager.createSession(serverConfig()));
    SessionPanel panel(server);
    RulesEditor *editor = panel.automationBar()->rulesEditor();
    QVERIFY(editor->importFrom(example, true));
    QCOMPARE(panel.automation()->framingSpec(), QStringLiteral("prefix:2be,offset=4"));
    QCOMPARE(panel.trafficPane()->framingEdit()->spec(), QStringLiteral("prefix:2be,offset=4"));
    QVERIFY2(editor->statusText().contains(QStringLiteral("framing is now prefix:2be,offset=4")),
             qPrintable(editor->statusText()));

    const QString path = m_dir.filePath(QStringLiteral("with-framing.json"));
    QVERIFY(editor->exportTo(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("framing")),
             QJsonValue(QStringLiteral("prefix:2be,offset=4")));
}

void tst_RulesEditor::exportImportRoundTrip()
{
    SessionManager manager;
    Session *server = manager.createSession(serverConfig());
    SessionController sourceSession(server);
    AutomationController &source = *sourceSession.automation();
    QCOMPARE(source.setWelcome(true, PayloadSpec::fromSyntax(QStringLiteral("text:hi\\r\\n"))),
             QString());
    source.setEchoOn(true);
    ReplyRule regex = rule(QStringLiteral("regex:^AT\\+(\\w+)"), QStringLiteral("hex:4F 4B"));
    regex.name = QStringLiteral("AT commands");
    regex.encoding = QStringLiteral("GBK");
    regex.delayMs = 250;
    regex.target = ReplyRule::Target::AllPeers;
    PayloadError error;
    PayloadSpec reply = regex.reply;
    reply.setChecksum(Checksum::fromString(QStringLiteral("sum16,range=1:,order=le"), &error));
    reply.setLineEnding(PayloadSpec::LineEnding::CrLf);
    regex.reply = reply;
    QVERIFY(!regex.compile().isError());
    ReplyRule off = rule(QStringLiteral("hex:01 ?? 03"), QStringLiteral("lit:C:\\x{y}"));
    off.enabled = false;
    source.insertRule(1, regex);
    source.insertRule(2, off);

    // Through the rule dialog and back unchanged (OK with no edits).
    RulesEditor sourceEditor(&source);
    RuleDialog *dialog = sourceEditor.editRule(1);
    QVERIFY(dialog);
    QCOMPARE(dialog->rule().toJson(), regex.toJson());
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QCOMPARE(source.rules().at(1).toJson(), regex.toJson());

    const QString path = m_dir.filePath(QStringLiteral("round-trip.json"));
    QVERIFY(sourceEditor.exportTo(path));
    QVERIFY(sourceEditor.statusText().contains(QStringLiteral("Saved 4 rule")));

    Session *other = manager.createSession(serverConfig());
    SessionController targetSession(other);
    AutomationController &target = *targetSession.automation();
    target.setEchoOn(true);
    RulesEditor targetEditor(&target);
    QVERIFY(targetEditor.importFrom(path, false)); // added after the echo already there
    QCOMPARE(target.ruleCount(), 5);
    QVERIFY(targetEditor.importFrom(path, true));
    QCOMPARE(rulesToJson(target.rules()), rulesToJson(source.rules()));
    QVERIFY(target.isWelcomeOn());
    QVERIFY(target.isEchoOn());
    QCOMPARE(target.welcomePayload().toSyntax(), QStringLiteral("text:hi\\r\\n"));
}

void tst_RulesEditor::importAndExportErrorsAreSentences_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("says");
    QTest::newRow("missing file") << QByteArray() << QStringLiteral("Cannot open");
    QTest::newRow("not JSON") << QByteArray("{\"rules\": [") << QStringLiteral("not valid JSON");
    QTest::newRow("bad hex pattern")
        << QByteArray(R"({"rules": [{"name": "r", "match": "hex", "pattern": "0X"}]})")
        << QStringLiteral("Rule \"r\"");
    QTest::newRow("bad match kind") << QByteArray(R"({"rules": [{"name": "q", "match": "glob"}]})")
                                    << QStringLiteral("match must be one of");
}

void tst_RulesEditor::importAndExportErrorsAreSentences()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, says);
    SessionManager manager;
    SessionController session(manager.createSession(serverConfig()));
    AutomationController &automation = *session.automation();
    automation.setEchoOn(true);
    RulesEditor editor(&automation);
    const QString path = m_dir.filePath(
        QStringLiteral("bad-%1.json").arg(QString::fromUtf8(QTest::currentDataTag())));
    if (!content.isEmpty()) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    QVERIFY(!editor.importFrom(path, true));
    QVERIFY2(editor.statusText().contains(says), qPrintable(editor.statusText()));
    QCOMPARE(automation.ruleCount(), 1); // nothing changed

    QVERIFY(!editor.exportTo(m_dir.filePath(QStringLiteral("no/such/dir/rules.json"))));
    QVERIFY2(editor.statusText().startsWith(QStringLiteral("Cannot save rules.json")),
             qPrintable(editor.statusText()));
}

void tst_RulesEditor::rulesPersistInSettingsAndWorkspaces()
{
    QSettings().clear();
    const QByteArray expected =
        rulesToJson({rule(QStringLiteral("exact:A"), QStringLiteral("B")), ReplyRule::echo()});
    const QString workspace = m_dir.filePath(QStringLiteral("rules.sockeye"));
    {
        MainWindow window(false);
        SessionPanel *panel = window.addSession(serverConfig());
        panel->automation()->setRules(
            {rule(QStringLiteral("exact:A"), QStringLiteral("B")), ReplyRule::echo()});
        QCOMPARE(panel->automation()->setFramingSpec(QStringLiteral("delim:\\n")), QString());
        QVERIFY(window.saveWorkspace(workspace));
    } // every change of rules or framing was saved to QSettings with the session list
    {
        MainWindow window(true);
        QCOMPARE(window.panels().size(), 1);
        AutomationController *automation = window.panels().first()->automation();
        QCOMPARE(rulesToJson(automation->rules()), expected);
        QCOMPARE(automation->framingSpec(), QStringLiteral("delim:\\n"));
        QCOMPARE(window.panels().first()->trafficPane()->framingEdit()->spec(),
                 QStringLiteral("delim:\\n"));
        QVERIFY(window.panels().first()->automationBar()->echoBox()->isChecked());
    }
    {
        MainWindow window(false);
        QVERIFY(window.openWorkspace(workspace));
        QCOMPARE(rulesToJson(window.panels().last()->automation()->rules()), expected);
    }
    // A workspace from before rules were saved still opens, with no rules.
    const QString old = m_dir.filePath(QStringLiteral("old.sockeye"));
    {
        QFile file(old);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"format": "sockeye-workspace", "version": 1, "sessions": [
            {"config": {"kind": "tcp-server", "bindAddress": "127.0.0.1", "bindPort": 0}}]})");
    }
    MainWindow window(false);
    QVERIFY2(window.openWorkspace(old), qPrintable(window.lastStatus()));
    QCOMPARE(window.panels().last()->automation()->ruleCount(), 0);
}

/// Renders the rules window and a filled-in rule dialog to PNG files under the build tree
/// (tests/gui/screenshots), for people to look at.
void tst_RulesEditor::screenshots()
{
    const QString dir = QStringLiteral(SOCKEYE_SCREENSHOT_DIR);
    QVERIFY(QDir().mkpath(dir));
    SessionManager manager;
    SessionController session(manager.createSession(serverConfig()));
    AutomationController &automation = *session.automation();
    QString error;
    const auto rules = AutomationController::readRulesFile(
        QFINDTESTDATA("../../../examples/rules/modbus-device.json"), &error);
    QVERIFY2(rules, qPrintable(error));
    automation.setRules(*rules);
    (void)automation.setWelcome(true, PayloadSpec::fromSyntax(QStringLiteral("text:ready\\r\\n")));
    automation.setEchoOn(true);
    RulesEditor editor(&automation);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    editor.selectRow(1);
    QVERIFY(editor.grab().save(dir + QStringLiteral("/rules-editor.png")));

    RuleDialog *dialog = editor.editRule(1);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QTest::keyClicks(dialog->sampleEdit(), QStringLiteral("hex:01 03 00 00 00 02 C4 0B"));
    QVERIFY(dialog->grab().save(dir + QStringLiteral("/rule-dialog.png")));
    dialog->patternEdit()->setText(QStringLiteral("01 03 ?? ?G 00 02"));
    QVERIFY(dialog->grab().save(dir + QStringLiteral("/rule-dialog-error.png")));
    dialog->reject();
}

QTEST_MAIN(tst_RulesEditor)
#include "tst_ruleseditor.moc"
