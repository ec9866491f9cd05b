// Replayer: the client side of a recorded conversation sent again to a python3 sink through a
// TcpClientSession, with the original timing and as fast as possible; stop; nothing to send.
#include "externalpeer.h"

#include "session/tcpclientsession.h"
#include "traffic/conversationtable.h"
#include "traffic/replayer.h"
#include "traffic/trafficlog.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace sockeye;
using sockeye::test::ExternalPeer;

namespace {

const QString PySink = sockeye::test::pythonHexSinkScript();

/// A recorded server conversation: the client sent "a", "bb", "ccc" 0, 150 and 300 ms in; the
/// server answered in between (those must not be replayed).
QList<TrafficRecord> recording(ConversationTable *table)
{
    table->insertSession({1, SessionKind::TcpServer, QStringLiteral("server")});
    Conversation c;
    c.session = 1;
    c.peer = 4;
    c.weOpened = false;
    table->insert(c);
    QList<TrafficRecord> records;
    const auto add = [&](Direction d, const QByteArray &bytes, qint64 ms) {
        TrafficRecord r;
        r.session = 1;
        r.peer = 4;
        r.direction = d;
        r.bytes = bytes;
        r.timestampUs = 1000000000 + ms * 1000;
        records << r;
    };
    add(Direction::Rx, "a", 0);
    add(Direction::Tx, "reply", 10);
    add(Direction::Rx, "bb", 150);
    add(Direction::Tx, "reply", 160);
    add(Direction::Rx, "ccc", 300);
    return records;
}

} // namespace

class tst_Replayer : public QObject
{
    Q_OBJECT
private slots:
    void replay_data();
    void replay();
    void clientSideOfAClientSession();
    void nothingToSend();
};

void tst_Replayer::replay_data()
{
    QTest::addColumn<bool>("fast");
    QTest::addColumn<double>("speed");
    QTest::addColumn<int>("minMs");
    QTest::addColumn<int>("maxMs");
    QTest::newRow("original timing") << false << 1.0 << 290 << 2000;
    QTest::newRow("twice as fast") << false << 2.0 << 140 << 1000;
    QTest::newRow("as fast as possible") << true << 1.0 << 0 << 100;
}

void tst_Replayer::replay()
{
    QFETCH(bool, fast);
    QFETCH(double, speed);
    QFETCH(int, minMs);
    QFETCH(int, maxMs);

    std::unique_ptr<ExternalPeer> sink(ExternalPeer::python(PySink));
    QVERIFY(sink->waitForOutput("PORT "));
    const QByteArray out = sink->output();
    const quint16 port = quint16(out.mid(5, out.indexOf('\n') - 5).trimmed().toUInt());

    TrafficLog log;
    SessionConfig config;
    config.kind = SessionKind::TcpClient;
    config.remoteHost = QStringLiteral("127.0.0.1");
    config.remotePort = port;
    TcpClientSession client(1, config, &log);
    QVERIFY(client.start());
    QTRY_COMPARE(client.state(), Session::State::Connected);

    ConversationTable table;
    const auto records = Replayer::clientSide(recording(&table), &table, 1, 4);
    QCOMPARE(records.size(), 3);
    Replayer replayer(&client);
    replayer.setRecords(records);
    replayer.setTiming(fast ? Replayer::Timing::AsFastAsPossible : Replayer::Timing::Original);
    replayer.setSpeed(speed);
    QSignalSpy finished(&replayer, &Replayer::finished);
    QSignalSpy progress(&replayer, &Replayer::progress);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(replayer.start());
    QVERIFY(finished.wait(5000));
    const qint64 took = clock.elapsed();
    QVERIFY2(took >= minMs && took <= maxMs, qPrintable(QString::number(took)));
    QCOMPARE(progress.constLast().at(0).value<qsizetype>(), qsizetype(3));
    client.stop();
    QVERIFY(sink->waitForFinished());
    QVERIFY(sink->output().contains(QByteArray(QByteArray("GOT ") + QByteArray("abbccc").toHex())));
}

void tst_Replayer::clientSideOfAClientSession()
{
    ConversationTable table;
    table.insertSession({2, SessionKind::TcpClient, QStringLiteral("client")});
    Conversation c;
    c.session = 2;
    c.peer = 1;
    c.weOpened = true;
    table.insert(c);
    QList<TrafficRecord> records;
    for (auto d : {Direction::Rx, Direction::Tx, Direction::Rx}) {
        TrafficRecord r;
        r.session = 2;
        r.peer = 1;
        r.direction = d;
        r.bytes = d == Direction::Tx ? "request" : "banner";
        records << r;
    }
    const auto side = Replayer::clientSide(records, &table, 2, 1);
    QCOMPARE(side.size(), 1);
    QCOMPARE(side.constFirst().bytes, QByteArray("request"));
    // Unknown conversation: the side that spoke first.
    QCOMPARE(Replayer::clientSide(records, nullptr, 2, 1).size(), 2);
}

void tst_Replayer::nothingToSend()
{
    TrafficLog log;
    TcpClientSession client(1, SessionConfig(), &log);
    Replayer replayer(&client);
    QSignalSpy failed(&replayer, &Replayer::failed);
    QVERIFY(!replayer.start());
    QCOMPARE(failed.size(), 1);
}

QTEST_GUILESS_MAIN(tst_Replayer)
#include "tst_replayer.moc"
