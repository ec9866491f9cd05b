// CaptureReader on hand-made captures: TCP reassembly (out of order, retransmitted, overlapping,
// missing, wrapping segments), pcap and pcapng in both byte orders and resolutions, files cut
// off mid-packet.
#include "traffic/captureblockreader.h"
#include "traffic/capturereader.h"
#include "traffic/pcapngwriter.h"

#include <QBuffer>
#include <QTest>

#include <QtEndian>
#include <limits>

using namespace sockeye;

namespace {

struct Seg
{
    bool fromClient = true;
    quint32 seq = 0; ///< relative to the sender's ISN + 1
    quint8 flags = 0x18;
    QByteArray payload;
};

constexpr quint8 Syn = 0x02, SynAck = 0x12, Ack = 0x10, PshAck = 0x18, FinAck = 0x11, RstAck = 0x14;

void put16(QByteArray &out, quint16 v)
{
    out.append(char(v >> 8));
    out.append(char(v & 0xFF));
}

void put32(QByteArray &out, quint32 v)
{
    put16(out, quint16(v >> 16));
    put16(out, quint16(v & 0xFFFF));
}

/// A raw IPv4 packet (no link header) between 10.0.0.1:40000 (client) and 10.0.0.2:80.
QByteArray ipPacket(bool fromClient, quint32 seq, quint8 flags, const QByteArray &payload,
                    bool udp = false)
{
    QByteArray t;
    put16(t, fromClient ? 40000 : 80);
    put16(t, fromClient ? 80 : 40000);
    if (udp) {
        put16(t, quint16(8 + payload.size()));
        put16(t, 0);
    } else {
        put32(t, seq);
        put32(t, 0);
        t.append(char(0x50));
        t.append(char(flags));
        put16(t, 65535);
        put32(t, 0);
    }
    t += payload;
    QByteArray ip;
    ip.append(char(0x45));
    ip.append(char(0));
    put16(ip, quint16(20 + t.size()));
    put32(ip, 0x4000);
    ip.append(char(64));
    ip.append(char(udp ? 17 : 6));
    put16(ip, 0);
    put32(ip, fromClient ? 0x0A000001 : 0x0A000002);
    put32(ip, fromClient ? 0x0A000002 : 0x0A000001);
    return ip + t;
}

QList<QByteArray> packets(const QList<Seg> &segs, quint32 clientIsn, quint32 serverIsn,
                          bool handshake)
{
    QList<QByteArray> out;
    if (handshake) {
        out << ipPacket(true, clientIsn, Syn, {});
        out << ipPacket(false, serverIsn, SynAck, {});
        out << ipPacket(true, clientIsn + 1, Ack, {});
    }
    for (const Seg &s : segs)
        out << ipPacket(s.fromClient, (s.fromClient ? clientIsn : serverIsn) + 1 + s.seq, s.flags,
                        s.payload);
    return out;
}

QByteArray pcapng(const QList<QByteArray> &pkts)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    PcapngWriter writer(&buffer);
    writer.writeSectionHeader(QStringLiteral("test"));
    writer.addInterface(PcapngWriter::LinkTypeRaw, QStringLiteral("raw"));
    qint64 ts = 1700000000000000;
    for (const QByteArray &p : pkts)
        writer.writePacket(0, ts += 1000, p);
    return buffer.data();
}

/// Classic pcap, in either byte order, with µs or ns timestamps.
QByteArray pcap(const QList<QByteArray> &pkts, bool bigEndian, bool nanos)
{
    QByteArray out;
    const auto u32 = [&](quint32 v) {
        char b[4];
        if (bigEndian)
            qToBigEndian(v, b);
        else
            qToLittleEndian(v, b);
        out.append(b, 4);
    };
    const auto u16 = [&](quint16 v) {
        char b[2];
        if (bigEndian)
            qToBigEndian(v, b);
        else
            qToLittleEndian(v, b);
        out.append(b, 2);
    };
    u32(nanos ? 0xA1B23C4D : 0xA1B2C3D4);
    u16(2);
    u16(4);
    u32(0);
    u32(0);
    u32(65535);
    u32(101); // raw IP
    quint32 frac = 0;
    for (const QByteArray &p : pkts) {
        u32(1700000000);
        u32(frac += nanos ? 1000000 : 1000);
        u32(quint32(p.size()));
        u32(quint32(p.size()));
        out += p;
    }
    return out;
}

struct Streams
{
    QByteArray fromClient;
    QByteArray fromServer;
    QList<RecordKind> events;
    QStringList warnings;
};

Streams readBack(const QByteArray &file)
{
    QBuffer buffer;
    buffer.setData(file);
    buffer.open(QIODevice::ReadOnly);
    CaptureReader reader;
    Streams s;
    const bool ok = reader.read(&buffer, [&](const TrafficRecord &r) {
        if (r.isData())
            (r.direction == Direction::Rx ? s.fromClient : s.fromServer) += r.bytes;
        else
            s.events << r.kind;
        return true;
    });
    if (!ok)
        s.warnings << reader.errorString();
    s.warnings += reader.warnings();
    return s;
}

} // namespace

class tst_CaptureReader : public QObject
{
    Q_OBJECT
private slots:
    void reassembly_data();
    void reassembly();
    void fileFormats_data();
    void fileFormats();
    void timestampResolutions_data();
    void timestampResolutions();
    void cutOffFile();
    void notACapture();
    void udpDatagrams();
    void newConnectionOnSamePorts();
};

void tst_CaptureReader::reassembly_data()
{
    QTest::addColumn<QList<Seg>>("segments");
    QTest::addColumn<quint32>("clientIsn");
    QTest::addColumn<bool>("handshake");
    QTest::addColumn<QByteArray>("fromClient");
    QTest::addColumn<QByteArray>("fromServer");
    QTest::addColumn<bool>("gapWarning");

    QTest::newRow("in order, both ways")
        << QList<Seg>{{true, 0, PshAck, "GET"},
                      {false, 0, PshAck, "200 OK"},
                      {true, 3, PshAck, " /"}}
        << 1000u << true << QByteArray("GET /") << QByteArray("200 OK") << false;
    QTest::newRow("out of order") << QList<Seg>{{true, 5, PshAck, "world"}, {true, 0, Ack, "hello"}}
                                  << 1000u << true << QByteArray("helloworld") << QByteArray()
                                  << false;
    QTest::newRow("retransmission")
        << QList<Seg>{{true, 0, PshAck, "abc"}, {true, 0, PshAck, "abc"}, {true, 3, PshAck, "d"}}
        << 1000u << true << QByteArray("abcd") << QByteArray() << false;
    QTest::newRow("overlap takes the new part")
        << QList<Seg>{{true, 0, Ack, "0123456789"}, {true, 5, PshAck, "56789ABCDE"}} << 7u << true
        << QByteArray("0123456789ABCDE") << QByteArray() << false;
    QTest::newRow("larger retransmission covers a smaller one")
        << QList<Seg>{{true, 0, Ack, "01234"}, {true, 0, PshAck, "0123456789"}} << 7u << true
        << QByteArray("0123456789") << QByteArray() << false;
    QTest::newRow("out of order overlapping pieces")
        << QList<Seg>{{true, 6, Ack, "6789"}, {true, 3, Ack, "34567"}, {true, 0, PshAck, "012"}}
        << 7u << true << QByteArray("0123456789") << QByteArray() << false;
    QTest::newRow("gap never filled")
        << QList<Seg>{{true, 0, PshAck, "AAAAA"}, {true, 10, PshAck, "CCCCC"}} << 7u << true
        << QByteArray("AAAAACCCCC") << QByteArray() << true;
    QTest::newRow("sequence numbers wrap")
        << QList<Seg>{{true, 0, Ack, "0123456789"},
                      {true, 10, Ack, "abcdefghij"},
                      {true, 20, PshAck, "KLMNO"}}
        << 0xFFFFFFF0u << true << QByteArray("0123456789abcdefghijKLMNO") << QByteArray() << false;
    QTest::newRow("joined mid-stream, no SYN")
        << QList<Seg>{{true, 100, PshAck, "late"}, {false, 50, PshAck, "reply"}} << 1000u << false
        << QByteArray("late") << QByteArray("reply") << false;
}

void tst_CaptureReader::reassembly()
{
    QFETCH(QList<Seg>, segments);
    QFETCH(quint32, clientIsn);
    QFETCH(bool, handshake);
    QFETCH(QByteArray, fromClient);
    QFETCH(QByteArray, fromServer);
    QFETCH(bool, gapWarning);

    const auto pkts = packets(segments, clientIsn, 5000, handshake);
    const Streams s = readBack(pcapng(pkts));
    QCOMPARE(s.fromClient, fromClient);
    QCOMPARE(s.fromServer, fromServer);
    QCOMPARE(!s.warnings.isEmpty(), gapWarning);
    // Joined mid-stream, the connection is said to predate the capture, not to start then.
    QCOMPARE(s.events.value(0), handshake ? RecordKind::Accepted : RecordKind::Info);
}

void tst_CaptureReader::fileFormats_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("pcapng") << "pcapng";
    QTest::newRow("pcap little endian, microseconds") << "le-us";
    QTest::newRow("pcap big endian, microseconds") << "be-us";
    QTest::newRow("pcap little endian, nanoseconds") << "le-ns";
    QTest::newRow("pcap big endian, nanoseconds") << "be-ns";
}

void tst_CaptureReader::fileFormats()
{
    QFETCH(QString, format);
    const QList<Seg> segs{{true, 0, PshAck, "ping"},
                          {false, 0, PshAck, "pong"},
                          {true, 4, FinAck, {}},
                          {false, 4, FinAck, {}}};
    const auto pkts = packets(segs, 1, 2, true);
    const QByteArray file = format == QLatin1String("pcapng")
                                ? pcapng(pkts)
                                : pcap(pkts, format.startsWith(QLatin1String("be")),
                                       format.endsWith(QLatin1String("ns")));
    QBuffer buffer;
    buffer.setData(file);
    buffer.open(QIODevice::ReadOnly);
    CaptureReader reader;
    QList<TrafficRecord> records;
    QVERIFY(reader.read(&buffer, [&](const TrafficRecord &r) {
        records << r;
        return true;
    }));
    QCOMPARE(records.size(), 4);
    QCOMPARE(records.at(0).kind, RecordKind::Accepted);
    QCOMPARE(records.at(1).bytes, QByteArray("ping"));
    QCOMPARE(records.at(1).direction, Direction::Rx);
    QCOMPARE(records.at(2).bytes, QByteArray("pong"));
    QCOMPARE(records.at(2).direction, Direction::Tx);
    QCOMPARE(records.at(3).kind, RecordKind::ClosedByPeer);
    // The fourth packet, 1 ms apart from the first at ...000: exact in every resolution.
    QCOMPARE(records.at(1).timestampUs, qint64(1700000000004000));
    const auto c = reader.conversations()->conversations();
    QCOMPARE(c.size(), 1);
    QCOMPARE(c.constFirst().localLabel(), QStringLiteral("10.0.0.2:80"));
    QCOMPARE(c.constFirst().remoteLabel(), QStringLiteral("10.0.0.1:40000"));
}

void tst_CaptureReader::timestampResolutions_data()
{
    QTest::addColumn<bool>("pow2");
    QTest::addColumn<int>("exponent");
    QTest::addColumn<qint64>("offsetS");
    QTest::addColumn<quint64>("timestamp");
    QTest::addColumn<qint64>("us");

    QTest::newRow("microseconds (the default)")
        << false << 6 << qint64(0) << quint64(1234567) << qint64(1234567);
    QTest::newRow("nanoseconds") << false << 9 << qint64(0) << quint64(1234567890)
                                 << qint64(1234567);
    QTest::newRow("milliseconds") << false << 3 << qint64(0) << quint64(1234) << qint64(1234000);
    QTest::newRow("2^-20 s") << true << 20 << qint64(0) << quint64(3) * (1u << 20) / 2
                             << qint64(1500000);
    QTest::newRow("with an offset in seconds")
        << false << 6 << qint64(1700000000) << quint64(5) << qint64(1700000000000005);
    QTest::newRow("10^-25 s, the finest that divides: 10^19 units are a microsecond")
        << false << 25 << qint64(0) << quint64(10000000000000000000u) << qint64(1);
    QTest::newRow("10^-26 s and finer: under a microsecond")
        << false << 68 << qint64(0) << quint64(1700000000083501) << qint64(0);
    // Hostile values saturate at 2^62 µs instead of overflowing.
    const qint64 limit = qint64(1) << 62;
    QTest::newRow("seconds, the largest timestamp")
        << false << 0 << qint64(0) << ~quint64(0) << limit;
    QTest::newRow("microseconds, the largest timestamp")
        << false << 6 << qint64(0) << ~quint64(0) << limit;
    QTest::newRow("2^0 s, the largest timestamp") << true << 0 << qint64(0) << ~quint64(0) << limit;
    QTest::newRow("the largest offset")
        << false << 6 << std::numeric_limits<qint64>::max() << quint64(0) << limit;
    QTest::newRow("the most negative offset")
        << false << 6 << std::numeric_limits<qint64>::min() << quint64(5) << -limit + 5;
}

void tst_CaptureReader::timestampResolutions()
{
    QFETCH(bool, pow2);
    QFETCH(int, exponent);
    QFETCH(qint64, offsetS);
    QFETCH(quint64, timestamp);
    QFETCH(qint64, us);

    CaptureInterface iface;
    iface.pow2 = pow2;
    iface.exponent = exponent;
    iface.offsetS = offsetS;
    QCOMPARE(iface.toUs(timestamp), us);
}

void tst_CaptureReader::cutOffFile()
{
    const QList<Seg> segs{{true, 0, PshAck, "first"}, {true, 5, PshAck, "second"}};
    const QByteArray file = pcapng(packets(segs, 1, 2, true));
    // Cut in the middle of the last block: what a killed recording may leave.
    const Streams s = readBack(file.left(file.size() - 10));
    QCOMPARE(s.fromClient, QByteArray("first"));
    QCOMPARE(s.warnings.size(), 1);
    QVERIFY(s.warnings.constFirst().contains(QStringLiteral("cut off")));
}

void tst_CaptureReader::notACapture()
{
    QBuffer buffer;
    buffer.setData("this is just text, not a capture");
    buffer.open(QIODevice::ReadOnly);
    CaptureReader reader;
    QVERIFY(!reader.read(&buffer, [](const TrafficRecord &) { return true; }));
    QVERIFY(reader.errorString().contains(QStringLiteral("neither")));
}

void tst_CaptureReader::udpDatagrams()
{
    const QList<QByteArray> pkts{ipPacket(true, 0, 0, "one", true),
                                 ipPacket(false, 0, 0, "two", true),
                                 ipPacket(true, 0, 0, QByteArray(), true)};
    QBuffer buffer;
    buffer.setData(pcapng(pkts));
    buffer.open(QIODevice::ReadOnly);
    CaptureReader reader;
    QList<TrafficRecord> records;
    QVERIFY(reader.read(&buffer, [&](const TrafficRecord &r) {
        records << r;
        return true;
    }));
    QCOMPARE(records.size(), 3);
    QCOMPARE(records.at(0).bytes, QByteArray("one"));
    QCOMPARE(records.at(0).direction, Direction::Rx); // port 80 is taken as ours
    QCOMPARE(records.at(1).bytes, QByteArray("two"));
    QCOMPARE(records.at(2).bytes, QByteArray());
    QCOMPARE(reader.conversations()->sessions().constFirst().kind, SessionKind::Udp);
}

void tst_CaptureReader::newConnectionOnSamePorts()
{
    QList<QByteArray> pkts = packets({{true, 0, PshAck, "a"}, {true, 1, RstAck, {}}}, 1, 2, true);
    pkts += packets({{true, 0, PshAck, "b"}, {false, 0, FinAck, {}}}, 100, 200, true);
    QBuffer buffer;
    buffer.setData(pcapng(pkts));
    buffer.open(QIODevice::ReadOnly);
    CaptureReader reader;
    QList<TrafficRecord> records;
    QVERIFY(reader.read(&buffer, [&](const TrafficRecord &r) {
        records << r;
        return true;
    }));
    QCOMPARE(reader.conversations()->conversations().size(), 2);
    QList<RecordKind> kinds;
    for (const TrafficRecord &r : records)
        kinds << r.kind;
    QCOMPARE(kinds,
             (QList<RecordKind>{RecordKind::Accepted, RecordKind::Data, RecordKind::Reset,
                                RecordKind::Accepted, RecordKind::Data, RecordKind::Closed}));
    QCOMPARE(records.at(1).peer, PeerId(1));
    QCOMPARE(records.at(4).peer, PeerId(2));
}

QTEST_GUILESS_MAIN(tst_CaptureReader)
#include "tst_capturereader.moc"
