#include "capturereader.h"

#include "capturewriter.h"
#include "trafficlog.h"

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QSet>
#include <QtEndian>

#include <cmath>
#include <map>

namespace sockeye {

namespace {
constexpr quint32 BlockSectionHeader = 0x0A0D0D0A;
constexpr quint32 BlockInterface = 1;
constexpr quint32 BlockPacketObsolete = 2;
constexpr quint32 BlockSimplePacket = 3;
constexpr quint32 BlockEnhancedPacket = 6;
constexpr quint32 MaxBlockLength = 256u * 1024 * 1024;
constexpr qsizetype MaxChunk = 64 * 1024 * 1024;         // one record at most
constexpr qint64 MaxPending = qint64(256) * 1024 * 1024; // out-of-order bytes per direction

constexpr quint8 TcpFin = 0x01;
constexpr quint8 TcpSyn = 0x02;
constexpr quint8 TcpRst = 0x04;
constexpr quint8 TcpPsh = 0x08;
constexpr quint8 TcpAck = 0x10;

enum class Dir { Unknown, Inbound, Outbound };

struct Interface
{
    quint16 linkType = 1;
    bool pow2 = false;
    int exponent = 6;
    qint64 offsetS = 0;
    SessionId sockeyeSession = 0;
    SessionKind kind = SessionKind::TcpServer;
    QString description;
};

struct Packet
{
    bool tcp = false;
    QHostAddress src;
    QHostAddress dst;
    quint16 srcPort = 0;
    quint16 dstPort = 0;
    quint32 seq = 0;
    quint8 flags = 0;
    QByteArray payload;
};

struct Segment
{
    QByteArray bytes;
    bool psh = false;
    qint64 ts = 0;
};

struct Side
{
    bool haveBase = false;
    quint32 nextSeq = 0;
    qint64 next = 0; // stream offset of nextSeq
    std::map<qint64, Segment> pending;
    qint64 pendingBytes = 0;
    QByteArray chunk;
    qint64 chunkTs = 0;
    bool fin = false;
};

struct Flow
{
    bool tcp = false;
    SessionId session = 0;
    PeerId peer = NoPeer;
    QString localKey;
    QString remoteLabel;
    QString label;
    Side side[2]; // 0: from our end (Tx), 1: from the peer (Rx)
    bool announced = false;
    bool closeReported = false;
    bool finished = false;
};

quint16 be16(const uchar *p)
{
    return qFromBigEndian<quint16>(p);
}

quint32 be32(const uchar *p)
{
    return qFromBigEndian<quint32>(p);
}
} // namespace

class CaptureReader::Parser
{
    Q_DECLARE_TR_FUNCTIONS(sockeye::CaptureReader)

public:
    Parser(CaptureReader *reader, QIODevice *device, const Sink &sink)
        : m_reader(reader)
        , m_device(device)
        , m_sink(sink)
        , m_total(device->size())
    {}

    bool run()
    {
        const QByteArray magic = m_device->peek(4);
        if (magic.size() < 4)
            return error(tr("The file is empty or too short to be a capture."));
        const quint32 m = qFromLittleEndian<quint32>(magic.constData());
        bool ok = false;
        if (m == BlockSectionHeader)
            ok = readPcapng();
        else
            ok = readPcap();
        finishAll();
        if (m_stop && m_reader->m_cancel.load())
            return error(tr("Reading was cancelled."));
        return ok;
    }

private:
    bool error(const QString &message)
    {
        m_reader->m_error = message;
        return false;
    }

    void warn(const QString &message)
    {
        if (!m_reader->m_warnings.contains(message))
            m_reader->m_warnings << message;
    }

    quint16 u16(const char *p) const
    {
        return m_big ? qFromBigEndian<quint16>(p) : qFromLittleEndian<quint16>(p);
    }
    quint32 u32(const char *p) const
    {
        return m_big ? qFromBigEndian<quint32>(p) : qFromLittleEndian<quint32>(p);
    }

    bool readFully(QByteArray &out, qint64 size)
    {
        out = m_device->read(size);
        return out.size() == size;
    }

    void progress()
    {
        if (++m_sinceProgress >= 1024) {
            m_sinceProgress = 0;
            emit m_reader->progress(m_device->pos(), m_total);
        }
        if (m_reader->m_cancel.load())
            m_stop = true;
    }

    void truncated()
    {
        warn(tr("The capture ends in the middle of a packet (was the recording cut off?); "
                "everything before that was read."));
    }

    // ---- pcapng ----

    bool readPcapng()
    {
        while (!m_stop) {
            QByteArray head = m_device->read(8);
            if (head.isEmpty())
                break;
            if (head.size() < 8) {
                truncated();
                break;
            }
            const quint32 rawType = qFromLittleEndian<quint32>(head.constData());
            if (rawType == BlockSectionHeader) {
                const QByteArray bom = m_device->read(4);
                if (bom.size() < 4) {
                    truncated();
                    break;
                }
                const quint32 le = qFromLittleEndian<quint32>(bom.constData());
                if (le == 0x1A2B3C4D)
                    m_big = false;
                else if (le == 0x4D3C2B1A)
                    m_big = true;
                else
                    return error(tr("This is not a pcapng file: the byte-order magic is wrong."));
                const quint32 length = u32(head.constData() + 4);
                if (length < 28 || length % 4 != 0 || length > MaxBlockLength)
                    return error(
                        tr("The capture is damaged: a section header has length %1.").arg(length));
                QByteArray body;
                if (!readFully(body, length - 12)) {
                    truncated();
                    break;
                }
                m_interfaces.clear();
                continue;
            }
            const quint32 type = u32(head.constData());
            const quint32 length = u32(head.constData() + 4);
            if (length < 12 || length % 4 != 0 || length > MaxBlockLength) {
                warn(tr("The capture is damaged at byte %1 (a block of length %2); reading "
                        "stopped there.")
                         .arg(m_device->pos() - 8)
                         .arg(length));
                break;
            }
            QByteArray body;
            if (!readFully(body, length - 8)) {
                truncated();
                break;
            }
            body.chop(4); // trailing length
            switch (type) {
            case BlockInterface:
                interfaceBlock(body);
                break;
            case BlockEnhancedPacket:
                enhancedPacket(body, false);
                break;
            case BlockPacketObsolete:
                enhancedPacket(body, true);
                break;
            case BlockSimplePacket:
                simplePacket(body);
                break;
            default:
                break; // statistics, name resolution, custom blocks...
            }
        }
        return true;
    }

    template<typename F> void options(const QByteArray &body, qsizetype at, F &&onOption)
    {
        while (at + 4 <= body.size()) {
            const quint16 code = u16(body.constData() + at);
            const quint16 len = u16(body.constData() + at + 2);
            at += 4;
            if (code == 0 || at + len > body.size())
                break;
            onOption(code, body.mid(at, len));
            at += (len + 3) & ~3;
        }
    }

    void interfaceBlock(const QByteArray &body)
    {
        if (body.size() < 8)
            return;
        Interface iface;
        iface.linkType = u16(body.constData());
        QString name;
        options(body, 8, [&](quint16 code, const QByteArray &value) {
            if (code == 2) {
                name = QString::fromUtf8(value);
            } else if (code == 3) {
                iface.description = QString::fromUtf8(value);
            } else if (code == 9 && !value.isEmpty()) {
                const auto r = quint8(value.at(0));
                iface.pow2 = r & 0x80;
                iface.exponent = r & 0x7F;
            } else if (code == 14 && value.size() == 8) {
                iface.offsetS = m_big ? qFromBigEndian<qint64>(value.constData())
                                      : qFromLittleEndian<qint64>(value.constData());
            }
        });
        iface.sockeyeSession = CaptureWriter::sessionFromInterfaceName(name, &iface.kind);
        m_interfaces << iface;
    }

    qint64 toUs(const Interface &iface, quint64 ts) const
    {
        qint64 us = 0;
        if (iface.pow2) {
            us = qint64(
                std::floor(static_cast<long double>(ts) * 1e6L / std::pow(2.0L, iface.exponent)));
        } else if (iface.exponent == 6) {
            us = qint64(ts);
        } else if (iface.exponent < 6) {
            us = qint64(ts) * qint64(std::pow(10.0, 6 - iface.exponent));
        } else {
            us = qint64(ts / quint64(std::pow(10.0L, iface.exponent - 6)));
        }
        return us + iface.offsetS * 1000000;
    }

    void enhancedPacket(const QByteArray &body, bool obsolete)
    {
        if (body.size() < 20)
            return;
        const char *p = body.constData();
        const quint32 ifid = obsolete ? u16(p) : u32(p);
        const quint64 ts = (quint64(u32(p + 4)) << 32) | u32(p + 8);
        const quint32 caplen = u32(p + 12);
        const quint32 origlen = u32(p + 16);
        if (ifid >= quint32(m_interfaces.size()) || 20 + qint64(caplen) > body.size()) {
            warn(tr("Some packets refer to an interface the capture does not describe; they "
                    "were skipped."));
            return;
        }
        Dir dir = Dir::Unknown;
        options(body, 20 + ((caplen + 3) & ~3u), [&](quint16 code, const QByteArray &value) {
            if (code == 2 && value.size() == 4) {
                const quint32 flags = u32(value.constData());
                dir = (flags & 3) == 1 ? Dir::Inbound : (flags & 3) == 2 ? Dir::Outbound : dir;
            }
        });
        if (caplen < origlen)
            cutShort();
        const Interface &iface = m_interfaces.at(ifid);
        packet(iface, toUs(iface, ts), body.mid(20, caplen), dir);
    }

    void simplePacket(const QByteArray &body)
    {
        if (body.size() < 4 || m_interfaces.isEmpty())
            return;
        const quint32 origlen = u32(body.constData());
        const qsizetype caplen = qMin<qsizetype>(origlen, body.size() - 4);
        if (caplen < qsizetype(origlen))
            cutShort();
        packet(m_interfaces.constFirst(), 0, body.mid(4, caplen), Dir::Unknown);
    }

    void cutShort()
    {
        warn(tr("Some packets were cut short by the capture's snapshot length; their missing "
                "bytes are missing from the streams."));
    }

    // ---- classic pcap ----

    bool readPcap()
    {
        QByteArray header;
        if (!readFully(header, 24))
            return error(tr("The file is too short to be a capture."));
        const quint32 le = qFromLittleEndian<quint32>(header.constData());
        Interface iface;
        if (le == 0xA1B2C3D4 || le == 0xA1B23C4D) {
            m_big = false;
        } else if (le == 0xD4C3B2A1 || le == 0x4D3CB2A1) {
            m_big = true;
        } else {
            return error(tr("This is neither a pcapng nor a pcap file (it starts with %1).")
                             .arg(QString::fromLatin1(header.left(4).toHex(' '))));
        }
        const quint32 magic = u32(header.constData());
        iface.exponent = magic == 0xA1B23C4D ? 9 : 6;
        iface.linkType = quint16(u32(header.constData() + 20) & 0xFFFF);
        while (!m_stop) {
            QByteArray rec = m_device->read(16);
            if (rec.isEmpty())
                break;
            if (rec.size() < 16) {
                truncated();
                break;
            }
            const quint64 sec = u32(rec.constData());
            const quint64 frac = u32(rec.constData() + 4);
            const quint32 caplen = u32(rec.constData() + 8);
            const quint32 origlen = u32(rec.constData() + 12);
            if (caplen > MaxBlockLength) {
                warn(tr("The capture is damaged at byte %1; reading stopped there.")
                         .arg(m_device->pos() - 16));
                break;
            }
            QByteArray data;
            if (!readFully(data, caplen)) {
                truncated();
                break;
            }
            if (caplen < origlen)
                cutShort();
            const qint64 us =
                qint64(sec) * 1000000 + (iface.exponent == 9 ? qint64(frac / 1000) : qint64(frac));
            packet(iface, us, data, Dir::Unknown);
        }
        return true;
    }

    // ---- link, IP, transport ----

    void packet(const Interface &iface, qint64 ts, const QByteArray &frame, Dir dir)
    {
        ++m_reader->m_packets;
        progress();
        const auto *p = reinterpret_cast<const uchar *>(frame.constData());
        qsizetype n = frame.size();
        qsizetype at = 0;
        int etherType = -1; // -1: look at the IP version nibble
        switch (iface.linkType) {
        case 1: { // Ethernet
            if (n < 14)
                return;
            etherType = be16(p + 12);
            at = 14;
            while ((etherType == 0x8100 || etherType == 0x88A8) && at + 4 <= n) {
                etherType = be16(p + at + 2);
                at += 4;
            }
            break;
        }
        case 0:   // BSD loopback: a 4-byte family in the capturing host's order
        case 108: // OpenBSD loopback
            at = 4;
            break;
        case 101: // raw IP
        case 228: // IPv4
        case 229: // IPv6
            break;
        case 113: // Linux cooked
            if (n < 16)
                return;
            etherType = be16(p + 14);
            at = 16;
            break;
        case 276: // Linux cooked v2
            if (n < 20)
                return;
            etherType = be16(p);
            at = 20;
            break;
        default:
            warn(tr("Packets of link type %1 are not understood and were skipped.")
                     .arg(iface.linkType));
            return;
        }
        if (at >= n)
            return;
        if (etherType == -1)
            etherType = (p[at] >> 4) == 6 ? 0x86DD : 0x0800;
        Packet pkt;
        if (etherType == 0x0800) {
            if (!ipv4(p + at, n - at, pkt))
                return;
        } else if (etherType == 0x86DD) {
            if (!ipv6(p + at, n - at, pkt))
                return;
        } else {
            return; // ARP and friends
        }
        handle(iface, ts, pkt, dir);
    }

    bool ipv4(const uchar *p, qsizetype n, Packet &pkt)
    {
        if (n < 20 || (p[0] >> 4) != 4)
            return false;
        const qsizetype ihl = (p[0] & 0x0F) * 4;
        qsizetype total = be16(p + 2);
        if (ihl < 20 || total < ihl)
            return false;
        total = qMin(total, n); // cut short by the snapshot length
        const quint16 frag = be16(p + 6);
        if ((frag & 0x2000) || (frag & 0x1FFF)) {
            warn(tr("Fragmented IP datagrams are not reassembled; they were skipped."));
            return false;
        }
        pkt.src = QHostAddress(be32(p + 12));
        pkt.dst = QHostAddress(be32(p + 16));
        return transport(p[9], p + ihl, total - ihl, pkt);
    }

    bool ipv6(const uchar *p, qsizetype n, Packet &pkt)
    {
        if (n < 40 || (p[0] >> 4) != 6)
            return false;
        qsizetype end = qMin<qsizetype>(40 + be16(p + 4), n);
        pkt.src = QHostAddress(p + 8);
        pkt.dst = QHostAddress(p + 24);
        quint8 next = p[6];
        qsizetype at = 40;
        while (next == 0 || next == 43 || next == 60 || next == 44) {
            if (next == 44) {
                warn(tr("Fragmented IP datagrams are not reassembled; they were skipped."));
                return false;
            }
            if (at + 8 > end)
                return false;
            next = p[at];
            at += (qsizetype(p[at + 1]) + 1) * 8;
        }
        if (at > end)
            return false;
        return transport(next, p + at, end - at, pkt);
    }

    bool transport(quint8 protocol, const uchar *p, qsizetype n, Packet &pkt)
    {
        if (protocol == 6) {
            if (n < 20)
                return false;
            const qsizetype off = (p[12] >> 4) * 4;
            if (off < 20 || off > n)
                return false;
            pkt.tcp = true;
            pkt.srcPort = be16(p);
            pkt.dstPort = be16(p + 2);
            pkt.seq = be32(p + 4);
            pkt.flags = p[13];
            pkt.payload = QByteArray(reinterpret_cast<const char *>(p + off), n - off);
            return true;
        }
        if (protocol == 17) {
            if (n < 8)
                return false;
            const qsizetype len = be16(p + 4);
            pkt.srcPort = be16(p);
            pkt.dstPort = be16(p + 2);
            const qsizetype size = len >= 8 ? qMin<qsizetype>(len - 8, n - 8) : n - 8;
            pkt.payload = QByteArray(reinterpret_cast<const char *>(p + 8), size);
            return true;
        }
        return false;
    }

    // ---- sessions, flows, reassembly ----

    SessionId sessionFor(const Interface &iface, bool tcp, bool localOpened,
                         const QHostAddress &local, quint16 localPort)
    {
        QString key;
        CaptureSession info;
        if (iface.sockeyeSession != 0) {
            key = QStringLiteral("s%1").arg(iface.sockeyeSession);
            info.id = iface.sockeyeSession;
            info.kind = iface.kind;
            info.name = iface.description;
        } else {
            key = QStringLiteral("%1|%2").arg(tcp ? 'T' : 'U').arg(endpointText(local, localPort));
            info.kind = !tcp ? SessionKind::Udp
                             : (localOpened ? SessionKind::TcpClient : SessionKind::TcpServer);
            info.name = tcp ? tr("TCP %1").arg(endpointText(local, localPort))
                            : tr("UDP %1").arg(endpointText(local, localPort));
        }
        const auto it = m_sessionByKey.constFind(key);
        if (it != m_sessionByKey.constEnd())
            return it.value();
        if (info.id == 0 || m_usedIds.contains(info.id)) {
            SessionId id = 1;
            while (m_usedIds.contains(id))
                ++id;
            info.id = id;
        }
        m_usedIds.insert(info.id);
        m_sessionByKey.insert(key, info.id);
        m_reader->m_table->insertSession(info);
        return info.id;
    }

    Flow *flowFor(const Interface &iface, qint64 ts, const Packet &pkt, Dir dir)
    {
        const QString a = endpointText(pkt.src, pkt.srcPort);
        const QString b = endpointText(pkt.dst, pkt.dstPort);
        QString key = (pkt.tcp ? QStringLiteral("T|") : QStringLiteral("U|")) +
                      (a < b ? a + QLatin1Char('|') + b : b + QLatin1Char('|') + a);
        // Both ends of a loopback connection may be recorded, each by its own session (its
        // own interface): the same packets twice, two conversations, not retransmissions.
        if (iface.sockeyeSession != 0)
            key = QStringLiteral("s%1|").arg(iface.sockeyeSession) + key;
        const bool syn = pkt.tcp && (pkt.flags & TcpSyn) && !(pkt.flags & TcpAck);
        auto it = m_flows.find(key);
        if (it != m_flows.end() && !(it->second->finished && syn)) {
            Flow *flow = it->second.get();
            return flow->finished ? nullptr : flow;
        }
        if (it != m_flows.end())
            finishFlow(*it->second); // a new connection on the same addresses and ports
        if (pkt.tcp && (pkt.flags & TcpRst) && !(pkt.flags & TcpSyn))
            return nullptr; // the answer to a refused connection: nothing to show

        // Which end is ours?
        bool srcIsLocal = false;
        if (dir != Dir::Unknown)
            srcIsLocal = dir == Dir::Outbound;
        else if (syn)
            srcIsLocal = false; // we are the server the SYN came to
        else if (pkt.tcp && (pkt.flags & TcpSyn))
            srcIsLocal = true; // SYN-ACK: we are the server
        else if (pkt.srcPort != pkt.dstPort)
            srcIsLocal = pkt.srcPort < pkt.dstPort;
        const QHostAddress &local = srcIsLocal ? pkt.src : pkt.dst;
        const quint16 localPort = srcIsLocal ? pkt.srcPort : pkt.dstPort;
        const QHostAddress &remote = srcIsLocal ? pkt.dst : pkt.src;
        const quint16 remotePort = srcIsLocal ? pkt.dstPort : pkt.srcPort;
        const bool localOpened = syn && srcIsLocal;

        auto flow = std::make_unique<Flow>();
        flow->tcp = pkt.tcp;
        flow->session = sessionFor(iface, pkt.tcp, localOpened, local, localPort);
        flow->peer = ++m_nextPeer[flow->session];
        flow->localKey = srcIsLocal ? a : b;
        flow->remoteLabel = endpointText(remote, remotePort);
        Conversation c;
        c.session = flow->session;
        c.peer = flow->peer;
        c.transport = pkt.tcp ? Transport::Tcp : Transport::Udp;
        const auto info = m_reader->m_table->session(flow->session);
        c.weOpened = syn ? srcIsLocal : (info && info->kind == SessionKind::TcpClient);
        c.localAddress = local;
        c.localPort = localPort;
        c.remoteAddress = remote;
        c.remotePort = remotePort;
        c.firstSeenUs = ts;
        m_reader->m_table->insert(c);
        Flow *raw = flow.get();
        m_flows[key] = std::move(flow);
        return raw;
    }

    void emitRecord(TrafficRecord record)
    {
        record.sequence = ++m_sequence;
        if (m_stop)
            return;
        if (!m_sink(record))
            m_stop = true;
    }

    void event(const Flow &flow, RecordKind kind, qint64 ts, const QString &text)
    {
        TrafficRecord r;
        r.timestampUs = ts;
        r.session = flow.session;
        r.peer = flow.peer;
        r.kind = kind;
        r.text = text;
        emitRecord(r);
    }

    void flushChunk(Flow &flow, int s)
    {
        Side &side = flow.side[s];
        if (side.chunk.isEmpty())
            return;
        TrafficRecord r;
        r.timestampUs = side.chunkTs;
        r.session = flow.session;
        r.peer = flow.peer;
        r.direction = s == 0 ? Direction::Tx : Direction::Rx;
        r.bytes = side.chunk;
        side.chunk.clear();
        emitRecord(r);
    }

    void deliver(Flow &flow, int s, const QByteArray &bytes, bool psh, qint64 ts)
    {
        flushChunk(flow, 1 - s);
        Side &side = flow.side[s];
        side.chunk += bytes;
        side.chunkTs = ts;
        side.next += bytes.size();
        side.nextSeq += quint32(bytes.size());
        if (psh || side.chunk.size() >= MaxChunk)
            flushChunk(flow, s);
    }

    void drain(Flow &flow, int s)
    {
        Side &side = flow.side[s];
        while (!side.pending.empty() && side.pending.begin()->first <= side.next) {
            auto node = side.pending.extract(side.pending.begin());
            Segment &seg = node.mapped();
            side.pendingBytes -= seg.bytes.size();
            const qint64 end = node.key() + seg.bytes.size();
            if (end <= side.next)
                continue;
            deliver(flow, s, seg.bytes.mid(side.next - node.key()), seg.psh, seg.ts);
        }
    }

    void skipGap(Flow &flow, int s)
    {
        Side &side = flow.side[s];
        if (side.pending.empty())
            return;
        const qint64 gap = side.pending.begin()->first - side.next;
        warn(tr("%n byte(s) of the stream %1 were not captured; the stream continues after the "
                "gap.",
                nullptr, int(qMin<qint64>(gap, INT_MAX)))
                 .arg(flow.remoteLabel));
        flushChunk(flow, s);
        side.next += gap;
        side.nextSeq += quint32(gap);
        drain(flow, s);
    }

    void tcpData(Flow &flow, int s, quint32 seq, const QByteArray &payload, bool psh, qint64 ts)
    {
        Side &side = flow.side[s];
        qint64 at = side.next + qint32(seq - side.nextSeq);
        const qint64 end = at + payload.size();
        if (end <= side.next)
            return; // a retransmission of what we have
        QByteArray bytes = payload;
        if (at < side.next) {
            bytes = payload.mid(side.next - at); // overlaps what we have: take the new part
            at = side.next;
        }
        if (at == side.next) {
            deliver(flow, s, bytes, psh, ts);
            drain(flow, s);
            return;
        }
        Segment &slot = side.pending[at];
        if (slot.bytes.size() < bytes.size()) {
            side.pendingBytes += bytes.size() - slot.bytes.size();
            slot = Segment{bytes, psh, ts};
        }
        while (side.pendingBytes > MaxPending)
            skipGap(flow, s);
    }

    void close(Flow &flow, int s, RecordKind fromPeer, qint64 ts)
    {
        for (int i : {0, 1}) {
            skipGap(flow, i);
            flushChunk(flow, i);
        }
        if (flow.closeReported)
            return;
        flow.closeReported = true;
        if (s == 1 && fromPeer == RecordKind::Reset)
            event(flow, RecordKind::Reset, ts, tr("%1 reset the connection").arg(flow.remoteLabel));
        else if (s == 1)
            event(flow, RecordKind::ClosedByPeer, ts,
                  tr("%1 closed the connection").arg(flow.remoteLabel));
        else
            event(flow, RecordKind::Closed, ts, tr("Disconnected %1").arg(flow.remoteLabel));
    }

    void handle(const Interface &iface, qint64 ts, const Packet &pkt, Dir dir)
    {
        Flow *flow = flowFor(iface, ts, pkt, dir);
        if (!flow)
            return;
        const int s = endpointText(pkt.src, pkt.srcPort) == flow->localKey ? 0 : 1;
        if (!flow->tcp) {
            TrafficRecord r;
            r.timestampUs = ts;
            r.session = flow->session;
            r.peer = flow->peer;
            r.direction = s == 0 ? Direction::Tx : Direction::Rx;
            r.bytes = pkt.payload;
            emitRecord(r);
            return;
        }
        Side &side = flow->side[s];
        quint32 seq = pkt.seq;
        if (!flow->announced) {
            flow->announced = true;
            const auto c = m_reader->m_table->find(flow->session, flow->peer);
            if (c && c->weOpened)
                event(*flow, RecordKind::Connected, ts,
                      tr("Connected to %1 from %2").arg(flow->remoteLabel, c->localLabel()));
            else
                event(*flow, RecordKind::Accepted, ts, tr("Accepted %1").arg(flow->remoteLabel));
        }
        if (pkt.flags & TcpSyn) {
            if (!side.haveBase) {
                side.haveBase = true;
                side.nextSeq = seq + 1;
            }
            seq += 1; // data in a SYN follows the SYN's sequence number
        }
        if (!side.haveBase) {
            side.haveBase = true; // joined mid-stream
            side.nextSeq = seq;
        }
        if (!pkt.payload.isEmpty())
            tcpData(*flow, s, seq, pkt.payload, pkt.flags & TcpPsh, ts);
        if (pkt.flags & TcpRst) {
            close(*flow, s, RecordKind::Reset, ts);
            flow->finished = true;
        } else if (pkt.flags & TcpFin) {
            side.fin = true;
            close(*flow, s, RecordKind::ClosedByPeer, ts);
            if (flow->side[0].fin && flow->side[1].fin)
                flow->finished = true;
        }
    }

    void finishFlow(Flow &flow)
    {
        for (int i : {0, 1}) {
            skipGap(flow, i);
            flushChunk(flow, i);
        }
        flow.finished = true;
    }

    void finishAll()
    {
        const bool stopped = m_stop;
        for (auto &entry : m_flows)
            finishFlow(*entry.second);
        m_stop = stopped;
        emit m_reader->progress(m_device->pos(), m_total);
    }

    CaptureReader *m_reader;
    QIODevice *m_device;
    const Sink &m_sink;
    qint64 m_total;
    bool m_big = false;
    bool m_stop = false;
    int m_sinceProgress = 0;
    quint64 m_sequence = 0;
    QList<Interface> m_interfaces;
    std::map<QString, std::unique_ptr<Flow>> m_flows;
    QHash<QString, SessionId> m_sessionByKey;
    QSet<SessionId> m_usedIds;
    QHash<SessionId, PeerId> m_nextPeer;
};

CaptureReader::CaptureReader(QObject *parent)
    : QObject(parent)
    , m_table(new ConversationTable(this))
{}

CaptureReader::~CaptureReader() = default;

bool CaptureReader::read(const QString &path)
{
    m_records.clear();
    return read(path, [this](const TrafficRecord &record) {
        m_records << record;
        return true;
    });
}

bool CaptureReader::read(const QString &path, const Sink &sink)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_error = tr("Cannot open %1: %2.").arg(path, file.errorString());
        return false;
    }
    return read(&file, sink);
}

bool CaptureReader::read(QIODevice *device, const Sink &sink)
{
    m_table->clear();
    m_warnings.clear();
    m_error.clear();
    m_packets = 0;
    m_cancel.store(false);
    Parser parser(this, device, sink);
    return parser.run();
}

void CaptureReader::appendTo(TrafficLog *log) const
{
    for (const TrafficRecord &record : m_records)
        log->append(record);
}

} // namespace sockeye
