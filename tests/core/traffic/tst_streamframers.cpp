// StreamFramers' contract besides the cutting itself: specs, clearing, streams kept apart,
// closes, bodies, other sessions and the problems it reports.
#include "streamframerstest.h"

using namespace sockeye;
using namespace sockeye::streamtest;

class tst_StreamFramers : public QObject
{
    Q_OBJECT
private slots:
    void newSpecRebuildsWithoutReportingAgain_data();
    void newSpecRebuildsWithoutReportingAgain();
    void badSpecKeepsTheOldOne_data();
    void badSpecKeepsTheOldOne();
    void specChangedOnlyOnChange_data();
    void specChangedOnlyOnChange();
    void clearKeepsPartialFrames_data();
    void clearKeepsPartialFrames();
    void streamsNeverMix_data();
    void streamsNeverMix();
    void closeFlushesThatPeersPartialFrame_data();
    void closeFlushesThatPeersPartialFrame();
    void bodyStripsOnlyADelimiter_data();
    void bodyStripsOnlyADelimiter();
    void otherSessionsAreIgnored_data();
    void otherSessionsAreIgnored();
    void framingProblemsAreReported_data();
    void framingProblemsAreReported();
};

// --- (c) changing the framing --------------------------------------------------------------

void tst_StreamFramers::newSpecRebuildsWithoutReportingAgain_data()
{
    QTest::addColumn<QString>("oldSpec");
    QTest::addColumn<QString>("newSpec");
    QTest::addColumn<QString>("canonical");          // what spec() and specChanged say
    QTest::addColumn<QList<QByteArray>>("rebuilt");  // frames() right after the change
    QTest::addColumn<QList<QByteArray>>("reported"); // frameCompleted after "e\n" and the end

    // Recorded: "a\nb" and "c\nd" 1 ms apart; then the spec changes; then "e\n" arrives.
    QTest::newRow("from none to lines")
        << QString() << QStringLiteral("delim:\\n") << QStringLiteral("delim:\\n")
        << QList<QByteArray>{"a\n", "bc\n"} << QList<QByteArray>{"de\n"};
    QTest::newRow("from lines to fixed length")
        << QStringLiteral("delim:\\n") << QStringLiteral("fixed:2") << QStringLiteral("fixed:2")
        << QList<QByteArray>{"a\n", "bc", "\nd"} << QList<QByteArray>{"e\n"};
    QTest::newRow("from lines to none")
        << QStringLiteral("delim:\\n") << QStringLiteral("none") << QString() << QList<QByteArray>{}
        << QList<QByteArray>{"e\n"};
    // The records were 1 ms apart: one idle frame, still open when the spec changes.
    QTest::newRow("from lines to idle")
        << QStringLiteral("delim:\\n") << QStringLiteral("idle:20") << QStringLiteral("idle:20")
        << QList<QByteArray>{} << QList<QByteArray>{"a\nbc\nde\n"};
    QTest::newRow("from idle to lines")
        << QStringLiteral("idle:20") << QStringLiteral("delim:\\n") << QStringLiteral("delim:\\n")
        << QList<QByteArray>{"a\n", "bc\n"} << QList<QByteArray>{"de\n"};
    QTest::newRow("from lines to a length prefix")
        << QStringLiteral("delim:\\n") << QStringLiteral("prefix:1") << QStringLiteral("prefix:1")
        << QList<QByteArray>{} << QList<QByteArray>{"a\nbc\nde\n"};
}

void tst_StreamFramers::newSpecRebuildsWithoutReportingAgain()
{
    QFETCH(QString, oldSpec);
    QFETCH(QString, newSpec);
    QFETCH(QString, canonical);
    QFETCH(QList<QByteArray>, rebuilt);
    QFETCH(QList<QByteArray>, reported);

    TrafficLog log;
    StreamFramers framers(&log, S1);
    QCOMPARE(framers.setSpec(oldSpec), QString());
    Reports reports(&framers);
    log.append(data("a\nb", T0));
    log.append(data("c\nd", T0 + 1'000));
    const qsizetype before = reports.frames.size();
    QVERIFY(before > 0 || oldSpec.startsWith(QLatin1String("idle")));

    QSignalSpy changed(&framers, &StreamFramers::specChanged);
    QCOMPARE(framers.setSpec(newSpec), QString());
    QCOMPARE(framers.spec(), canonical);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toString(), canonical);
    QCOMPARE(hexList(dataBytes(*framers.frames())), hexList(rebuilt));
    // The frames of the past are shown anew, not reported again (no rule fires twice).
    QCOMPARE(reports.frames.size(), before);

    log.append(data("e\n", T0 + 2'000));
    framers.tick(T0 + 2'000 + 20'000);
    framers.flushAll();
    QCOMPARE(hexList(bytesOf(reports.frames.mid(before))), hexList(reported));
}

void tst_StreamFramers::badSpecKeepsTheOldOne_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("reason"); // part of the sentence

    QTest::newRow("unknown kind, cobs:1") << QStringLiteral("cobs:1") << QStringLiteral("cobs");
    QTest::newRow("zero length, fixed:0") << QStringLiteral("fixed:0") << QStringLiteral("'0'");
    QTest::newRow("no colon, delim") << QStringLiteral("delim") << QStringLiteral("':'");
    QTest::newRow("strip is gone, delim,strip:\\n")
        << QStringLiteral("delim,strip:\\n") << QStringLiteral("strip");
    QTest::newRow("gap not a number, idle:soon")
        << QStringLiteral("idle:soon") << QStringLiteral("'soon'");
    QTest::newRow("prefix of 3 bytes, prefix:3")
        << QStringLiteral("prefix:3") << QStringLiteral("'3'");
}

void tst_StreamFramers::badSpecKeepsTheOldOne()
{
    QFETCH(QString, spec);
    QFETCH(QString, reason);

    TrafficLog log;
    StreamFramers framers(&log, S1);
    QCOMPARE(framers.setSpec(QStringLiteral("delim:\\n")), QString());
    Reports reports(&framers);
    log.append(data("one\ntw"));
    QSignalSpy changed(&framers, &StreamFramers::specChanged);

    const QString error = framers.setSpec(spec);
    QVERIFY2(error.contains(reason), qPrintable(error));
    QVERIFY(error.endsWith(QLatin1Char('.')));
    QCOMPARE(framers.spec(), QStringLiteral("delim:\\n"));
    QCOMPARE(changed.count(), 0);
    QCOMPARE(dataBytes(*framers.frames()), QList<QByteArray>{"one\n"});
    // Nothing was rebuilt: the partial frame goes on with the old framing.
    log.append(data("o\n"));
    QCOMPARE(bytesOf(reports.frames), (QList<QByteArray>{"one\n", "two\n"}));
}

void tst_StreamFramers::specChangedOnlyOnChange_data()
{
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("second");
    QTest::addColumn<bool>("changes");
    QTest::addColumn<QString>("canonical");

    QTest::newRow("the same spec again")
        << QStringLiteral("delim:\\n") << QStringLiteral("delim:\\n") << false
        << QStringLiteral("delim:\\n");
    QTest::newRow("the same spec spelled with spaces")
        << QStringLiteral("fixed:2") << QStringLiteral("  fixed: 2 ") << false
        << QStringLiteral("fixed:2");
    QTest::newRow("keep is what delim does anyway")
        << QStringLiteral("delim:\\n") << QStringLiteral("delim,keep:\\n") << false
        << QStringLiteral("delim:\\n");
    QTest::newRow("the default max spelled out")
        << QStringLiteral("idle:20") << QStringLiteral("idle:20,max=1048576") << false
        << QStringLiteral("idle:20");
    QTest::newRow("none after empty") << QString() << QStringLiteral("none") << false << QString();
    QTest::newRow("another delimiter")
        << QStringLiteral("delim:\\n") << QStringLiteral("delim:\\r\\n") << true
        << QStringLiteral("delim:\\r\\n");
    QTest::newRow("another max") << QStringLiteral("idle:20") << QStringLiteral("idle:20,max=64")
                                 << true << QStringLiteral("idle:20,max=64");
    QTest::newRow("lines to none")
        << QStringLiteral("delim:\\n") << QStringLiteral("none") << true << QString();
    QTest::newRow("none to lines") << QStringLiteral("none") << QStringLiteral("delim:\\n") << true
                                   << QStringLiteral("delim:\\n");
}

void tst_StreamFramers::specChangedOnlyOnChange()
{
    QFETCH(QString, first);
    QFETCH(QString, second);
    QFETCH(bool, changes);
    QFETCH(QString, canonical);

    TrafficLog log;
    StreamFramers framers(&log, S1);
    QCOMPARE(framers.setSpec(first), QString());
    QSignalSpy changed(&framers, &StreamFramers::specChanged);
    QCOMPARE(framers.setSpec(second), QString());
    QCOMPARE(framers.spec(), canonical);
    QCOMPARE(changed.count(), changes ? 1 : 0);
    if (changes)
        QCOMPARE(changed.at(0).at(0).toString(), canonical);
}

// --- (d) Clear -----------------------------------------------------------------------------

void tst_StreamFramers::clearKeepsPartialFrames_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<bool>("clearSession"); // TrafficLog::clearSession(1), else clear()
    QTest::addColumn<QByteArray>("before"); // recorded before the Clear (at T0)
    QTest::addColumn<QByteArray>("after");  // after it (at T0 + 5 ms)
    QTest::addColumn<QList<QByteArray>>("shownBefore");
    QTest::addColumn<QList<QByteArray>>("reported"); // frameCompleted, all along
    QTest::addColumn<QList<QByteArray>>("shownAfter");

    QTest::newRow("a request split across clear(), delim:\\r\\n")
        << QStringLiteral("delim:\\r\\n") << false << QByteArray("PI") << QByteArray("NG\r\n")
        << QList<QByteArray>{} << QList<QByteArray>{"PING\r\n"} << QList<QByteArray>{"PING\r\n"};
    QTest::newRow("frames go, the partial one stays, delim:\\r\\n")
        << QStringLiteral("delim:\\r\\n") << false << QByteArray("HELLO\r\nPI")
        << QByteArray("NG\r\n") << QList<QByteArray>{"HELLO\r\n"}
        << QList<QByteArray>{"HELLO\r\n", "PING\r\n"} << QList<QByteArray>{"PING\r\n"};
    QTest::newRow("a request split across clearSession(), delim:\\r\\n")
        << QStringLiteral("delim:\\r\\n") << true << QByteArray("HELLO\r\nPI")
        << QByteArray("NG\r\n") << QList<QByteArray>{"HELLO\r\n"}
        << QList<QByteArray>{"HELLO\r\n", "PING\r\n"} << QList<QByteArray>{"PING\r\n"};
    QTest::newRow("a request split across clear(), prefix:2be")
        << QStringLiteral("prefix:2be") << false << bin("0002686900045049") << QByteArray("NG")
        << QList<QByteArray>{bin("00026869")}
        << QList<QByteArray>{bin("00026869"), bin("000450494e47")}
        << QList<QByteArray>{bin("000450494e47")};
    QTest::newRow("a request split across clear(), idle:20")
        << QStringLiteral("idle:20") << false << QByteArray("PI") << QByteArray("NG")
        << QList<QByteArray>{} << QList<QByteArray>{"PING"} << QList<QByteArray>{"PING"};
}

void tst_StreamFramers::clearKeepsPartialFrames()
{
    QFETCH(QString, spec);
    QFETCH(bool, clearSession);
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, after);
    QFETCH(QList<QByteArray>, shownBefore);
    QFETCH(QList<QByteArray>, reported);
    QFETCH(QList<QByteArray>, shownAfter);

    TrafficLog log;
    StreamFramers framers(&log, S1);
    QCOMPARE(framers.setSpec(spec), QString());
    Reports reports(&framers);
    log.append(data(before, T0));
    QCOMPARE(hexList(dataBytes(*framers.frames())), hexList(shownBefore));
    QVERIFY(framers.bufferedBytes() > 0);

    if (clearSession)
        log.clearSession(S1);
    else
        log.clear();
    QVERIFY(log.isEmpty());
    QVERIFY(framers.frames()->isEmpty());
    QVERIFY(framers.bufferedBytes() > 0);

    log.append(data(after, T0 + 5'000));
    framers.tick(T0 + 5'000 + 20'000);
    QCOMPARE(hexList(bytesOf(reports.frames)), hexList(reported));
    QCOMPARE(hexList(dataBytes(*framers.frames())), hexList(shownAfter));
    QCOMPARE(framers.bufferedBytes(), 0);
}

// --- (e) streams and closes ----------------------------------------------------------------

void tst_StreamFramers::streamsNeverMix_data()
{
    QTest::addColumn<QString>("spec");

    QTest::newRow("lines, delim:\\n") << QStringLiteral("delim:\\n");
    QTest::newRow("length prefix, prefix:1") << QStringLiteral("prefix:1");
    QTest::newRow("fixed length, fixed:3") << QStringLiteral("fixed:3");
    QTest::newRow("idle, idle:20") << QStringLiteral("idle:20");
}

void tst_StreamFramers::streamsNeverMix()
{
    QFETCH(QString, spec);

    struct Stream
    {
        SessionId session;
        PeerId peer;
        Direction direction;
        QByteArray bytes;
    };
    // Each stream is valid for every spec of the rows: lines of 3 bytes with 2-byte bodies.
    const QList<Stream> streams{
        {1, 1, Direction::Rx,
         QByteArray("\x02"
                    "a\n\x02"
                    "b\n",
                    6)},
        {1, 2, Direction::Rx,
         QByteArray("\x02"
                    "c\n\x02"
                    "d\n\x02"
                    "e\n",
                    9)},
        {1, 1, Direction::Tx,
         QByteArray("\x02"
                    "f\n",
                    3)},
        {2, 1, Direction::Rx,
         QByteArray("\x02"
                    "g\n\x02"
                    "h\n",
                    6)}, // same peer, other session
    };
    TrafficLog log;
    StreamFramers framers(&log, 0); // every session
    QCOMPARE(framers.setSpec(spec), QString());
    Reports reports(&framers);
    // Byte by byte, taking turns: every read of a stream is interleaved with the others'.
    for (qsizetype at = 0; at < 9; ++at) {
        for (const Stream &s : streams) {
            if (at < s.bytes.size())
                log.append(data(s.bytes.mid(at, 1), T0, s.peer, s.direction, s.session));
        }
    }
    framers.tick(T0 + 20'000);
    framers.flushAll();

    for (const Stream &s : streams) {
        const QString name = QStringLiteral("session %1 peer %2 %3")
                                 .arg(s.session)
                                 .arg(s.peer)
                                 .arg(QLatin1String(s.direction == Direction::Rx ? "rx" : "tx"));
        const auto ofStream = [&](const TrafficRecord &r) {
            return r.session == s.session && r.peer == s.peer && r.direction == s.direction;
        };
        QList<TrafficRecord> shown;
        for (qsizetype i = 0; i < framers.frames()->size(); ++i) {
            if (framers.frames()->at(i).isData() && ofStream(framers.frames()->at(i)))
                shown << framers.frames()->at(i);
        }
        QList<TrafficRecord> reported;
        std::copy_if(reports.frames.begin(), reports.frames.end(), std::back_inserter(reported),
                     ofStream);
        const QList<QByteArray> expected = referenceFrames(spec, {s.bytes}, {T0});
        QVERIFY2(bytesOf(shown) == expected,
                 qPrintable(name + QStringLiteral(": frames() ") + hexList(bytesOf(shown)) +
                            QStringLiteral(" expected ") + hexList(expected)));
        QVERIFY2(bytesOf(reported) == expected,
                 qPrintable(name + QStringLiteral(": frameCompleted ") +
                            hexList(bytesOf(reported)) + QStringLiteral(" expected ") +
                            hexList(expected)));
    }
    QCOMPARE(framers.frames()->size(), reports.frames.size()); // data only: no events here
}

void tst_StreamFramers::closeFlushesThatPeersPartialFrame_data()
{
    QTest::addColumn<int>("kind"); // RecordKind
    QTest::addColumn<PeerId>("peer");
    QTest::addColumn<QList<QByteArray>>("flushed"); // in any order: the peer's two streams
    QTest::addColumn<qsizetype>("stillBuffered");

    // Peer 1 sent "one\ntwo" and was sent "t1"; peer 2 sent "three!". Framing: delim:\n.
    QTest::newRow("ClosedByPeer flushes peer 1") << int(RecordKind::ClosedByPeer) << PeerId(1)
                                                 << QList<QByteArray>{"t1", "two"} << qsizetype(6);
    QTest::newRow("Reset flushes peer 1")
        << int(RecordKind::Reset) << PeerId(1) << QList<QByteArray>{"t1", "two"} << qsizetype(6);
    QTest::newRow("Closed (by us) flushes peer 1")
        << int(RecordKind::Closed) << PeerId(1) << QList<QByteArray>{"t1", "two"} << qsizetype(6);
    QTest::newRow("ClosedByPeer of peer 2 flushes only peer 2")
        << int(RecordKind::ClosedByPeer) << PeerId(2) << QList<QByteArray>{"three!"}
        << qsizetype(5);
    QTest::newRow("Reset of peer 2 flushes only peer 2")
        << int(RecordKind::Reset) << PeerId(2) << QList<QByteArray>{"three!"} << qsizetype(5);
    QTest::newRow("Stopped flushes every peer")
        << int(RecordKind::Stopped) << NoPeer << QList<QByteArray>{"t1", "three!", "two"}
        << qsizetype(0);
    QTest::newRow("Accepted flushes nothing")
        << int(RecordKind::Accepted) << PeerId(3) << QList<QByteArray>{} << qsizetype(11);
    QTest::newRow("Info of peer 1 flushes nothing")
        << int(RecordKind::Info) << PeerId(1) << QList<QByteArray>{} << qsizetype(11);
}

void tst_StreamFramers::closeFlushesThatPeersPartialFrame()
{
    QFETCH(int, kind);
    QFETCH(PeerId, peer);
    QFETCH(QList<QByteArray>, flushed);
    QFETCH(qsizetype, stillBuffered);

    TrafficLog log;
    StreamFramers framers(&log, S1);
    QCOMPARE(framers.setSpec(QStringLiteral("delim:\\n")), QString());
    Reports reports(&framers);
    log.append(data("one\ntwo", T0, 1, Direction::Rx));
    log.append(data("t1", T0, 1, Direction::Tx));
    log.append(data("three!", T0, 2, Direction::Rx));
    QCOMPARE(bytesOf(reports.frames), QList<QByteArray>{"one\n"});
    QCOMPARE(framers.bufferedBytes(), 11);

    log.append(eventRecord(RecordKind(kind), peer));
    QCOMPARE(framers.bufferedBytes(), stillBuffered);

    // frames(): "one\n", then the flushed frames, then the event, last.
    const TrafficLog *frames = framers.frames();
    QCOMPARE(frames->size(), 1 + flushed.size() + 1);
    QCOMPARE(frames->at(0).bytes, QByteArray("one\n"));
    QList<QByteArray> shown;
    for (qsizetype i = 1; i < frames->size() - 1; ++i) {
        QVERIFY(frames->at(i).isData());
        QVERIFY(peer == NoPeer || frames->at(i).peer == peer);
        shown << frames->at(i).bytes;
    }
    std::sort(shown.begin(), shown.end());
    QCOMPARE(shown, flushed);
    const TrafficRecord &last = frames->at(frames->size() - 1);
    QCOMPARE(last.kind, RecordKind(kind));
    QCOMPARE(last.peer, peer);

    QList<QByteArray> reported = bytesOf(reports.frames.mid(1));
    std::sort(reported.begin(), reported.end());
    QCOMPARE(reported, flushed);
}

// --- (f) body ------------------------------------------------------------------------------

void tst_StreamFramers::bodyStripsOnlyADelimiter_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QByteArray>("body");

    QTest::newRow("CR LF, delim:\\r\\n")
        << QStringLiteral("delim:\\r\\n") << QByteArray("AT\r\n") << QByteArray("AT");
    QTest::newRow("no delimiter at the end, delim:\\r\\n")
        << QStringLiteral("delim:\\r\\n") << QByteArray("AT\r") << QByteArray("AT\r");
    QTest::newRow("only the last delimiter, delim:\\n")
        << QStringLiteral("delim:\\n") << QByteArray("a\n\n") << QByteArray("a\n");
    QTest::newRow("only a delimiter, delim:hex:00")
        << QStringLiteral("delim:hex:00") << QByteArray(1, '\0') << QByteArray();
    QTest::newRow("idle keeps it, idle:20")
        << QStringLiteral("idle:20") << QByteArray("AT\r\n") << QByteArray("AT\r\n");
    QTest::newRow("fixed keeps it, fixed:4")
        << QStringLiteral("fixed:4") << QByteArray("AT\r\n") << QByteArray("AT\r\n");
    QTest::newRow("prefix keeps it, prefix:1") << QStringLiteral("prefix:1")
                                               << QByteArray("\x03"
                                                             "a\r\n")
                                               << QByteArray("\x03"
                                                             "a\r\n");
    QTest::newRow("no framing keeps it")
        << QString() << QByteArray("AT\r\n") << QByteArray("AT\r\n");
}

void tst_StreamFramers::bodyStripsOnlyADelimiter()
{
    QFETCH(QString, spec);
    QFETCH(QByteArray, frame);
    QFETCH(QByteArray, body);

    TrafficLog log;
    StreamFramers framers(&log, S1);
    // Set after another framing: body() follows the current one.
    QCOMPARE(framers.setSpec(QStringLiteral("delim:\\r\\nAT")), QString());
    QCOMPARE(framers.setSpec(spec), QString());
    QCOMPARE(framers.body(frame).toByteArray(), body);
}

// --- (g) one session -----------------------------------------------------------------------

void tst_StreamFramers::otherSessionsAreIgnored_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QList<QByteArray>>("reported");
    QTest::addColumn<QList<QByteArray>>("shown");

    QTest::newRow("lines, delim:\\n")
        << QStringLiteral("delim:\\n") << QList<QByteArray>{"hi\n", "ab\n"}
        << QList<QByteArray>{"hi\n", "ab\n"};
    QTest::newRow("no framing") << QString() << QList<QByteArray>{"hi\n", "a", "b\n"}
                                << QList<QByteArray>{};
}

void tst_StreamFramers::otherSessionsAreIgnored()
{
    QFETCH(QString, spec);
    QFETCH(QList<QByteArray>, reported);
    QFETCH(QList<QByteArray>, shown);

    TrafficLog log;
    StreamFramers framers(&log, 1);
    QCOMPARE(framers.session(), SessionId(1));
    QCOMPARE(framers.setSpec(spec), QString());
    Reports reports(&framers);
    // Session 2 has a peer 1 too: its bytes, closes and Clear must not touch session 1's.
    log.append(data("x\ny", T0, 1, Direction::Rx, 2));
    log.append(data("hi\n", T0, 1, Direction::Rx, 1));
    log.append(data("a", T0, 1, Direction::Rx, 1));
    log.append(data("z", T0, 1, Direction::Rx, 2));
    log.append(eventRecord(RecordKind::ClosedByPeer, 1, 2));
    log.append(eventRecord(RecordKind::Stopped, NoPeer, 2));
    log.clearSession(2);
    log.append(data("b\n", T0, 1, Direction::Rx, 1));
    log.append(data("w\n", T0, 1, Direction::Rx, 2));

    QCOMPARE(bytesOf(reports.frames), reported);
    QCOMPARE(dataBytes(*framers.frames()), shown);
    for (qsizetype i = 0; i < framers.frames()->size(); ++i)
        QCOMPARE(framers.frames()->at(i).session, SessionId(1));
    for (const TrafficRecord &frame : std::as_const(reports.frames))
        QCOMPARE(frame.session, SessionId(1));
}

// --- (h) framing problems ------------------------------------------------------------------

void tst_StreamFramers::framingProblemsAreReported_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("close"); // ends with the peer's ClosedByPeer, else flushAll()
    QTest::addColumn<QList<QByteArray>>("expected");
    QTest::addColumn<int>("problems");
    QTest::addColumn<QString>("says");

    QTest::newRow("oversized line, delim,max=4:\\n")
        << QStringLiteral("delim,max=4:\\n") << QByteArray("abcdefghij\n") << false
        << QList<QByteArray>{"abcd", "efgh", "ij\n"} << 2 << QStringLiteral("maximum of 4 bytes");
    QTest::newRow("oversized idle frame, idle:20,max=4")
        << QStringLiteral("idle:20,max=4") << QByteArray("abcdefghij") << false
        << QList<QByteArray>{"abcd", "efgh", "ij"} << 2 << QStringLiteral("maximum of 4 bytes");
    QTest::newRow("bad length byte, prefix:1,max=4")
        << QStringLiteral("prefix:1,max=4") << bin("0261620901") + "c" << false
        << QList<QByteArray>{bin("026162"), bin("0163")} << 1 << QStringLiteral("Skipped 1 bytes");
    QTest::newRow("bad length field, prefix:2be,max=8")
        << QStringLiteral("prefix:2be,max=8") << bin("00026869ffff000178") << false
        << QList<QByteArray>{bin("00026869"), bin("000178")} << 1
        << QStringLiteral("Skipped 2 bytes");
    QTest::newRow("bad length field cut short by the close, prefix:2be,max=8")
        << QStringLiteral("prefix:2be,max=8") << bin("00026869ffffff") << true
        << QList<QByteArray>{bin("00026869"), bin("ff")} << 1 << QStringLiteral("Skipped 2 bytes");
    // The bad byte is the last: nothing is left in the buffer, only the skipped run to report.
    QTest::newRow("bad length byte, then the close, prefix:1,max=4")
        << QStringLiteral("prefix:1,max=4") << bin("026162ff") << true
        << QList<QByteArray>{bin("026162")} << 1 << QStringLiteral("Skipped 1 bytes");
    QTest::newRow("bad length byte, then flushAll(), prefix:1,max=4")
        << QStringLiteral("prefix:1,max=4") << bin("026162ff") << false
        << QList<QByteArray>{bin("026162")} << 1 << QStringLiteral("Skipped 1 bytes");
}

void tst_StreamFramers::framingProblemsAreReported()
{
    QFETCH(QString, spec);
    QFETCH(QByteArray, input);
    QFETCH(bool, close);
    QFETCH(QList<QByteArray>, expected);
    QFETCH(int, problems);
    QFETCH(QString, says);

    TrafficLog log;
    StreamFramers framers(&log, S1);
    QCOMPARE(framers.setSpec(spec), QString());
    Reports reports(&framers);
    log.append(data(input, T0, 4));
    framers.tick(T0 + 20'000);
    if (close)
        log.append(eventRecord(RecordKind::ClosedByPeer, 4, S1, T0 + 30'000));
    else
        framers.flushAll();

    QCOMPARE(hexList(bytesOf(reports.frames)), hexList(expected));
    QCOMPARE(hexList(dataBytes(*framers.frames())), hexList(expected));
    QCOMPARE(reports.problems.size(), problems);
    QVERIFY2(reports.problems.constFirst().contains(says), qPrintable(reports.problems.first()));
    for (const auto &stream : std::as_const(reports.problemStreams))
        QCOMPARE(stream, qMakePair(S1, PeerId(4)));
    // The view shows each problem as a line of its own.
    QStringList shownProblems;
    for (qsizetype i = 0; i < framers.frames()->size(); ++i) {
        const TrafficRecord &r = framers.frames()->at(i);
        if (r.kind == RecordKind::Info)
            shownProblems << r.text;
    }
    QCOMPARE(shownProblems.size(), problems);
    for (qsizetype i = 0; i < problems; ++i)
        QVERIFY2(shownProblems[i].contains(reports.problems[i]), qPrintable(shownProblems[i]));

    // A rebuild shows the frames again but reports neither them nor their problems again.
    QCOMPARE(framers.setSpec(QStringLiteral("none")), QString());
    QCOMPARE(framers.setSpec(spec), QString());
    QCOMPARE(reports.problems.size(), problems);
    QCOMPARE(reports.frames.size(), expected.size());
}

QTEST_GUILESS_MAIN(tst_StreamFramers)
#include "tst_streamframers.moc"
