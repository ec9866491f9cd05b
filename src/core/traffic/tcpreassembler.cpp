#include "tcpreassembler.h"

#include "conversationtable.h"

#include <climits>

namespace sockeye {

namespace {
constexpr quint8 TcpFin = DecodedPacket::Fin;
constexpr quint8 TcpSyn = DecodedPacket::Syn;
constexpr quint8 TcpRst = DecodedPacket::Rst;
constexpr quint8 TcpPsh = DecodedPacket::Psh;
constexpr quint8 TcpAck = DecodedPacket::Ack;
} // namespace

TcpReassembler::TcpReassembler(ConversationTable *table, Sink sink, Warn warn)
    : m_table(table)
    , m_sink(std::move(sink))
    , m_warn(std::move(warn))
{}

TcpReassembler::~TcpReassembler() = default;

// ---- sessions and flows ----

SessionId TcpReassembler::sessionFor(const CaptureInterface &iface, bool tcp, bool localOpened,
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
    m_table->insertSession(info);
    return info.id;
}

TcpReassembler::Flow *TcpReassembler::flowFor(const CaptureInterface &iface, qint64 ts,
                                              const DecodedPacket &pkt, PacketDirection dir)
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
    if (dir != PacketDirection::Unknown)
        srcIsLocal = dir == PacketDirection::Outbound;
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
    const auto info = m_table->session(flow->session);
    c.weOpened = syn ? srcIsLocal : (info && info->kind == SessionKind::TcpClient);
    c.localAddress = local;
    c.localPort = localPort;
    c.remoteAddress = remote;
    c.remotePort = remotePort;
    c.firstSeenUs = ts;
    m_table->insert(c);
    Flow *raw = flow.get();
    m_flows[key] = std::move(flow);
    return raw;
}

// ---- records ----

void TcpReassembler::emitRecord(TrafficRecord record)
{
    // Numbered even when stopped, so a stopped read's records keep the numbers they had.
    record.sequence = ++m_sequence;
    if (m_stop)
        return;
    if (!m_sink(record))
        m_stop = true;
}

void TcpReassembler::event(const Flow &flow, RecordKind kind, qint64 ts, const QString &text)
{
    TrafficRecord r;
    r.timestampUs = ts;
    r.session = flow.session;
    r.peer = flow.peer;
    r.kind = kind;
    r.text = text;
    emitRecord(r);
}

void TcpReassembler::flushChunk(Flow &flow, int s)
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

// ---- reassembly ----

void TcpReassembler::deliver(Flow &flow, int s, const QByteArray &bytes, bool psh, qint64 ts)
{
    flushChunk(flow, 1 - s); // the other side's bytes came first
    Side &side = flow.side[s];
    side.chunk += bytes;
    side.chunkTs = ts;
    side.next += bytes.size();
    side.nextSeq += quint32(bytes.size());
    if (psh || side.chunk.size() >= MaxChunk)
        flushChunk(flow, s);
}

void TcpReassembler::drain(Flow &flow, int s)
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

void TcpReassembler::skipGap(Flow &flow, int s)
{
    Side &side = flow.side[s];
    if (side.pending.empty())
        return;
    const qint64 gap = side.pending.begin()->first - side.next;
    m_warn(tr("%n byte(s) of the stream %1 were not captured; the stream continues after the "
              "gap.",
              nullptr, int(qMin<qint64>(gap, INT_MAX)))
               .arg(flow.remoteLabel));
    flushChunk(flow, s);
    side.next += gap;
    side.nextSeq += quint32(gap);
    drain(flow, s);
}

void TcpReassembler::tcpData(Flow &flow, int s, quint32 seq, const QByteArray &payload, bool psh,
                             qint64 ts)
{
    Side &side = flow.side[s];
    // Sequence numbers wrap; the signed distance from nextSeq places the segment in the stream.
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

void TcpReassembler::close(Flow &flow, int s, RecordKind fromPeer, qint64 ts)
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

void TcpReassembler::add(const CaptureInterface &iface, qint64 ts, const DecodedPacket &pkt,
                         PacketDirection dir)
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
        const auto c = m_table->find(flow->session, flow->peer);
        if (!(pkt.flags & TcpSyn))
            // Joined mid-stream: it was connected before the capture began, not at this time.
            event(*flow, RecordKind::Info, ts,
                  tr("%1 was already connected when the capture started").arg(flow->remoteLabel));
        else if (c && c->weOpened)
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

void TcpReassembler::finishFlow(Flow &flow)
{
    for (int i : {0, 1}) {
        skipGap(flow, i);
        flushChunk(flow, i);
    }
    flow.finished = true;
}

void TcpReassembler::finish()
{
    for (auto &entry : m_flows)
        finishFlow(*entry.second);
}

} // namespace sockeye
