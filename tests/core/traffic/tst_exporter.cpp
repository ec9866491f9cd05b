// Exporter: every format on a known set of records, filters and selections, raw files per
// peer and direction, QSaveFile behaviour on cancel and failure, and pcapng without addresses.
#include "tshark.h"

#include "traffic/conversationtable.h"
#include "traffic/exporter.h"
#include "traffic/trafficlog.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sockeye;
using namespace sockeye::test;

namespace {

// 2024-05-01T12:51:30.123456Z
constexpr qint64 T0 = 1714567890123456;

TrafficRecord data(PeerId peer, Direction d, const QByteArray &bytes, qint64 dt)
{
    TrafficRecord r;
    r.session = 1;
    r.peer = peer;
    r.direction = d;
    r.bytes = bytes;
    r.timestampUs = T0 + dt;
    return r;
}

TrafficRecord event(PeerId peer, RecordKind kind, const QString &text, qint64 dt)
{
    TrafficRecord r;
    r.session = 1;
    r.peer = peer;
    r.kind = kind;
    r.text = text;
    r.timestampUs = T0 + dt;
    return r;
}

QList<TrafficRecord> sample()
{
    return {event(1, RecordKind::Accepted, QStringLiteral("Accepted 127.0.0.1:5000"), 0),
            data(1, Direction::Rx, QByteArray("Hi\r\n", 4), 10),
            data(1, Direction::Tx, QByteArray("\x00\x01\xFF", 3), 20),
            event(1, RecordKind::ClosedByPeer, QStringLiteral("127.0.0.1:5000 closed"), 30)};
}

ConversationTable *table(QObject *parent)
{
    auto *t = new ConversationTable(parent);
    t->insertSession({1, SessionKind::TcpServer, QStringLiteral("Lab, \"bench\"")});
    Conversation c;
    c.session = 1;
    c.peer = 1;
    c.localAddress = QHostAddress(QStringLiteral("127.0.0.1"));
    c.localPort = 7000;
    c.remoteAddress = QHostAddress(QStringLiteral("127.0.0.1"));
    c.remotePort = 5000;
    t->insert(c);
    return t;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class tst_Exporter : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void formats_data();
    void formats();
    void formatNames();
    void filterAndRange();
    void rawPerPeerAndDirection();
    void cancelKeepsTheOldFile();
    void unwritablePath();
    void pcapngWithoutAddresses();

private:
    QTemporaryDir m_dir;
};

void tst_Exporter::formats_data()
{
    QTest::addColumn<Exporter::Format>("format");
    QTest::addColumn<QByteArray>("expected");

    const QByteArray accepted = "2024-05-01T12:51:30.123456Z [Lab, \"bench\"] 127.0.0.1:5000 -- "
                                "accepted: Accepted 127.0.0.1:5000\n";
    const QByteArray closed = "2024-05-01T12:51:30.123486Z [Lab, \"bench\"] 127.0.0.1:5000 -- "
                              "closed by peer: 127.0.0.1:5000 closed\n";
    QTest::newRow("text") << Exporter::Format::Text
                          << accepted +
                                 "2024-05-01T12:51:30.123466Z [Lab, \"bench\"] 127.0.0.1:5000 "
                                 "RX 4: Hi\\r\\n\n"
                                 "2024-05-01T12:51:30.123476Z [Lab, \"bench\"] 127.0.0.1:5000 "
                                 "TX 3: \\0\\x01\xEF\xBF\xBD\n" + // FF is not UTF-8: U+FFFD
                                 closed;
    QTest::newRow("hex") << Exporter::Format::Hex
                         << accepted +
                                "2024-05-01T12:51:30.123466Z [Lab, \"bench\"] 127.0.0.1:5000 "
                                "RX 4: 48 69 0D 0A\n"
                                "2024-05-01T12:51:30.123476Z [Lab, \"bench\"] 127.0.0.1:5000 "
                                "TX 3: 00 01 FF\n" +
                                closed;
    QTest::newRow("hex dump")
        << Exporter::Format::HexDump
        << accepted +
               "2024-05-01T12:51:30.123466Z [Lab, \"bench\"] 127.0.0.1:5000 RX 4:\n"
               "00000000  48 69 0D 0A                                       |Hi..|\n"
               "2024-05-01T12:51:30.123476Z [Lab, \"bench\"] 127.0.0.1:5000 TX 3:\n"
               "00000000  00 01 FF                                          |...|\n" +
               closed;
    QTest::newRow("csv") << Exporter::Format::Csv
                         << QByteArray("time,session,peer,direction,length,hex,event\n"
                                       "2024-05-01T12:51:30.123456Z,\"Lab, \"\"bench\"\"\","
                                       "127.0.0.1:5000,event,0,,accepted: Accepted "
                                       "127.0.0.1:5000\n"
                                       "2024-05-01T12:51:30.123466Z,\"Lab, \"\"bench\"\"\","
                                       "127.0.0.1:5000,RX,4,48690d0a,\n"
                                       "2024-05-01T12:51:30.123476Z,\"Lab, \"\"bench\"\"\","
                                       "127.0.0.1:5000,TX,3,0001ff,\n"
                                       "2024-05-01T12:51:30.123486Z,\"Lab, \"\"bench\"\"\","
                                       "127.0.0.1:5000,event,0,,closed by peer: 127.0.0.1:5000 "
                                       "closed\n");
    QTest::newRow("raw, one file") << Exporter::Format::Raw << QByteArray("Hi\r\n\x00\x01\xFF", 7);
}

void tst_Exporter::formats()
{
    QFETCH(Exporter::Format, format);
    QFETCH(QByteArray, expected);
    Exporter exporter(table(this));
    exporter.setFormat(format);
    QSignalSpy progress(&exporter, &Exporter::progress);
    const QString path = m_dir.filePath(QStringLiteral("out-%1").arg(Exporter::formatName(format)));
    QVERIFY2(exporter.exportRecords(sample(), path), qPrintable(exporter.errorString()));
    QCOMPARE(readAll(path), expected);
    QCOMPARE(exporter.writtenFiles(), QStringList{path});
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.constLast().at(0).toLongLong(), 4);
}

void tst_Exporter::formatNames()
{
    for (auto f : {Exporter::Format::Text, Exporter::Format::Hex, Exporter::Format::HexDump,
                   Exporter::Format::Csv, Exporter::Format::Raw, Exporter::Format::Pcapng})
        QCOMPARE(Exporter::formatFromName(Exporter::formatName(f)), f);
    QVERIFY(!Exporter::formatFromName(u"html"));
}

void tst_Exporter::filterAndRange()
{
    TrafficLog log;
    for (const TrafficRecord &r : sample())
        log.append(r);
    Exporter exporter(table(this));
    exporter.setFormat(Exporter::Format::Raw);
    exporter.setFilter(Exporter::only(1, 1, Direction::Tx));
    const QString path = m_dir.filePath(QStringLiteral("tx.bin"));
    QVERIFY(exporter.exportLog(log, path));
    QCOMPARE(readAll(path), QByteArray("\x00\x01\xFF", 3));
    // A selection by sequence: only the second record.
    exporter.setFilter({});
    exporter.setFormat(Exporter::Format::Hex);
    exporter.setIncludeEvents(false);
    QVERIFY(exporter.exportLog(log, path, 2, 2));
    QVERIFY(readAll(path).endsWith(" RX 4: 48 69 0D 0A\n"));
    QCOMPARE(readAll(path).count('\n'), 1);
}

void tst_Exporter::rawPerPeerAndDirection()
{
    QList<TrafficRecord> records = sample();
    records << data(2, Direction::Rx, "second peer", 40);
    Exporter exporter(table(this));
    exporter.setFormat(Exporter::Format::Raw);
    exporter.setRawLayout(Exporter::RawLayout::PerPeerDirection);
    QDir().mkpath(m_dir.filePath(QStringLiteral("split")));
    QVERIFY(exporter.exportRecords(records, m_dir.filePath(QStringLiteral("split/cap.bin"))));
    const QStringList files = exporter.writtenFiles();
    QCOMPARE(files.size(), 3);
    QCOMPARE(readAll(m_dir.filePath(QStringLiteral("split/cap-s1-p1-127.0.0.1_5000-rx.bin"))),
             QByteArray("Hi\r\n"));
    QCOMPARE(readAll(m_dir.filePath(QStringLiteral("split/cap-s1-p1-127.0.0.1_5000-tx.bin"))),
             QByteArray("\x00\x01\xFF", 3));
    QCOMPARE(readAll(m_dir.filePath(QStringLiteral("split/cap-s1-p2-peer_2-rx.bin"))),
             QByteArray("second peer"));
}

void tst_Exporter::cancelKeepsTheOldFile()
{
    const QString path = m_dir.filePath(QStringLiteral("keep.txt"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("precious");
    }
    QList<TrafficRecord> many;
    for (int i = 0; i < 5000; ++i)
        many << data(1, Direction::Rx, "x", i);
    Exporter exporter(nullptr);
    connect(&exporter, &Exporter::progress, &exporter, [&](qint64 done, qint64) {
        if (done >= 1000)
            exporter.cancel();
    });
    QVERIFY(!exporter.exportRecords(many, path));
    QVERIFY(exporter.wasCanceled());
    QVERIFY(exporter.errorString().contains(QStringLiteral("cancelled")));
    QCOMPARE(readAll(path), QByteArray("precious"));
    QVERIFY(exporter.writtenFiles().isEmpty());
}

void tst_Exporter::unwritablePath()
{
    Exporter exporter(nullptr);
    QVERIFY(!exporter.exportRecords(sample(), QStringLiteral("/nonexistent-dir/x/out.txt")));
    QVERIFY2(exporter.errorString().contains(QStringLiteral("/nonexistent-dir/x/out.txt")),
             qPrintable(exporter.errorString()));
}

void tst_Exporter::pcapngWithoutAddresses()
{
    // Records whose peers nobody knows still make a capture Wireshark reads as one stream.
    QVERIFY2(haveTshark(), noTshark());
    Exporter exporter(nullptr);
    exporter.setFormat(Exporter::Format::Pcapng);
    const QString path = m_dir.filePath(QStringLiteral("unknown.pcapng"));
    QVERIFY(exporter.exportRecords(sample(), path));
    const FollowedStream s = followTcp(path, 0);
    QCOMPARE(s.from0, QByteArray("Hi\r\n"));
    QCOMPARE(s.from1, QByteArray("\x00\x01\xFF", 3));
    QCOMPARE(s.node0, QStringLiteral("192.0.2.2:10001"));
    QVERIFY(problems(path).isEmpty());
}

QTEST_GUILESS_MAIN(tst_Exporter)
#include "tst_exporter.moc"
