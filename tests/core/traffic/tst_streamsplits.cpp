// StreamFramers cuts one stream into the same frames however it was read: every split point
// of idle, delimiter and prefix framed streams, against one core framer fed whole.
#include "streamframerstest.h"

using namespace sockeye;
using namespace sockeye::streamtest;

class tst_StreamSplits : public QObject
{
    Q_OBJECT
private slots:
    void everySplitGivesTheSameFrames_data();
    void everySplitGivesTheSameFrames();
    void withoutSpecEveryRecordIsAFrame_data();
    void withoutSpecEveryRecordIsAFrame();
};

// --- (a) the same frames, however the stream was read ------------------------------------

void tst_StreamSplits::everySplitGivesTheSameFrames_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QList<QByteArray>>("bursts"); // what arrived together...
    QTest::addColumn<QList<qint64>>("times");      // ...at this time (µs)
    QTest::addColumn<QList<QByteArray>>("expected");

    // 5 ms apart: one frame; 75, 25 and exactly 20 ms apart: the gap has passed.
    QTest::newRow("idle gaps, idle:20")
        << QStringLiteral("idle:20")
        << QList<QByteArray>{bin("01030000"), bin("000a"), bin("0106"), "AB", "C"}
        << QList<qint64>{T0, T0 + 5'000, T0 + 80'000, T0 + 105'000, T0 + 125'000}
        << QList<QByteArray>{bin("01030000000a"), bin("0106"), "AB", "C"};
    QTest::newRow("idle frames cut at the size cap, idle:20,max=4")
        << QStringLiteral("idle:20,max=4") << QList<QByteArray>{"abcdefghij", "kl"}
        << QList<qint64>{T0, T0 + 50'000} << QList<QByteArray>{"abcd", "efgh", "ij", "kl"};
    // Frames keep their delimiter; a lone \r, \n or \n\r is no delimiter.
    QTest::newRow("lines, delim:\\r\\n")
        << QStringLiteral("delim:\\r\\n") << QList<QByteArray>{"AT\r\nOK\r\r\n\r\nERR\n\r"}
        << QList<qint64>{T0} << QList<QByteArray>{"AT\r\n", "OK\r\r\n", "\r\n", "ERR\n\r"};
    QTest::newRow("lines read in bursts, delim:\\r\\n")
        << QStringLiteral("delim:\\r\\n")
        << QList<QByteArray>{"GET / HTTP/1.0\r", "\nHost: x\r\n\r\n"}
        << QList<qint64>{T0, T0 + 1'000}
        << QList<QByteArray>{"GET / HTTP/1.0\r\n", "Host: x\r\n", "\r\n"};
    // An empty body is a frame too; the last frame is cut short by the end of the stream.
    QTest::newRow("length prefix, prefix:2be")
        << QStringLiteral("prefix:2be") << QList<QByteArray>{bin("0003616263000000017800057a79")}
        << QList<qint64>{T0}
        << QList<QByteArray>{bin("0003616263"), bin("0000"), bin("000178"), bin("00057a79")};
    QTest::newRow("Modbus TCP requests, prefix:2be,offset=4")
        << QStringLiteral("prefix:2be,offset=4")
        << QList<QByteArray>{bin("0001000000060103"), bin("0000000a"
                                                          "000200000006010300010001"
                                                          "0003")}
        << QList<qint64>{T0, T0 + 1'000}
        << QList<QByteArray>{bin("00010000000601030000000a"), bin("000200000006010300010001"),
                             bin("0003")};
}

void tst_StreamSplits::everySplitGivesTheSameFrames()
{
    QFETCH(QString, spec);
    QFETCH(QList<QByteArray>, bursts);
    QFETCH(QList<qint64>, times);
    QFETCH(QList<QByteArray>, expected);
    QCOMPARE(times.size(), bursts.size());

    // The row says what the framer cuts, and so does the core framer fed the whole input.
    QCOMPARE(hexList(referenceFrames(spec, bursts, times)), hexList(expected));

    QByteArray whole;
    QList<qsizetype> burstEnds; // where each burst ends in the whole stream
    for (const QByteArray &burst : std::as_const(bursts)) {
        whole += burst;
        burstEnds << whole.size();
    }
    const auto timeAt = [&](qsizetype index) {
        qsizetype burst = 0;
        while (index >= burstEnds[burst])
            ++burst;
        return times[burst];
    };

    // Where to cut besides the bursts' own ends: once at every index, and between all bytes.
    QList<QList<qsizetype>> cutSets;
    for (qsizetype at = 0; at <= whole.size(); ++at)
        cutSets << QList<qsizetype>{at};
    QList<qsizetype> everyByte;
    for (qsizetype at = 1; at < whole.size(); ++at)
        everyByte << at;
    cutSets << everyByte;

    for (const QList<qsizetype> &cutSet : std::as_const(cutSets)) {
        QList<qsizetype> cuts = cutSet + burstEnds;
        std::sort(cuts.begin(), cuts.end());
        cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

        TrafficLog log;
        StreamFramers framers(&log, S1);
        QCOMPARE(framers.setSpec(spec), QString());
        Reports reports(&framers);
        qsizetype start = 0;
        qint64 lastUs = T0;
        for (const qsizetype end : std::as_const(cuts)) {
            if (end <= start)
                continue;
            lastUs = timeAt(start);
            log.append(data(whole.mid(start, end - start), lastUs, 3, Direction::Rx));
            start = end;
        }
        // The idle gap passes on the clock; the other framings end at the end of the stream.
        framers.tick(lastUs + 20'000);
        if (spec.startsWith(QLatin1String("idle")))
            QCOMPARE(framers.bufferedBytes(), 0);
        framers.flushAll();
        QCOMPARE(framers.bufferedBytes(), 0);

        const QString split = cutSet.size() == 1 ? QStringLiteral("split at %1").arg(cutSet[0])
                                                 : QStringLiteral("byte by byte");
        const QList<QByteArray> shown = dataBytes(*framers.frames());
        QVERIFY2(shown == expected,
                 qPrintable(split + QStringLiteral(": frames() ") + hexList(shown) +
                            QStringLiteral(" expected ") + hexList(expected)));
        const QList<QByteArray> reported = bytesOf(reports.frames);
        QVERIFY2(reported == expected,
                 qPrintable(split + QStringLiteral(": frameCompleted ") + hexList(reported) +
                            QStringLiteral(" expected ") + hexList(expected)));
        for (const TrafficRecord &frame : std::as_const(reports.frames)) {
            QCOMPARE(frame.session, S1);
            QCOMPARE(frame.peer, PeerId(3));
            QCOMPARE(frame.direction, Direction::Rx);
            QVERIFY(frame.isData());
        }
    }
}

// --- (b) no framing ------------------------------------------------------------------------

void tst_StreamSplits::withoutSpecEveryRecordIsAFrame_data()
{
    QTest::addColumn<QStringList>("specs"); // set in this order

    QTest::newRow("never set") << QStringList{};
    QTest::newRow("empty spec") << QStringList{QString()};
    QTest::newRow("none") << QStringList{QStringLiteral("none")};
    QTest::newRow("framing turned off")
        << QStringList{QStringLiteral("delim:\\n"), QStringLiteral("none")};
}

void tst_StreamSplits::withoutSpecEveryRecordIsAFrame()
{
    QFETCH(QStringList, specs);
    TrafficLog log;
    StreamFramers framers(&log, S1);
    for (const QString &spec : std::as_const(specs))
        QCOMPARE(framers.setSpec(spec), QString());
    QCOMPARE(framers.spec(), QString());
    Reports reports(&framers);

    log.append(data("a\nb", T0, 1, Direction::Rx));
    log.append(eventRecord(RecordKind::Accepted, 2));
    log.append(data("c", T0 + 1, 2, Direction::Tx));
    log.append(eventRecord(RecordKind::ClosedByPeer, 1));
    log.append(data("\n", T0 + 2, 2, Direction::Rx));
    framers.tick(T0 + 10'000'000);
    framers.flushAll();

    // Every data record, as recorded (the record itself), and nothing else.
    QCOMPARE(reports.frames.size(), 3);
    const QList<qsizetype> dataIndexes{0, 2, 4};
    for (qsizetype i = 0; i < dataIndexes.size(); ++i) {
        const TrafficRecord &recorded = log.at(dataIndexes[i]);
        const TrafficRecord &reported = reports.frames[i];
        QCOMPARE(reported.bytes, recorded.bytes);
        QCOMPARE(reported.sequence, recorded.sequence);
        QCOMPARE(reported.peer, recorded.peer);
        QCOMPARE(reported.direction, recorded.direction);
    }
    QVERIFY(framers.frames()->isEmpty());
    QCOMPARE(framers.bufferedBytes(), 0);
}

QTEST_GUILESS_MAIN(tst_StreamSplits)
#include "tst_streamsplits.moc"
