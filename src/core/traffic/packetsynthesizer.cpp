#include "packetsynthesizer.h"

#include <QCoreApplication>
#include <QtEndian>

namespace sockeye {

namespace {
constexpr quint8 ProtocolTcp = 6;
constexpr quint8 ProtocolUdp = 17;
constexpr quint16 EtherTypeIPv4 = 0x0800;
constexpr quint16 EtherTypeIPv6 = 0x86DD;
constexpr quint16 Window = 0xFFFF;
// After this many bytes without an acknowledgement the receiver acknowledges, so Wireshark's
// analysis never sees a full window (8 MiB at the announced scale).
constexpr qint64 AckEvery = qint64(1) << 20;
constexpr int MaxUdpPayloadIPv4 = 65535 - 20 - 8;
constexpr int MaxUdpPayloadIPv6 = 65535 - 8;

const char LocalMac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
const char RemoteMac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};

PeerKey conversationKey(SessionId session, PeerId peer)
{
    return {session, peer};
}

void put16(QByteArray &out, quint16 value)
{
    out.append(char(value >> 8));
    out.append(char(value & 0xFF));
}

void put32(QByteArray &out, quint32 value)
{
    put16(out, quint16(value >> 16));
    put16(out, quint16(value & 0xFFFF));
}

void set16(QByteArray &out, qsizetype at, quint16 value)
{
    out[at] = char(value >> 8);
    out[at + 1] = char(value & 0xFF);
}

QByteArray addressBytes(const QHostAddress &address)
{
    QByteArray out;
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        put32(out, address.toIPv4Address());
    } else {
        const Q_IPV6ADDR v6 = address.toIPv6Address();
        out.append(reinterpret_cast<const char *>(v6.c), 16);
    }
    return out;
}

bool isUnspecified(const QHostAddress &address)
{
    return address.isNull() || address == QHostAddress(QHostAddress::AnyIPv4) ||
           address == QHostAddress(QHostAddress::AnyIPv6) ||
           address == QHostAddress(QHostAddress::Any);
}

QHostAddress unmapped(const QHostAddress &address)
{
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        bool ok = false;
        const quint32 v4 = address.toIPv4Address(&ok);
        if (ok && !isUnspecified(address))
            return QHostAddress(v4);
    }
    return address;
}

// A fixed initial sequence number per conversation and side, so exports are reproducible.
quint32 initialSequence(const Conversation &c, bool local)
{
    quint32 x = quint32(c.session) * 2654435761u ^ quint32(c.peer) * 40503u;
    x ^= local ? 0x5EC0FFEEu : 0x0BADF00Du;
    x ^= x >> 15;
    x *= 2246822519u;
    x ^= x >> 13;
    return x;
}
} // namespace

quint32 PacketSynthesizer::checksumAdd(QByteArrayView data, quint32 sum)
{
    const auto *p = reinterpret_cast<const uchar *>(data.data());
    const qsizetype n = data.size();
    quint64 acc = sum;
    qsizetype i = 0;
    for (; i + 1 < n; i += 2)
        acc += quint32(p[i]) << 8 | p[i + 1];
    if (i < n)
        acc += quint32(p[i]) << 8;
    while (acc >> 16)
        acc = (acc & 0xFFFF) + (acc >> 16);
    return quint32(acc);
}

quint16 PacketSynthesizer::internetChecksum(QByteArrayView data, quint32 sum)
{
    return quint16(~checksumAdd(data, sum) & 0xFFFF);
}

void PacketSynthesizer::normalizeAddresses(Conversation &c)
{
    c.remoteAddress = unmapped(c.remoteAddress);
    c.localAddress = unmapped(c.localAddress);
    if (c.remoteAddress.isNull())
        c.remoteAddress = QHostAddress(QHostAddress::AnyIPv4);
    const bool familyDiffers = c.localAddress.protocol() != c.remoteAddress.protocol();
    if (isUnspecified(c.localAddress) || familyDiffers) {
        if (c.remoteAddress.isLoopback())
            c.localAddress = c.remoteAddress;
        else if (c.remoteAddress.protocol() == QAbstractSocket::IPv6Protocol)
            c.localAddress = QHostAddress(QHostAddress::AnyIPv6);
        else
            c.localAddress = QHostAddress(QHostAddress::AnyIPv4);
    }
}

QStringList PacketSynthesizer::takeComments(const Conversation &c, const QString &extra)
{
    QStringList comments = m_pendingComments.take(conversationKey(c.session, NoPeer));
    comments += m_pendingComments.take(conversationKey(c.session, c.peer));
    if (!extra.isEmpty())
        comments << extra;
    return comments;
}

bool PacketSynthesizer::emitFrame(const Conversation &c, bool outbound, quint8 protocol,
                                  const QByteArray &transport, qint64 ts, const Sink &sink)
{
    const QHostAddress &src = outbound ? c.localAddress : c.remoteAddress;
    const QHostAddress &dst = outbound ? c.remoteAddress : c.localAddress;
    const bool v6 = c.remoteAddress.protocol() == QAbstractSocket::IPv6Protocol;

    SynthesizedPacket packet;
    packet.timestampUs = ts;
    packet.outbound = outbound;
    packet.comments = takeComments(c);
    QByteArray &f = packet.frame;
    f.reserve(14 + 40 + transport.size());
    f.append(outbound ? RemoteMac : LocalMac, 6);
    f.append(outbound ? LocalMac : RemoteMac, 6);
    put16(f, v6 ? EtherTypeIPv6 : EtherTypeIPv4);
    if (v6) {
        put32(f, 0x60000000);
        put16(f, quint16(transport.size()));
        f.append(char(protocol));
        f.append(char(64)); // hop limit
        f += addressBytes(src);
        f += addressBytes(dst);
    } else {
        const qsizetype start = f.size();
        f.append(char(0x45)); // version 4, 20-byte header
        f.append(char(0));
        put16(f, quint16(20 + transport.size()));
        put16(f, m_ipId++);
        put16(f, 0x4000);   // don't fragment
        f.append(char(64)); // TTL
        f.append(char(protocol));
        put16(f, 0); // checksum, below
        f += addressBytes(src);
        f += addressBytes(dst);
        set16(f, start + 10, internetChecksum(QByteArrayView(f).sliced(start, 20)));
    }
    f += transport;
    return sink(packet);
}

namespace {
// The sum over the pseudo header TCP and UDP checksums cover.
quint32 pseudoHeaderSum(const QHostAddress &src, const QHostAddress &dst, quint8 protocol,
                        qsizetype length)
{
    QByteArray pseudo = addressBytes(src) + addressBytes(dst);
    if (src.protocol() == QAbstractSocket::IPv6Protocol) {
        put32(pseudo, quint32(length));
        put32(pseudo, protocol);
    } else {
        pseudo.append(char(0));
        pseudo.append(char(protocol));
        put16(pseudo, quint16(length));
    }
    return PacketSynthesizer::checksumAdd(pseudo, 0);
}
} // namespace

bool PacketSynthesizer::emitTcp(const Conversation &c, bool outbound, quint32 seq, quint32 ack,
                                quint8 flags, QByteArrayView payload, qint64 ts, const Sink &sink,
                                bool synOptions)
{
    const int headerLength = synOptions ? 28 : 20;
    QByteArray segment;
    segment.reserve(headerLength + payload.size());
    put16(segment, outbound ? c.localPort : c.remotePort);
    put16(segment, outbound ? c.remotePort : c.localPort);
    put32(segment, seq);
    put32(segment, (flags & Ack) ? ack : 0);
    segment.append(char((headerLength / 4) << 4));
    segment.append(char(flags));
    put16(segment, Window);
    put16(segment, 0); // checksum, below
    put16(segment, 0); // urgent pointer
    if (synOptions) {
        segment.append(char(2)); // MSS
        segment.append(char(4));
        put16(segment, quint16(MaxSegment));
        segment.append(char(1)); // NOP
        segment.append(char(3)); // window scale
        segment.append(char(3));
        segment.append(char(WindowShift));
    }
    segment.append(payload.data(), payload.size());
    const QHostAddress &src = outbound ? c.localAddress : c.remoteAddress;
    const QHostAddress &dst = outbound ? c.remoteAddress : c.localAddress;
    const quint32 sum = pseudoHeaderSum(src, dst, ProtocolTcp, segment.size());
    set16(segment, 16, internetChecksum(segment, sum));
    return emitFrame(c, outbound, ProtocolTcp, segment, ts, sink);
}

bool PacketSynthesizer::emitUdp(const Conversation &c, bool outbound, QByteArrayView payload,
                                qint64 ts, const Sink &sink)
{
    QByteArray datagram;
    datagram.reserve(8 + payload.size());
    put16(datagram, outbound ? c.localPort : c.remotePort);
    put16(datagram, outbound ? c.remotePort : c.localPort);
    put16(datagram, quint16(8 + payload.size()));
    put16(datagram, 0);
    datagram.append(payload.data(), payload.size());
    const QHostAddress &src = outbound ? c.localAddress : c.remoteAddress;
    const QHostAddress &dst = outbound ? c.remoteAddress : c.localAddress;
    quint16 sum =
        internetChecksum(datagram, pseudoHeaderSum(src, dst, ProtocolUdp, datagram.size()));
    if (sum == 0)
        sum = 0xFFFF; // 0 means "no checksum"
    set16(datagram, 6, sum);
    return emitFrame(c, outbound, ProtocolUdp, datagram, ts, sink);
}

bool PacketSynthesizer::handshake(const Conversation &c, TcpState &state, qint64 ts,
                                  const QString &comment, const Sink &sink)
{
    state.open = true;
    const quint32 localIsn = initialSequence(c, true);
    const quint32 remoteIsn = initialSequence(c, false);
    state.localSeq = localIsn + 1;
    state.remoteSeq = remoteIsn + 1;
    if (!comment.isEmpty())
        m_pendingComments[conversationKey(c.session, c.peer)] << comment;
    // Whoever connected sends the SYN.
    const bool init = c.weOpened;
    const quint32 initIsn = init ? localIsn : remoteIsn;
    const quint32 respIsn = init ? remoteIsn : localIsn;
    return emitTcp(c, init, initIsn, 0, Syn, {}, ts, sink, true) &&
           emitTcp(c, !init, respIsn, initIsn + 1, Syn | Ack, {}, ts, sink, true) &&
           emitTcp(c, init, initIsn + 1, respIsn + 1, Ack, {}, ts, sink);
}

void PacketSynthesizer::joinMidStream(const Conversation &c, TcpState &state)
{
    state.open = true;
    state.localSeq = initialSequence(c, true) + 1;
    state.remoteSeq = initialSequence(c, false) + 1;
    m_pendingComments[conversationKey(c.session, c.peer)] << QCoreApplication::translate(
        "sockeye::PacketSynthesizer", "Already connected when the recording started");
}

bool PacketSynthesizer::tcpData(const Conversation &c, TcpState &state, const TrafficRecord &record,
                                const Sink &sink)
{
    const bool outbound = record.direction == Direction::Tx;
    quint32 &seq = outbound ? state.localSeq : state.remoteSeq;
    const quint32 ack = outbound ? state.remoteSeq : state.localSeq;
    const QByteArrayView bytes(record.bytes);
    for (qsizetype at = 0; at < bytes.size(); at += MaxSegment) {
        const QByteArrayView piece =
            bytes.sliced(at, qMin<qsizetype>(MaxSegment, bytes.size() - at));
        const bool last = at + piece.size() >= bytes.size();
        if (!emitTcp(c, outbound, seq, ack, quint8(Ack | (last ? Psh : 0)), piece,
                     record.timestampUs, sink))
            return false;
        seq += quint32(piece.size());
    }
    qint64 &unacked = outbound ? state.unackedLocal : state.unackedRemote;
    unacked += bytes.size();
    if (unacked >= AckEvery) {
        unacked = 0;
        const quint32 theirSeq = outbound ? state.remoteSeq : state.localSeq;
        return emitTcp(c, !outbound, theirSeq, seq, Ack, {}, record.timestampUs, sink);
    }
    return true;
}

bool PacketSynthesizer::tcpClose(const Conversation &c, TcpState &state,
                                 const TrafficRecord &record, const Sink &sink)
{
    state.closed = true;
    const qint64 ts = record.timestampUs;
    m_pendingComments[conversationKey(c.session, c.peer)] << record.text;
    if (record.kind == RecordKind::Reset)
        return emitTcp(c, false, state.remoteSeq, state.localSeq, Rst | Ack, {}, ts, sink);
    // The side that closed first sends FIN; the other answers with its own FIN, then the ACK.
    const bool first = record.kind == RecordKind::Closed;
    quint32 &firstSeq = first ? state.localSeq : state.remoteSeq;
    quint32 &otherSeq = first ? state.remoteSeq : state.localSeq;
    if (!emitTcp(c, first, firstSeq, otherSeq, Fin | Ack, {}, ts, sink))
        return false;
    ++firstSeq;
    if (!emitTcp(c, !first, otherSeq, firstSeq, Fin | Ack, {}, ts, sink))
        return false;
    ++otherSeq;
    return emitTcp(c, first, firstSeq, otherSeq, Ack, {}, ts, sink);
}

bool PacketSynthesizer::add(const Conversation &conversation, const TrafficRecord &record,
                            const Sink &sink)
{
    if (record.peer == NoPeer) {
        // Listening, stopped, errors of the session: a comment on its next packet.
        if (!record.text.isEmpty())
            m_pendingComments[conversationKey(record.session, NoPeer)] << record.text;
        return true;
    }
    Conversation c = conversation;
    normalizeAddresses(c);
    const PeerKey key = conversationKey(c.session, c.peer);

    if (c.transport == Transport::Udp) {
        if (!record.isData()) {
            if (!record.text.isEmpty())
                m_pendingComments[key] << record.text;
            return true;
        }
        const bool v6 = c.remoteAddress.protocol() == QAbstractSocket::IPv6Protocol;
        const int max = v6 ? MaxUdpPayloadIPv6 : MaxUdpPayloadIPv4;
        if (record.bytes.size() > max) {
            m_pendingComments[key]
                << QCoreApplication::translate("sockeye::PacketSynthesizer",
                                               "%1 bytes of this datagram were cut: a UDP datagram "
                                               "carries at most %2.")
                       .arg(record.bytes.size() - max)
                       .arg(max);
        }
        return emitUdp(
            c, record.direction == Direction::Tx,
            QByteArrayView(record.bytes).first(qMin<qsizetype>(record.bytes.size(), max)),
            record.timestampUs, sink);
    }

    TcpState &state = m_tcp[key];
    switch (record.kind) {
    case RecordKind::Accepted:
    case RecordKind::Connected:
        if (state.open) {
            m_pendingComments[key] << record.text;
            return true;
        }
        return handshake(c, state, record.timestampUs, record.text, sink);
    case RecordKind::Data:
        if (!state.open)
            joinMidStream(c, state);
        if (record.direction == Direction::None)
            return true;
        return tcpData(c, state, record, sink);
    case RecordKind::ClosedByPeer:
    case RecordKind::Closed:
    case RecordKind::Reset:
        if (state.closed) {
            m_pendingComments[key] << record.text;
            return true;
        }
        if (!state.open)
            joinMidStream(c, state);
        return tcpClose(c, state, record, sink);
    default:
        if (!record.text.isEmpty())
            m_pendingComments[key] << record.text;
        return true;
    }
}

} // namespace sockeye
