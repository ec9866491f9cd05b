#include "app/mainwindow.h"
#include "capture/captureactions.h"
#include "capture/capturepanel.h"
#include "capture/exportdialog.h"
#include "capture/recordingindicator.h"
#include "capture/replaydialog.h"
#include "models/trafficmodel.h"
#include "privatesettings.h"
#include "session/sendcomposer.h"
#include "session/sessionmanager.h"
#include "session/sessionpanel.h"
#include "session/tcpserversession.h"
#include "traffic/conversationtable.h"
#include "traffic/exporter.h"
#include "traffic/recorder.h"
#include "traffic/trafficlog.h"
#include "traffic/trafficpane.h"
#include "traffic/trafficview.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <functional>

using namespace sockeye;

namespace {

// Answers the modal dialogs an action opens (export options, file dialogs, replay), each once.
class DialogDriver : public QObject
{
public:
    using Handler = std::function<void(QWidget *dialog)>;

    explicit DialogDriver(Handler handler)
        : m_handler(std::move(handler))
    {
        m_timer.setInterval(20);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            QWidget *w = QApplication::activeModalWidget();
            if (!w || w->property("driven").toBool())
                return;
            w->setProperty("driven", true);
            ++m_handled;
            m_handler(w);
            // A failed check in the handler must not leave the test waiting in exec().
            if (auto *dialog = qobject_cast<QDialog *>(w); dialog && dialog->isVisible())
                dialog->reject();
        });
        m_timer.start();
    }
    [[nodiscard]] int handled() const { return m_handled; }

private:
    Handler m_handler;
    QTimer m_timer;
    int m_handled = 0;
};

void chooseFile(QWidget *w, const QString &path)
{
    auto *dialog = qobject_cast<QFileDialog *>(w);
    QVERIFY(dialog);
    // Typed into the file name field, as a user would (selectFile() races the directory model).
    auto *edit = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
    QVERIFY(edit);
    edit->setText(path);
    static_cast<QDialog *>(dialog)->accept(); // QFileDialog's own accept() is protected
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<missing>");
}

// Data bytes of one session and direction, concatenated, from any list of records.
QByteArray stream(const QList<TrafficRecord> &records, SessionId session, Direction direction)
{
    QByteArray bytes;
    for (const TrafficRecord &r : records) {
        if (r.isData() && r.session == session && r.direction == direction)
            bytes += r.bytes;
    }
    return bytes;
}

QList<TrafficRecord> logRecords(const TrafficLog *log)
{
    QList<TrafficRecord> records;
    for (qsizetype i = 0; i < log->size(); ++i)
        records << log->at(i);
    return records;
}

} // namespace

class tst_Capture : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void exportFromAction_data();
    void exportFromAction();
    void exportWithNothingChosenSaysSo();
    void exportDialogHoldsStill();
    void recordThenOpenCapture();
    void replayIntoLiveServer();
    void badCaptureIsASentence();

private:
    struct Pair
    {
        SessionPanel *server = nullptr;
        SessionPanel *client = nullptr;
    };
    /// A server and a client on loopback that exchanged a few chunks.
    Pair connectPair(MainWindow &window);
    static void exchange(const Pair &pair, int rounds);

    QTemporaryDir m_dir;
};

void tst_Capture::initTestCase()
{
    sockeye::test::usePrivateSettings(m_dir.filePath(QStringLiteral("settings")),
                                      QStringLiteral("SockeyeCaptureTest"));
}

void tst_Capture::init()
{
    QSettings().clear();
}

tst_Capture::Pair tst_Capture::connectPair(MainWindow &window)
{
    Pair pair;
    SessionConfig server = window.defaultConfig(SessionKind::TcpServer);
    server.bindAddress = QStringLiteral("127.0.0.1");
    server.bindPort = 0;
    pair.server = window.addSession(server, true);
    [&] { QTRY_COMPARE(pair.server->session()->state(), Session::State::Listening); }();
    SessionConfig client = window.defaultConfig(SessionKind::TcpClient);
    client.remoteHost = QStringLiteral("127.0.0.1");
    client.remotePort = qobject_cast<TcpServerSession *>(pair.server->session())->serverPort();
    pair.client = window.addSession(client, true);
    [&] {
        QTRY_COMPARE(pair.client->session()->state(), Session::State::Connected);
        QTRY_COMPARE(pair.server->session()->peers().size(), 1);
    }();
    return pair;
}

void tst_Capture::exchange(const Pair &pair, int rounds)
{
    Session *server = pair.server->session();
    Session *client = pair.client->session();
    const qint64 inBefore = server->counters().bytesIn;
    const qint64 outBefore = server->counters().bytesOut;
    qint64 sentByClient = 0;
    qint64 sentByServer = 0;
    for (int i = 0; i < rounds; ++i) {
        const QByteArray request = "GET " + QByteArray::number(i) + "\r\n";
        QByteArray reply("\x00\x01\xfe\xff, \"quoted\", ", 16);
        reply += "line " + QByteArray::number(i) + '\n';
        QVERIFY(client->send(request).ok());
        sentByClient += request.size();
        QTRY_COMPARE(server->counters().bytesIn, inBefore + sentByClient);
        QVERIFY(server->send(reply).ok());
        sentByServer += reply.size();
        QTRY_COMPARE(client->counters().bytesIn, outBefore + sentByServer);
    }
    QCOMPARE(server->counters().bytesOut, outBefore + sentByServer);
}

void tst_Capture::exportFromAction_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<int>("scope");
    QTest::addColumn<bool>("split");

    using F = Exporter::Format;
    using S = ExportRequest::Scope;
    QTest::newRow("text, all") << int(F::Text) << int(S::All) << false;
    QTest::newRow("hex, all") << int(F::Hex) << int(S::All) << false;
    QTest::newRow("hex dump, all") << int(F::HexDump) << int(S::All) << false;
    QTest::newRow("csv, all") << int(F::Csv) << int(S::All) << false;
    QTest::newRow("raw, all in one file") << int(F::Raw) << int(S::All) << false;
    QTest::newRow("raw, split per peer and direction") << int(F::Raw) << int(S::All) << true;
    QTest::newRow("pcapng, all") << int(F::Pcapng) << int(S::All) << false;
    QTest::newRow("text, view received only") << int(F::Text) << int(S::View) << false;
    QTest::newRow("raw, view received only") << int(F::Raw) << int(S::View) << false;
    QTest::newRow("pcapng, view received only") << int(F::Pcapng) << int(S::View) << false;
    QTest::newRow("csv, selection") << int(F::Csv) << int(S::Selection) << false;
    QTest::newRow("hex dump, selection") << int(F::HexDump) << int(S::Selection) << false;
    QTest::newRow("pcapng, selection") << int(F::Pcapng) << int(S::Selection) << false;
}

void tst_Capture::exportFromAction()
{
    QFETCH(int, format);
    QFETCH(int, scope);
    QFETCH(bool, split);

    MainWindow window(false);
    window.show();
    const Pair pair = connectPair(window);
    exchange(pair, 4);
    window.tabs()->setCurrentIndex(window.tabIndex(pair.server));
    TrafficView *view = pair.server->trafficPane()->view();
    pair.server->trafficModel()->flush();
    if (scope == int(ExportRequest::Scope::View))
        pair.server->trafficModel()->setDirectionFilter(
            TrafficModel::DirectionFilter::ReceivedOnly);
    if (scope == int(ExportRequest::Scope::Selection)) {
        QVERIFY(pair.server->trafficModel()->rowCount() > 4);
        view->selectRow(1);
        view->selectRow(3, Qt::ShiftModifier);
        view->selectRow(pair.server->trafficModel()->rowCount() - 1, Qt::ControlModifier);
        QCOMPARE(view->selectedRows().size(), 4);
    }

    QTemporaryDir out;
    const QString fromGui =
        out.filePath(QStringLiteral("gui/export.") + Exporter::suffix(Exporter::Format(format)));
    const QString fromCore =
        out.filePath(QStringLiteral("core/export.") + Exporter::suffix(Exporter::Format(format)));
    QVERIFY(QDir().mkpath(out.filePath(QStringLiteral("gui"))));
    QVERIFY(QDir().mkpath(out.filePath(QStringLiteral("core"))));

    ExportRequest request;
    request.scope = ExportRequest::Scope(scope);
    request.format = Exporter::Format(format);
    request.rawLayout =
        split ? Exporter::RawLayout::PerPeerDirection : Exporter::RawLayout::OneFile;
    QString dialogScopeText;
    DialogDriver driver([&](QWidget *w) {
        if (auto *dialog = qobject_cast<ExportDialog *>(w)) {
            dialogScopeText = dialog->scopeButton(request.scope)->text();
            QVERIFY(dialog->scopeButton(request.scope)->isEnabled());
            dialog->setRequest(request);
            QCOMPARE(dialog->request().scope, request.scope);
            QCOMPARE(dialog->request().format, request.format);
            dialog->accept();
        } else if (auto *files = qobject_cast<QFileDialog *>(w)) {
            QCOMPARE(files->defaultSuffix(), Exporter::suffix(request.format));
            chooseFile(files, fromGui);
        }
    });
    window.captureActions()->exportAction()->trigger();
    QCOMPARE(driver.handled(), 2);
    QVERIFY2(window.lastStatus().startsWith(QLatin1String("Exported")),
             qPrintable(window.lastStatus()));
    if (scope == int(ExportRequest::Scope::Selection))
        QVERIFY2(dialogScopeText.contains(QLatin1String("4 record")), qPrintable(dialogScopeText));

    // The core Exporter on the same records gives the same bytes.
    const QList<TrafficRecord> records = window.captureActions()->recordsFor(request.scope);
    QVERIFY(!records.isEmpty());
    Exporter exporter(window.conversations());
    exporter.setFormat(request.format);
    exporter.setRawLayout(request.rawLayout);
    QVERIFY2(exporter.exportRecords(records, fromCore), qPrintable(exporter.errorString()));
    QVERIFY(!exporter.writtenFiles().isEmpty());
    for (const QString &core : exporter.writtenFiles()) {
        const QString gui = out.filePath(QStringLiteral("gui/") + QFileInfo(core).fileName());
        QVERIFY2(QFileInfo::exists(gui),
                 qPrintable(gui + QLatin1Char(' ') +
                            QDir(out.filePath(QStringLiteral("gui"))).entryList().join(u',') +
                            QLatin1Char(' ') + window.lastStatus()));
        QCOMPARE(readAll(gui), readAll(core));
        QVERIFY(QFileInfo(gui).size() > 0);
    }
    if (split)
        QCOMPARE(exporter.writtenFiles().size(), 4); // two sessions, both directions

    if (scope == int(ExportRequest::Scope::View)) {
        for (const TrafficRecord &r : records)
            QVERIFY(!r.isData() || r.direction == Direction::Rx);
        if (format == int(Exporter::Format::Raw)) {
            QByteArray expected;
            for (int i = 0; i < 4; ++i)
                expected += "GET " + QByteArray::number(i) + "\r\n";
            QCOMPARE(readAll(fromGui), expected);
        }
    }
}

void tst_Capture::exportWithNothingChosenSaysSo()
{
    MainWindow window(false);
    ExportRequest request;
    request.scope = ExportRequest::Scope::Recording;
    request.path = m_dir.filePath(QStringLiteral("nothing.txt"));
    QVERIFY(!window.captureActions()->exportTo(request));
    QVERIFY(window.lastStatus().contains(QLatin1String("Nothing was recorded")));
    request.scope = ExportRequest::Scope::All;
    QVERIFY(!window.captureActions()->exportTo(request));
    QVERIFY(window.lastStatus().contains(QLatin1String("Nothing to export")));
    QVERIFY(!QFileInfo::exists(request.path));
    QCOMPARE(QApplication::activeModalWidget(), nullptr);
}

void tst_Capture::exportDialogHoldsStill()
{
    // Whatever format and scope are chosen, the note under them is read whole and the buttons
    // stay where the user's mouse is.
    ExportDialog dialog;
    dialog.setScopeText(ExportRequest::Scope::All, QStringLiteral("every session"));
    dialog.setScopeText(ExportRequest::Scope::Recording, QStringLiteral("/tmp/x.pcapng"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *buttons = dialog.findChild<QDialogButtonBox *>(QStringLiteral("buttons"));
    auto *note = dialog.findChild<QLabel *>(QStringLiteral("formatNote"));
    QVERIFY(buttons && note);
    const QPoint where = buttons->mapTo(&dialog, QPoint(0, 0));
    const QSize size = dialog.size();
    for (ExportRequest::Scope scope :
         {ExportRequest::Scope::All, ExportRequest::Scope::Recording}) {
        dialog.scopeButton(scope)->click();
        for (int i = 0; i < dialog.formatBox()->count(); ++i) {
            dialog.formatBox()->setCurrentIndex(i);
            QCoreApplication::processEvents();
            const QString what = dialog.formatBox()->currentText();
            QVERIFY2(note->height() >= note->heightForWidth(note->width()), qPrintable(what));
            QCOMPARE(buttons->mapTo(&dialog, QPoint(0, 0)), where);
            QCOMPARE(dialog.size(), size);
        }
    }
}

void tst_Capture::recordThenOpenCapture()
{
    MainWindow window(false);
    window.show();
    CaptureActions *actions = window.captureActions();
    QTemporaryDir out;
    const QString capture = out.filePath(QStringLiteral("recorded.pcapng"));

    QVERIFY(actions->indicator()->isHidden());
    {
        DialogDriver driver([&](QWidget *w) {
            QCOMPARE(w->objectName(), QStringLiteral("recordFileDialog"));
            chooseFile(w, capture);
        });
        actions->recordAllAction()->trigger();
        QCOMPARE(driver.handled(), 1);
    }
    QVERIFY(actions->recorder()->isRecording());
    QVERIFY(!actions->indicator()->isHidden());
    QVERIFY(!actions->recordAllAction()->isEnabled());
    QVERIFY(actions->stopRecordingAction()->isEnabled());

    // The sessions start after the recording did, so the file holds their whole story.
    const Pair pair = connectPair(window);
    exchange(pair, 5);
    actions->indicator()->refresh();
    QVERIFY2(actions->indicator()->label()->text().contains(QLatin1String("recorded.pcapng")),
             qPrintable(actions->indicator()->label()->text()));
    QVERIFY(actions->indicator()->label()->text().contains(QLatin1String("record")));
    const QList<TrafficRecord> live = logRecords(window.manager()->log());

    QTest::mouseClick(actions->indicator()->stopButton(), Qt::LeftButton);
    QVERIFY(!actions->recorder()->isRecording());
    QVERIFY(actions->indicator()->isHidden());
    QVERIFY2(window.lastStatus().startsWith(QLatin1String("Recorded")),
             qPrintable(window.lastStatus()));
    QCOMPARE(actions->recordingPath(), capture);

    const int tabsBefore = window.tabs()->count();
    {
        DialogDriver driver([&](QWidget *w) {
            QCOMPARE(w->objectName(), QStringLiteral("openCaptureDialog"));
            chooseFile(w, capture);
        });
        actions->openCaptureAction()->trigger();
        QCOMPARE(driver.handled(), 1);
    }
    QCOMPARE(window.tabs()->count(), tabsBefore + 1);
    auto *panel = qobject_cast<CapturePanel *>(window.tabs()->currentWidget());
    QVERIFY(panel);
    QCOMPARE(window.currentPanel(), nullptr);
    QCOMPARE(panel->findChild<SendComposer *>(), nullptr);
    QVERIFY(panel->findChild<QLabel *>()->text().contains(QLatin1String("read-only capture")));

    // Every byte in both directions of both sessions, as recorded.
    const QList<TrafficRecord> opened = logRecords(panel->log());
    const SessionId server = pair.server->session()->id();
    const SessionId client = pair.client->session()->id();
    QVERIFY(!stream(live, server, Direction::Rx).isEmpty());
    for (SessionId session : {server, client}) {
        for (Direction direction : {Direction::Rx, Direction::Tx})
            QCOMPARE(stream(opened, session, direction), stream(live, session, direction));
    }
    QCOMPARE(panel->conversations()->sessionName(server), pair.server->title());

    // The tab's view filters like a live one: one session, received only.
    panel->sessionBox()->setCurrentIndex(panel->sessionBox()->findData(server));
    panel->trafficModel()->setDirectionFilter(TrafficModel::DirectionFilter::ReceivedOnly);
    panel->trafficModel()->flush();
    QByteArray shown;
    for (int row = 0; row < panel->trafficModel()->rowCount(); ++row) {
        const TrafficRecord *r = panel->trafficModel()->recordAt(row);
        QCOMPARE(r->session, server);
        if (r->isData())
            shown += r->bytes;
    }
    QCOMPARE(shown, stream(live, server, Direction::Rx));
    TrafficView *view = panel->trafficPane()->view();
    QVERIFY(view->find(QStringLiteral("GET 3"), false, false) >= 0);
    QVERIFY(view->selectionAsText().contains(QLatin1String("GET 3")));

    // Export from the capture tab and from the recording (what was recorded, evicted or not).
    ExportRequest request;
    request.format = Exporter::Format::Raw;
    request.scope = ExportRequest::Scope::View;
    request.path = out.filePath(QStringLiteral("from-tab.bin"));
    QVERIFY(actions->exportTo(request));
    QCOMPARE(readAll(request.path), stream(live, server, Direction::Rx));
    window.tabs()->setCurrentIndex(window.tabIndex(pair.server));
    request.scope = ExportRequest::Scope::Recording;
    request.format = Exporter::Format::Csv;
    request.path = out.filePath(QStringLiteral("from-recording.csv"));
    QVERIFY2(actions->exportTo(request), qPrintable(window.lastStatus()));
    Exporter exporter(nullptr);
    exporter.setFormat(Exporter::Format::Csv);
    QVERIFY(exporter.exportCapture(capture, out.filePath(QStringLiteral("core.csv"))));
    QCOMPARE(readAll(request.path), readAll(out.filePath(QStringLiteral("core.csv"))));

    window.closeSession(window.tabs()->indexOf(panel));
    QCOMPARE(window.tabs()->count(), tabsBefore);
}

void tst_Capture::replayIntoLiveServer()
{
    QTemporaryDir out;
    const QString capture = out.filePath(QStringLiteral("replay.pcapng"));
    MainWindow window(false);
    window.show();
    CaptureActions *actions = window.captureActions();
    QVERIFY(actions->startRecording(capture));
    const Pair original = connectPair(window);
    exchange(original, 6);
    const QByteArray clientSent = stream(logRecords(window.manager()->log()),
                                         original.client->session()->id(), Direction::Tx);
    actions->stopRecording();
    const SessionId recordedClient = original.client->session()->id();

    // A fresh server and a client to replay through.
    const Pair target = connectPair(window);
    const qint64 before = target.server->session()->counters().bytesIn;
    CapturePanel *panel = actions->openCapture(capture);
    QVERIFY(panel);
    {
        DialogDriver driver([&](QWidget *w) {
            auto *dialog = qobject_cast<ReplayDialog *>(w);
            QVERIFY(dialog);
            QComboBox *conversations = dialog->conversationBox();
            for (int i = 0; i < conversations->count(); ++i) {
                if ((conversations->itemData(i).toULongLong() >> 32) == recordedClient)
                    conversations->setCurrentIndex(i);
            }
            dialog->targetBox()->setCurrentIndex(
                dialog->targetBox()->findData(target.client->session()->id()));
            dialog->speedBox()->setValue(20.0);
            QCOMPARE(dialog->captureSession(), recordedClient);
            QCOMPARE(dialog->target(), target.client->session());
            dialog->accept();
        });
        QTest::mouseClick(panel->replayButton(), Qt::LeftButton);
        QCOMPARE(driver.handled(), 1);
    }
    QVERIFY(panel->replayer());
    QTRY_VERIFY(!panel->replayer()->isRunning());
    QTRY_COMPARE(target.server->session()->counters().bytesIn, before + clientSent.size());
    const QByteArray received =
        stream(logRecords(window.manager()->log()), target.server->session()->id(), Direction::Rx);
    QCOMPARE(received, clientSent);
    QVERIFY2(window.lastStatus().startsWith(QLatin1String("Replayed 6 record")),
             qPrintable(window.lastStatus()));

    // As fast as possible, then stopped half-way is reported too.
    QVERIFY(panel->startReplay(recordedClient, 1, target.client->session(), true, 1.0));
    QTRY_VERIFY(!panel->replayer()->isRunning());
    QVERIFY(panel->startReplay(recordedClient, 1, target.client->session(), false, 0.01));
    panel->stopReplay();
    QVERIFY2(window.lastStatus().startsWith(QLatin1String("Replay stopped")),
             qPrintable(window.lastStatus()));
}

void tst_Capture::badCaptureIsASentence()
{
    MainWindow window(false);
    QTemporaryDir out;
    const QString path = out.filePath(QStringLiteral("not-a-capture.pcapng"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("this is not a capture file at all");
    file.close();
    const int tabs = window.tabs()->count();
    QCOMPARE(window.captureActions()->openCapture(path), nullptr);
    QCOMPARE(window.tabs()->count(), tabs);
    QVERIFY(!window.lastStatus().isEmpty());
    QCOMPARE(QApplication::activeModalWidget(), nullptr);

    // Recording into a folder that does not exist is a sentence too.
    QVERIFY(
        !window.captureActions()->startRecording(out.filePath(QStringLiteral("no/such/x.pcapng"))));
    QVERIFY(window.lastStatus().startsWith(QLatin1String("Cannot record")));
}

QTEST_MAIN(tst_Capture)
#include "tst_capture.moc"
