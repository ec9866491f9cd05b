#include "packetdecoder.h"

#include <QtEndian>

namespace sockeye {

namespace {
quint16 be16(const uchar *p)
{
    return qFromBigEndian<quint16>(p);
}

quint32 be32(const uchar *p)
{
    return qFromBigEndian<quint32>(p);
}

void setWarning(QString *warning, const QString &text)
{
    if (warning)
        *warning = text;
}
} // namespace

bool PacketDecoder::decode(quint16 linkType, QByteArrayView frame, DecodedPacket &pkt,
                           QString *warning)
{
    const auto *p = reinterpret_cast<const uchar *>(frame.data());
    qsizetype n = frame.size();
    qsizetype at = 0;
    int etherType = -1; // -1: look at the IP version nibble
    switch (linkType) {
    case 1: { // Ethernet
        if (n < 14)
            return false;
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
            return false;
        etherType = be16(p + 14);
        at = 16;
        break;
    case 276: // Linux cooked v2
        if (n < 20)
            return false;
        etherType = be16(p);
        at = 20;
        break;
    default:
        setWarning(
            warning,
            tr("Packets of link type %1 are not understood and were skipped.").arg(linkType));
        return false;
    }
    if (at >= n)
        return false;
    if (etherType == -1)
        etherType = (p[at] >> 4) == 6 ? 0x86DD : 0x0800;
    if (etherType == 0x0800)
        return ipv4(p + at, n - at, pkt, warning);
    if (etherType == 0x86DD)
        return ipv6(p + at, n - at, pkt, warning);
    return false; // ARP and friends
}

QString PacketDecoder::fragmentWarning()
{
    return tr("Fragmented IP datagrams are not reassembled; they were skipped.");
}

bool PacketDecoder::ipv4(const uchar *p, qsizetype n, DecodedPacket &pkt, QString *warning)
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
        setWarning(warning, fragmentWarning());
        return false;
    }
    pkt.src = QHostAddress(be32(p + 12));
    pkt.dst = QHostAddress(be32(p + 16));
    return transport(p[9], p + ihl, total - ihl, pkt);
}

bool PacketDecoder::ipv6(const uchar *p, qsizetype n, DecodedPacket &pkt, QString *warning)
{
    if (n < 40 || (p[0] >> 4) != 6)
        return false;
    qsizetype end = qMin<qsizetype>(40 + be16(p + 4), n);
    pkt.src = QHostAddress(p + 8);
    pkt.dst = QHostAddress(p + 24);
    quint8 next = p[6];
    qsizetype at = 40;
    // Hop-by-hop, routing and destination options: skipped; a fragment header: not reassembled.
    while (next == 0 || next == 43 || next == 60 || next == 44) {
        if (next == 44) {
            setWarning(warning, fragmentWarning());
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

bool PacketDecoder::transport(quint8 protocol, const uchar *p, qsizetype n, DecodedPacket &pkt)
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

} // namespace sockeye
