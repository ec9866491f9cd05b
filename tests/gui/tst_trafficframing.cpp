#include "framingedit.h"
#include "models/trafficframer.h"
#include "models/trafficmodel.h"
#include "privatesettings.h"
#include "traffic/displayformat.h"
#include "traffic/framer.h"
#include "traffic/trafficlog.h"
#include "trafficpane.h"
#include "trafficview.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QJsonObject>
#include <QLineEdit>
#include <QSettings>
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
    void framingPersists_data();
    void framingPersists();
    void storedFramingThatIsInvalid_data();
    void storedFramingThatIsInvalid();
    void viewJsonRoundTrip_data();
    void viewJsonRoundTrip();
    void badViewJsonIsReported_data();
    void badViewJsonIsReported();

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
    // Every pane starts with the framing chosen last: each test starts from none.
    QSettings().clear();
}

void tst_TrafficFraming::everySplitShowsTheSameFrames_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QByteArray>("input");

    QTest::newRow("lines, delim:\\n")
        << QStringLiteral("delim:\\n") << QByteArray("alpha\nbeta\r\n\ngamma\ndelta");
    QTest::newRow("lines kept, delim,keep:\\r\\n")
        << QStringLiteral("delim,keep:\\r\\n") << QByteArray("AT\r\nOK\r\r\n\r\nERR");
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
        TrafficPane pane(nullptr, &model);
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
    TrafficPane pane(nullptr, &model);
    QCOMPARE(pane.setFraming(QStringLiteral("delim:\\n")), QString());
    log.append(data("a1-", 1, Direction::Rx));
    log.append(data("b1-", 2, Direction::Rx));
    log.append(data("t1-", 1, Direction::Tx));
    log.append(data("a2\n", 1, Direction::Rx));
    log.append(data("t2\n", 1, Direction::Tx));
    log.append(data("b2\n", 2, Direction::Rx));
    QCOMPARE(shownFrames(pane), (QList<QByteArray>{"a1-a2", "t1-t2", "b1-b2"}));

    // The pane's filters apply to frames.
    model.setPeerFilter(2);
    pane.framedModel()->setPeerFilter(2);
    QCOMPARE(shownFrames(pane), (QList<QByteArray>{"b1-b2"}));
}

void tst_TrafficFraming::closeFlushesThePartialFrame()
{
    TrafficLog log;
    TrafficModel model(&log);
    TrafficPane pane(nullptr, &model);
    QCOMPARE(pane.setFraming(QStringLiteral("delim:\\n")), QString());
    log.append(data("one\ntwo, no end"));
    QCOMPARE(shownFrames(pane), (QList<QByteArray>{"one"}));
    QCOMPARE(pane.framer()->bufferedBytes(), 11);
    TrafficRecord closed;
    closed.session = 1;
    closed.peer = 1;
    closed.kind = RecordKind::ClosedByPeer;
    closed.text = QStringLiteral("closed");
    log.append(closed);
    QCOMPARE(shownFrames(pane), (QList<QByteArray>{"one", "two, no end"}));
    // The event follows the flushed frame.
    TrafficModel *framed = pane.framedModel();
    QCOMPARE(framed->recordAt(framed->rowCount() - 1)->kind, RecordKind::ClosedByPeer);
}

void tst_TrafficFraming::idleGapEndsFrames()
{
    TrafficLog log;
    TrafficModel model(&log);
    TrafficPane pane(nullptr, &model);
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
    TrafficPane pane(nullptr, &model);
    log.append(data("x=1\ny="));
    log.append(data("2\n"));
    model.flush();
    QCOMPARE(pane.view(), pane.findChild<TrafficView *>());
    QLineEdit *edit = pane.framingEdit()->specEdit();
    QTest::keyClicks(edit, QStringLiteral("delim:\\n"));
    QVERIFY(pane.framer());
    QCOMPARE(pane.view()->model(), pane.framedModel());
    QCOMPARE(shownFrames(pane), (QList<QByteArray>{"x=1", "y=2"}));
    QCOMPARE(pane.view()->rowLines(1), QStringList{QStringLiteral("y=2")});
    // A bad spec keeps the last good framing; clearing the field shows the reads again.
    edit->selectAll();
    QTest::keyClicks(edit, QStringLiteral("fixed:x"));
    QVERIFY(!pane.framingEdit()->error().isEmpty());
    QVERIFY(pane.framer());
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QCOMPARE(pane.framer(), nullptr);
    QCOMPARE(pane.view()->model(), &model);
    QCOMPARE(model.rowCount(), 2);
}

void tst_TrafficFraming::framesLeaveWithTheirRecords()
{
    TrafficLog log;
    log.setByteBudget(64 * 1024);
    TrafficModel model(&log);
    TrafficPane pane(nullptr, &model);
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
    QCOMPARE(last.size(), 100);
    QVERIFY(last.contains("004998"));
}

void tst_TrafficFraming::framingPersists_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("encoding");

    QTest::newRow("lines, delim:\\n")
        << QStringLiteral("delim:\\n") << 0 << QStringLiteral("UTF-8");
    QTest::newRow("idle gap, idle:20") << QStringLiteral("idle:20") << 0 << QStringLiteral("UTF-8");
    QTest::newRow("fixed length in hex, fixed:8") << QStringLiteral("fixed:8") << 1 << QString();
    QTest::newRow("length prefix, prefix:2le,offset=1,adjust=2")
        << QStringLiteral("prefix:2le,offset=1,adjust=2") << 2 << QString();
    // The mode used to be applied (and all settings saved) before the encoding was read back.
    QTest::newRow("GBK kept through hex mode, delim,keep:\\r\\n")
        << QStringLiteral("delim,keep:\\r\\n") << 1 << QStringLiteral("GBK");
}

void tst_TrafficFraming::framingPersists()
{
    QFETCH(QString, spec);
    QFETCH(int, mode);
    QFETCH(QString, encoding);

    TrafficLog log;
    TrafficModel model(&log);
    {
        TrafficPane pane(nullptr, &model);
        QCOMPARE(pane.framing(), QString());
        if (!encoding.isEmpty()) {
            const QList<QComboBox *> boxes = pane.findChildren<QComboBox *>();
            const auto encodings = std::find_if(boxes.begin(), boxes.end(), [](QComboBox *box) {
                return box->findText(QStringLiteral("GBK")) >= 0;
            });
            QVERIFY(encodings != boxes.end());
            (*encodings)->setCurrentText(encoding);
        }
        pane.setModeIndex(mode);
        // As a user does: typed into the field.
        QTest::keyClicks(pane.framingEdit()->specEdit(), spec);
        QCOMPARE(pane.framing(), spec);
    } // the app quits

    TrafficPane pane(nullptr, &model);
    QCOMPARE(pane.framing(), spec);
    QCOMPARE(pane.framingEdit()->spec(), spec);
    QVERIFY(pane.framingEdit()->error().isEmpty());
    QVERIFY(pane.framer());
    QCOMPARE(pane.view()->model(), pane.framedModel());
    QCOMPARE(pane.view()->mode(), TrafficView::Mode(mode));
    if (!encoding.isEmpty())
        QCOMPARE(pane.view()->encoding(), encoding);

    // Back to the records as read: that is remembered too.
    pane.framingEdit()->specEdit()->selectAll();
    QTest::keyClick(pane.framingEdit()->specEdit(), Qt::Key_Delete);
    QCOMPARE(pane.framing(), QString());
    TrafficPane again(nullptr, &model);
    QCOMPARE(again.framing(), QString());
    QCOMPARE(again.framer(), nullptr);
}

void tst_TrafficFraming::storedFramingThatIsInvalid_data()
{
    QTest::addColumn<QVariant>("stored");
    QTest::addColumn<QString>("says");

    QTest::newRow("unknown kind, cobs:1")
        << QVariant(QStringLiteral("cobs:1")) << QStringLiteral("Unknown framing 'cobs'");
    QTest::newRow("bad length, fixed:x")
        << QVariant(QStringLiteral("fixed:x")) << QStringLiteral("frame length 'x'");
    QTest::newRow("no colon, delim")
        << QVariant(QStringLiteral("delim")) << QStringLiteral("has no ':'");
    QTest::newRow("not text, a list")
        << QVariant(QStringList{QStringLiteral("a"), QStringLiteral("b")}) << QString();
}

void tst_TrafficFraming::storedFramingThatIsInvalid()
{
    QFETCH(QVariant, stored);
    QFETCH(QString, says);

    QSettings().setValue(QStringLiteral("trafficView/framing"), stored);
    TrafficLog log;
    TrafficModel model(&log);
    TrafficPane pane(nullptr, &model);
    // The records as read, and the spec shown marked with its reason.
    QCOMPARE(pane.framing(), QString());
    QCOMPARE(pane.framer(), nullptr);
    QCOMPARE(pane.view()->model(), &model);
    if (!says.isEmpty()) {
        QCOMPARE(pane.framingEdit()->spec(), stored.toString());
        QVERIFY2(pane.framingEdit()->error().contains(says),
                 qPrintable(pane.framingEdit()->error()));
        QCOMPARE(pane.framingEdit()->specEdit()->toolTip(), pane.framingEdit()->error());
    }
    log.append(data("a\nb\n"));
    model.flush();
    QCOMPARE(model.rowCount(), 1);
}

void tst_TrafficFraming::viewJsonRoundTrip_data()
{
    QTest::addColumn<QString>("spec");
    QTest::newRow("lines, delim:\\r\\n") << QStringLiteral("delim:\\r\\n");
    QTest::newRow("hex delimiter, delim:hex:03") << QStringLiteral("delim:hex:03");
    QTest::newRow("idle gap, idle:50") << QStringLiteral("idle:50");
    QTest::newRow("each chunk") << QString();
}

void tst_TrafficFraming::viewJsonRoundTrip()
{
    QFETCH(QString, spec);
    TrafficLog log;
    TrafficModel model(&log);
    TrafficPane saved(nullptr, &model);
    QCOMPARE(saved.setFraming(spec), QString());
    const QJsonObject json = saved.viewToJson();
    QCOMPARE(json.value(QLatin1String("framing")).toString(), spec);

    // Another pane, whose last framing was something else.
    TrafficPane restored(nullptr, &model);
    QCOMPARE(restored.setFraming(QStringLiteral("fixed:3")), QString());
    QString error;
    QVERIFY2(restored.viewFromJson(json, &error), qPrintable(error));
    QCOMPARE(restored.framing(), spec);
    QCOMPARE(restored.framingEdit()->spec(), spec);
    QCOMPARE(restored.framer() != nullptr, !spec.isEmpty());

    // Without the key (older files) nothing changes.
    QVERIFY(restored.viewFromJson(QJsonObject(), &error));
    QCOMPARE(restored.framing(), spec);
}

void tst_TrafficFraming::badViewJsonIsReported_data()
{
    QTest::addColumn<QJsonValue>("framing");
    QTest::addColumn<QString>("says");
    QTest::newRow("unknown kind, cobs:1")
        << QJsonValue(QStringLiteral("cobs:1")) << QStringLiteral("Unknown framing 'cobs'");
    QTest::newRow("bad option, idle:20,keep")
        << QJsonValue(QStringLiteral("idle:20,keep")) << QStringLiteral("Unknown option 'keep'");
    QTest::newRow("a number") << QJsonValue(8) << QStringLiteral("not a spec");
    QTest::newRow("null") << QJsonValue() << QStringLiteral("not a spec");
}

void tst_TrafficFraming::badViewJsonIsReported()
{
    QFETCH(QJsonValue, framing);
    QFETCH(QString, says);
    TrafficLog log;
    TrafficModel model(&log);
    TrafficPane pane(nullptr, &model);
    QCOMPARE(pane.setFraming(QStringLiteral("delim:\\n")), QString());
    QString error;
    QVERIFY(!pane.viewFromJson(QJsonObject{{QLatin1String("framing"), framing}}, &error));
    QVERIFY2(error.contains(says), qPrintable(error));
    // The view keeps the framing it had.
    QCOMPARE(pane.framing(), QStringLiteral("delim:\\n"));
    QVERIFY(pane.framer());
    if (framing.isString())
        QCOMPARE(pane.framingEdit()->spec(), framing.toString());
}

QTEST_MAIN(tst_TrafficFraming)
#include "tst_trafficframing.moc"
