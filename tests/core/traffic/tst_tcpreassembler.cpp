// TcpReassembler on decoded packets, no capture file: the order, retransmissions, overlaps and
// closes of a TCP connection become the records a user reads.
#include "traffic/conversationtable.h"
#include "traffic/tcpreassembler.h"

#include <QTest>

using namespace sockeye;

namespace {

/// One packet between the client 10.0.0.1:40000 and the server 10.0.0.2:80.
struct Seg
{
    bool fromClient = true;
    quint32 seq = 0; ///< relative to the sender's ISN + 1
    quint8 flags = 0;
    QByteArray payload;
};

constexpr quint8 Syn = DecodedPacket::Syn;
constexpr quint8 Ack = DecodedPacket::Ack;
constexpr quint8 SynAck = Syn | Ack;
constexpr quint8 PshAck = DecodedPacket::Psh | Ack;
constexpr quint8 FinAck = DecodedPacket::Fin | Ack;
constexpr quint8 RstAck = DecodedPacket::Rst | Ack;
constexpr quint32 ClientIsn = 1000;
constexpr quint32 ServerIsn = 0xFFFFFFF8; // wraps within the first bytes

DecodedPacket packet(bool fromClient, quint32 seq, quint8 flags, const QByteArray &payload)
{
    DecodedPacket p;
    p.tcp = true;
    const QHostAddress client(QStringLiteral("10.0.0.1"));
    const QHostAddress server(QStringLiteral("10.0.0.2"));
    p.src = fromClient ? client : server;
    p.dst = fromClient ? server : client;
    p.srcPort = fromClient ? 40000 : 80;
    p.dstPort = fromClient ? 80 : 40000;
    p.seq = seq;
    p.flags = flags;
    p.payload = payload;
    return p;
}

/// The handshake, then each segment, 1 ms apart.
QList<DecodedPacket> connection(const QList<Seg> &segs)
{
    QList<DecodedPacket> out{packet(true, ClientIsn, Syn, {}), packet(false, ServerIsn, SynAck, {}),
                             packet(true, ClientIsn + 1, Ack, {})};
    for (const Seg &s : segs)
        out << packet(s.fromClient, (s.fromClient ? ClientIsn : ServerIsn) + 1 + s.seq, s.flags,
                      s.payload);
    return out;
}

/// A received or sent record as the tests write it: "Rx GET", "Tx 200 OK".
QString rx(const char *bytes)
{
    return QStringLiteral("Rx ") + QLatin1String(bytes);
}

QString tx(const char *bytes)
{
    return QStringLiteral("Tx ") + QLatin1String(bytes);
}

/// A record as one short string: rx() or tx() of its bytes, or the event's kind name.
QString describe(const TrafficRecord &r)
{
    if (!r.isData())
        return recordKindName(r.kind);
    return r.direction == Direction::Rx ? rx(r.bytes.constData()) : tx(r.bytes.constData());
}

struct Result
{
    QStringList records;
    QStringList warnings;
    QList<TrafficRecord> raw;
};

Result reassemble(const QList<DecodedPacket> &packets, ConversationTable *table)
{
    Result result;
    TcpReassembler reassembler(
        table,
        [&](const TrafficRecord &r) {
            result.raw << r;
            result.records << describe(r);
            return true;
        },
        [&](const QString &warning) { result.warnings << warning; });
    qint64 ts = 1700000000000000;
    for (const DecodedPacket &p : packets)
        reassembler.add(CaptureInterface{}, ts += 1000, p);
    reassembler.finish();
    return result;
}

} // namespace

class tst_TcpReassembler : public QObject
{
    Q_OBJECT
private slots:
    void streams_data();
    void streams();
    void timestampsAndSequence();
    void stopHoldsBackLaterRecords();
    void newSynStartsNewPeer();
};

void tst_TcpReassembler::streams_data()
{
    QTest::addColumn<QList<Seg>>("segments");
    QTest::addColumn<QStringList>("records");
    QTest::addColumn<int>("warnings");

    const QString accepted = recordKindName(RecordKind::Accepted);
    const QString byPeer = recordKindName(RecordKind::ClosedByPeer);
    const QString reset = recordKindName(RecordKind::Reset);
    const QString closed = recordKindName(RecordKind::Closed);

    QTest::newRow("in order, both ways")
        << QList<Seg>{{true, 0, PshAck, "GET"}, {false, 0, PshAck, "200 OK"}}
        << QStringList{accepted, rx("GET"), tx("200 OK")} << 0;
    QTest::newRow("bytes without a push wait for the other side")
        << QList<Seg>{{true, 0, Ack, "GE"}, {true, 2, Ack, "T"}, {false, 0, PshAck, "OK"}}
        << QStringList{accepted, rx("GET"), tx("OK")} << 0;
    QTest::newRow("out-of-order segments wait for the gap to fill")
        << QList<Seg>{{true, 10, PshAck, "world"}, {true, 5, Ack, " big "}, {true, 0, Ack, "hello"}}
        << QStringList{accepted, rx("hello big world")} << 0;
    QTest::newRow("retransmitted segment taken once")
        << QList<Seg>{{true, 0, PshAck, "abc"}, {true, 0, PshAck, "abc"}, {true, 3, PshAck, "d"}}
        << QStringList{accepted, rx("abc"), rx("d")} << 0;
    QTest::newRow("retransmitted overlapping segment gives only its new part")
        << QList<Seg>{{true, 0, PshAck, "0123456789"}, {true, 5, PshAck, "56789ABCDE"}}
        << QStringList{accepted, rx("0123456789"), rx("ABCDE")} << 0;
    QTest::newRow("larger retransmission replaces a waiting smaller one")
        << QList<Seg>{{true, 3, Ack, "34"}, {true, 3, PshAck, "3456"}, {true, 0, Ack, "012"}}
        << QStringList{accepted, rx("0123456")} << 0;
    QTest::newRow("server sequence numbers wrap")
        << QList<Seg>{{false, 0, Ack, "0123456789"}, {false, 10, PshAck, "abcdef"}}
        << QStringList{accepted, tx("0123456789abcdef")} << 0;
    QTest::newRow("FIN then data: the other side may still send")
        << QList<Seg>{{true, 0, PshAck, "GET"},
                      {true, 3, FinAck, {}},
                      {false, 0, PshAck, "reply"},
                      {false, 5, FinAck, {}}}
        << QStringList{accepted, rx("GET"), byPeer, tx("reply")} << 0;
    QTest::newRow("FIN flushes bytes still waiting for a push")
        << QList<Seg>{{true, 0, Ack, "partial"}, {true, 7, FinAck, {}}}
        << QStringList{accepted, rx("partial"), byPeer} << 0;
    QTest::newRow("our FIN is our close")
        << QList<Seg>{{false, 0, PshAck, "bye"}, {false, 3, FinAck, {}}, {true, 0, FinAck, {}}}
        << QStringList{accepted, tx("bye"), closed} << 0;
    QTest::newRow("data after both FINs is ignored")
        << QList<Seg>{{true, 0, FinAck, {}}, {false, 0, FinAck, {}}, {true, 1, PshAck, "late"}}
        << QStringList{accepted, byPeer} << 0;
    QTest::newRow("RST from the peer")
        << QList<Seg>{{true, 0, PshAck, "abc"}, {true, 3, RstAck, {}}, {true, 3, PshAck, "more"}}
        << QStringList{accepted, rx("abc"), reset} << 0;
    QTest::newRow("RST from our end reads as our close")
        << QList<Seg>{{true, 0, PshAck, "abc"}, {false, 0, RstAck, {}}}
        << QStringList{accepted, rx("abc"), closed} << 0;
    QTest::newRow("RST gives up a gap, with a warning")
        << QList<Seg>{{true, 0, Ack, "AAA"}, {true, 5, PshAck, "CCC"}, {true, 8, RstAck, {}}}
        << QStringList{accepted, rx("AAA"), rx("CCC"), reset} << 1;
    QTest::newRow("gap never filled is skipped at the end")
        << QList<Seg>{{true, 0, PshAck, "AAA"}, {true, 10, PshAck, "CCC"}}
        << QStringList{accepted, rx("AAA"), rx("CCC")} << 1;
}

void tst_TcpReassembler::streams()
{
    QFETCH(QList<Seg>, segments);
    QFETCH(QStringList, records);
    QFETCH(int, warnings);

    ConversationTable table;
    const Result result = reassemble(connection(segments), &table);
    QCOMPARE(result.records, records);
    QCOMPARE(result.warnings.size(), warnings);
    const QList<Conversation> conversations = table.conversations();
    QCOMPARE(conversations.size(), 1);
    QCOMPARE(conversations.constFirst().localLabel(), QStringLiteral("10.0.0.2:80"));
    QCOMPARE(conversations.constFirst().remoteLabel(), QStringLiteral("10.0.0.1:40000"));
    QVERIFY(!conversations.constFirst().weOpened);
}

void tst_TcpReassembler::timestampsAndSequence()
{
    ConversationTable table;
    // Packets at +1..+5 ms: the handshake, then "b" (waits), then "a" fills the gap.
    const Result result =
        reassemble(connection({{true, 1, PshAck, "b"}, {true, 0, Ack, "a"}}), &table);
    QCOMPARE(result.raw.size(), 2);
    QCOMPARE(result.raw.at(0).kind, RecordKind::Accepted);
    QCOMPARE(result.raw.at(0).timestampUs, qint64(1700000000001000));
    QCOMPARE(result.raw.at(1).bytes, QByteArray("ab"));
    // A record takes the time of the segment that completed it.
    QCOMPARE(result.raw.at(1).timestampUs, qint64(1700000000004000));
    QCOMPARE(result.raw.at(0).sequence, quint64(1));
    QCOMPARE(result.raw.at(1).sequence, quint64(2));
    QCOMPARE(result.raw.at(1).session, result.raw.at(0).session);
    QCOMPARE(result.raw.at(1).peer, PeerId(1));
}

void tst_TcpReassembler::stopHoldsBackLaterRecords()
{
    ConversationTable table;
    QList<TrafficRecord> got;
    TcpReassembler reassembler(
        &table,
        [&](const TrafficRecord &r) {
            got << r;
            return got.size() < 2; // refuses after the second
        },
        [](const QString &) {});
    for (const DecodedPacket &p : connection(
             {{true, 0, PshAck, "one"}, {true, 3, PshAck, "two"}, {true, 6, PshAck, "three"}}))
        reassembler.add(CaptureInterface{}, 0, p);
    reassembler.finish();
    QVERIFY(reassembler.stopped());
    QCOMPARE(got.size(), 2);
    QCOMPARE(got.at(1).bytes, QByteArray("one"));
    // The conversation is known even though its later records were held back.
    QCOMPARE(table.conversations().size(), 1);
}

void tst_TcpReassembler::newSynStartsNewPeer()
{
    ConversationTable table;
    QList<DecodedPacket> packets = connection({{true, 0, PshAck, "a"}, {true, 1, RstAck, {}}});
    packets += connection({{true, 0, PshAck, "b"}});
    const Result result = reassemble(packets, &table);
    QCOMPARE(result.records, (QStringList{recordKindName(RecordKind::Accepted), rx("a"),
                                          recordKindName(RecordKind::Reset),
                                          recordKindName(RecordKind::Accepted), rx("b")}));
    QCOMPARE(result.raw.at(1).peer, PeerId(1));
    QCOMPARE(result.raw.at(4).peer, PeerId(2));
    QCOMPARE(table.conversations().size(), 2);
    QCOMPARE(table.sessions().size(), 1);
}

QTEST_GUILESS_MAIN(tst_TcpReassembler)
#include "tst_tcpreassembler.moc"
