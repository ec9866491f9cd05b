#include "models/trafficmodel.h"
#include "privatesettings.h"
#include "traffic/displayformat.h"
#include "traffic/framer.h"
#include "traffic/framingedit.h"
#include "traffic/streamframers.h"
#include "traffic/trafficlog.h"
#include "traffic/trafficpane.h"
#include "traffic/trafficview.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QJsonObject>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sockeye;

// The traffic pane's framing: streams shown as the core framers cut them, whatever the reads.
class tst_TrafficFraming : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void everySplitShowsTheSameFrames_data();
    void everySplitShowsTheSameFrames();
    void streamsDoNotMix();
    void closeFlushesThePartialFrame();
    void idleGapEndsFrames();
    void typedSpecSwitchesTheView();
    void framesLeaveWithTheirRecords();
    void viewSettingsAreTheSessionsOwn_data();
    void viewSettingsAreTheSessionsOwn();
    void displayOffShowsNothingNewButKeepsIt();
    void paneFollowsTheSessionsFraming();

private:
    static TrafficRecord data(const QByteArray &bytes, PeerId peer = 1,
                              Direction direction = Direction::Rx, qint64 us = 0)
    {
        TrafficRecord r;
        r.session = 1;
        r.peer = peer;
        r.direction = direction;
        r.bytes = bytes;
        r.timestampUs = us;
        return r;
    }
    /// The payloads the framed view shows, in order.
    static QList<QByteArray> shownFrames(TrafficPane &pane)
    {
        QList<QByteArray> frames;
        TrafficModel *model = pane.framedModel();
        model->flush();
        for (int row = 0; row < model->rowCount(); ++row) {
            const TrafficRecord *r = model->recordAt(row);
            if (r && r->isData())
                frames << r->bytes;
        }
        return frames;
    }

    QTemporaryDir m_dir;
};

void tst_TrafficFraming::initTestCase()
{
    sockeye::test::usePrivateSettings(m_dir.filePath(QStringLiteral("settings")),
                                      QStringLiteral("SockeyeFramingTest"));
}

void tst_TrafficFraming::init()
{
    // Nothing a test leaves in the settings reaches the next.
    QSettings().clear();
}

void tst_TrafficFraming::everySplitShowsTheSameFrames_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QByteArray>("input");

    QTest::newRow("lines, delim:\\n")
        << QStringLiteral("delim:\\n") << QByteArray("alpha\nbeta\r\n\ngamma\ndelta");
    QTest::newRow("lines, delim:\\r\\n")
        << QStringLiteral("delim:\\r\\n") << QByteArray("AT\r\nOK\r\r\n\r\nERR");
    QTest::newRow("Modbus RTU requests, fixed:8") << QStringLiteral("fixed:8")
                                                  << QByteArray::fromHex("01030000000AC5CD"
                                                                         "010300010001D5CA"
                                                                         "0103");
    QTest::newRow("length prefix, prefix:2be") << QStringLiteral("prefix:2be")
                                               << QByteArray("\x00\x03"
                                                             "abc"
                                                             "\x00\x01"
                                                             "x"
                                                             "\x00\x05"
                                                             "yz",
                                                             12);
    QTest::newRow("length prefix out of step, prefix:1,max=4") << QStringLiteral("prefix:1,max=4")
                                                               << QByteArray("\x02"
                                                                             "ab"
                                                                             "\x09"
                                                                             "\x01"
                                                                             "c",
                                                                             6);
}

void tst_TrafficFraming::everySplitShowsTheSameFrames()
{
    QFETCH(QString, spec);
    QFETCH(QByteArray, input);

    // What the core framer cuts from the whole input at once.
    QString error;
    const std::unique_ptr<Framer> reference = Framer::create(spec, &error);
    QVERIFY2(reference, qPrintable(error));
    const QList<QByteArray> expected = reference->feed(input, 1);
    QVERIFY(!expected.isEmpty());

    QList<QList<QByteArray>> splits;
    for (qsizetype at = 0; at <= input.size(); ++at)
        splits << QList<QByteArray>{input.left(at), input.mid(at)};
    QList<QByteArray> bytes;
    for (char c : input)
        bytes << QByteArray(1, c);
    splits << bytes;

    for (const QList<QByteArray> &pieces : std::as_const(splits)) {
        TrafficLog log;
        TrafficModel model(&log);
        TrafficPane pane(nullptr, &model, nullptr);
        QCOMPARE(pane.setFraming(spec), QString());
        QAbstractItemModelTester tester(pane.framedModel());
        // Half the records before the framing is chosen (rebuilt), half after (incremental).
        for (qsizetype i = 0; i < pieces.size(); ++i) {
            if (i == pieces.size() / 2) {
                QCOMPARE(pane.setFraming(QString()), QString());
                QCOMPARE(pane.view()->model(), &model);
                QCOMPARE(pane.setFraming(spec), QString());
            }
            if (!pieces[i].isEmpty())
                log.append(data(pieces[i], 1, Direction::Rx, 1));
        }
        const QList<QByteArray> shown = shownFrames(pane);
        QCOMPARE(shown, expected);
        // The view shows them as it shows records: one row per frame, formatted lazily.
        TrafficView *view = pane.view();
        QCOMPARE(view->model(), pane.framedModel());
        view->setMode(TrafficView::Mode::Hex);
        int row = 0;
        for (int r = 0; r < pane.framedModel()->rowCount(); ++r) {
            if (!pane.framedModel()->recordAt(r)->isData())
                continue;
            QCOMPARE(view->rowLines(r).join(QLatin1Char(' ')),
                     expected[row].isEmpty() ? TrafficView::tr("(empty)")
                                             : DisplayFormat::hex(expected[row]));
            ++row;
        }
    }
}

void tst_TrafficFraming::streamsDoNotMix()
{
    TrafficLog log;
    TrafficModel model(&log);
    TrafficPane pane(nullptr, &model, nullptr);
    QCOMPARE(pane.setFraming(QStringLiteral("delim:\\n")), QString());
    log.append(data("a1-", 1, Direction::Rx));
    log.append(data("b1-", 2, Direction::Rx));
    log.append(data("t1-", 1, Direction::Tx));
    log.append(data("a2\n", 1, Direction::Rx));
    log.append(data("t2\n", 1, Direction::Tx));
    log.append(data("b2\n", 2, Direction::Rx));
    // Frames keep their delimiter: the exact bytes of each stream.
    QCOMPARE(shownFrames(pane), (QList<QByteArray>{"a1-a2\n", "t1-t2\n", "b1-b2\n"}));

    // The pane's filters apply to frames.
    model.setPeerFilter(2);
    pane.framedModel()->setPeerFilter(2);
    QCOMPARE(shownFrames(pane), (QList<QByteArray>{"b1-b2\n"}));
}

void tst_TrafficFraming::closeFlushesThePartialFrame()
{
    TrafficLog log;
    TrafficModel model(&log);
    TrafficPane pane(nullptr, &model, nullptr);
    QCOMPARE(pane.setFraming(QStringLiteral("delim:\\n")), QString());
    log.append(data("one\ntwo, no end"));
    QCOMPARE(shownFrames(pane), (QList<QByteArray>{"one\n"}));
    QCOMPARE(pane.framer()->bufferedBytes(), 11);
    TrafficRecord closed;
    closed.session = 1;
    closed.peer = 1;
    closed.kind = RecordKind::ClosedByPeer;
    closed.text = QStringLiteral("closed");
    log.append(closed);
    QCOMPARE(shownFrames(pane), (QList<QByteArray>{"one\n", "two, no end"}));
    // The event follows the flushed frame.
    TrafficModel *framed = pane.framedModel();
    QCOMPARE(framed->recordAt(framed->rowCount() - 1)->kind, RecordKind::ClosedByPeer);
}

void tst_TrafficFraming::idleGapEndsFrames()
{
    TrafficLog log;
    TrafficModel model(&log);
    TrafficPane pane(nullptr, &model, nullptr);
    QCOMPARE(pane.setFraming(QStringLiteral("idle:20")), QString());
    const qint64 t0 = nowUs() - 10'000'000;
    log.append(data("\x01\x03", 1, Direction::Rx, t0));
    log.append(data(QByteArray("\x00\x00", 2), 1, Direction::Rx, t0 + 5'000));
    log.append(data("\x01\x06", 1, Direction::Rx, t0 + 100'000));
    QCOMPARE(shownFrames(pane), (QList<QByteArray>{QByteArray("\x01\x03\x00\x00", 4)}));
    // The last one ends once the gap has passed on the clock (the pane's timer ticks).
    QTRY_COMPARE(shownFrames(pane),
                 (QList<QByteArray>{QByteArray("\x01\x03\x00\x00", 4), "\x01\x06"}));
}

void tst_TrafficFraming::typedSpecSwitchesTheView()
{
    TrafficLog log;
    TrafficModel model(&log);
    TrafficPane pane(nullptr, &model, nullptr);
    log.append(data("x=1\ny="));
    log.append(data("2\n"));
    model.flush();
    QCOMPARE(pane.view(), pane.findChild<TrafficView *>());
    QLineEdit *edit = pane.framingEdit()->specEdit();
    QTest::keyClicks(edit, QStringLiteral("delim:\\n"));
    QVERIFY(pane.framedModel());
    QCOMPARE(pane.view()->model(), pane.framedModel());
    QCOMPARE(shownFrames(pane), (QList<QByteArray>{"x=1\n", "y=2\n"}));
    // The stream mode (a new pane's) shows each line frame as a line; the log mode its bytes.
    QCOMPARE(pane.view()->rowLines(1), QStringList{QStringLiteral("y=2")});
    pane.setMode(TrafficView::Mode::Log);
    QCOMPARE(pane.view()->rowLines(1), QStringList{QStringLiteral("y=2\\n")});
    // A bad spec keeps the last good framing; clearing the field shows the reads again.
    edit->selectAll();
    QTest::keyClicks(edit, QStringLiteral("fixed:x"));
    QVERIFY(!pane.framingEdit()->error().isEmpty());
    QCOMPARE(pane.framing(), QStringLiteral("delim:\\n"));
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QCOMPARE(pane.framedModel(), nullptr);
    QCOMPARE(pane.view()->model(), &model);
    QCOMPARE(model.rowCount(), 2);
}

void tst_TrafficFraming::framesLeaveWithTheirRecords()
{
    TrafficLog log;
    log.setByteBudget(64 * 1024);
    TrafficModel model(&log);
    TrafficPane pane(nullptr, &model, nullptr);
    QCOMPARE(pane.setFraming(QStringLiteral("delim:\\n")), QString());
    // Each record holds one line and the start of the next.
    const QByteArray line = QByteArray(100, 'x') + '\n';
    for (int i = 0; i < 5000; ++i)
        log.append(
            data(line.mid(50) + QByteArray::number(i).rightJustified(6, '0') + line.left(44)));
    QVERIFY(log.evictedRecords() > 0);
    TrafficLog *frames = pane.framer()->frames();
    // Bounded by the source: never more frames than records still in the log.
    QVERIFY2(
        frames->size() <= log.size(),
        qPrintable(QStringLiteral("%1 frames, %2 records").arg(frames->size()).arg(log.size())));
    QVERIFY(frames->size() >= log.size() - 2);
    QVERIFY(frames->storedBytes() <= log.byteBudget());
    // The newest frames are exactly the lines the records carry.
    const QByteArray last = frames->at(frames->size() - 1).bytes;
    QCOMPARE(last.size(), 101);
    QVERIFY(last.contains("004998"));
}

void tst_TrafficFraming::viewSettingsAreTheSessionsOwn_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("encoding");

    QTest::newRow("lines, delim:\\n")
        << QStringLiteral("delim:\\n") << 1 << QStringLiteral("UTF-8");
    QTest::newRow("stream of lines, delim:\\n")
        << QStringLiteral("delim:\\n") << 0 << QStringLiteral("UTF-8");
    QTest::newRow("fixed length in hex, fixed:8") << QStringLiteral("fixed:8") << 2 << QString();
    QTest::newRow("length prefix, prefix:2le,offset=1,adjust=2")
        << QStringLiteral("prefix:2le,offset=1,adjust=2") << 3 << QString();
    // The mode used to be applied (and all settings saved) before the encoding was read back.
    QTest::newRow("GBK kept through hex mode, delim:\\r\\n")
        << QStringLiteral("delim:\\r\\n") << 2 << QStringLiteral("GBK");
}

void tst_TrafficFraming::viewSettingsAreTheSessionsOwn()
{
    QFETCH(QString, spec);
    QFETCH(int, mode);
    QFETCH(QString, encoding);

    TrafficLog log;
    TrafficModel model(&log);
    QJsonObject saved;
    {
        TrafficPane pane(nullptr, &model, nullptr);
        QCOMPARE(pane.framing(), QString());
        QSignalSpy changed(&pane, &TrafficPane::viewSettingsChanged);
        if (!encoding.isEmpty()) {
            const QList<QComboBox *> boxes = pane.findChildren<QComboBox *>();
            const auto encodings = std::find_if(boxes.begin(), boxes.end(), [](QComboBox *box) {
                return box->findText(QStringLiteral("GBK")) >= 0;
            });
            QVERIFY(encodings != boxes.end());
            (*encodings)->setCurrentText(encoding);
        }
        pane.setMode(TrafficView::Mode(mode));
        QVERIFY(mode == 0 || !changed.isEmpty()); // told, so the session list is saved
        // As a user does: typed into the field.
        QTest::keyClicks(pane.framingEdit()->specEdit(), spec);
        QCOMPARE(pane.framing(), spec);
        saved = pane.viewSettings();
    } // the app quits

    // The session's pane, restored, shows its traffic as it did.
    TrafficPane restored(nullptr, &model, nullptr);
    restored.setViewSettings(saved);
    QCOMPARE(restored.view()->mode(), TrafficView::Mode(mode));
    if (!encoding.isEmpty())
        QCOMPARE(restored.view()->encoding(), encoding);
    // The framing is the session's (SessionSetup::framing), not a view setting.
    QCOMPARE(restored.framing(), QString());
    QCOMPARE(restored.framedModel(), nullptr);

    // Another session's new pane starts from the defaults, not from this one's choices.
    TrafficPane fresh(nullptr, &model, nullptr);
    QCOMPARE(fresh.view()->mode(), TrafficView::Mode::Stream);
    QCOMPARE(fresh.view()->encoding(), QStringLiteral("UTF-8"));
}

void tst_TrafficFraming::displayOffShowsNothingNewButKeepsIt()
{
    TrafficLog log;
    TrafficModel model(&log);
    TrafficPane pane(nullptr, &model, nullptr);
    log.append(data("before\n"));
    const QList<QCheckBox *> boxes = pane.findChildren<QCheckBox *>();
    const auto found = std::find_if(boxes.begin(), boxes.end(), [](QCheckBox *box) {
        return box->text() == QStringLiteral("Display");
    });
    QVERIFY(found != boxes.end());
    QCheckBox *display = *found;
    QVERIFY(display->isChecked());
    display->click(); // off
    QVERIFY(!pane.viewSettings().value(QStringLiteral("display")).toBool(true));
    for (int i = 0; i < 1000; ++i)
        log.append(data("flood\n"));
    model.flush();
    // What came before shows; the flood does not, though the log and counters have it.
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.recordAt(0)->bytes, QByteArray("before\n"));
    QCOMPARE(log.size(), qsizetype(1001));
    QCOMPARE(log.sessionCounters(1).framesIn, quint64(1001));
    // On again: what comes from then on shows (the sentinel after the flood).
    display->click();
    log.append(data("after\n"));
    model.flush();
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.recordAt(1)->bytes, QByteArray("after\n"));
    // The setting is saved with the session and restored.
    display->click();
    TrafficModel restoredModel(&log);
    TrafficPane restored(nullptr, &restoredModel, nullptr);
    QVERIFY(restoredModel.isDisplaying());
    restored.setViewSettings(pane.viewSettings());
    QVERIFY(!restoredModel.isDisplaying());
}

void tst_TrafficFraming::paneFollowsTheSessionsFraming()
{
    // The framers are the session's: a framing set elsewhere (a workspace, the rules) shows.
    TrafficLog log;
    TrafficModel model(&log);
    StreamFramers framers(&log, 1);
    TrafficPane pane(nullptr, &model, &framers);
    log.append(data("a\nb"));
    QCOMPARE(framers.setSpec(QStringLiteral("delim:\\n")), QString());
    QCOMPARE(pane.framing(), QStringLiteral("delim:\\n"));
    QCOMPARE(pane.framingEdit()->spec(), QStringLiteral("delim:\\n"));
    QCOMPARE(shownFrames(pane), (QList<QByteArray>{"a\n"}));
    // A rejected stored spec is shown marked; the framing stays.
    pane.showRejectedFraming(QStringLiteral("cobs:1"), QStringLiteral("Unknown framing 'cobs'"));
    QVERIFY(pane.framingEdit()->error().contains(QStringLiteral("Unknown framing 'cobs'")));
    QCOMPARE(framers.spec(), QStringLiteral("delim:\\n"));
    QCOMPARE(framers.setSpec(QString()), QString());
    QCOMPARE(pane.framedModel(), nullptr);
    QCOMPARE(pane.view()->model(), &model);
}

QTEST_MAIN(tst_TrafficFraming)
#include "tst_trafficframing.moc"
