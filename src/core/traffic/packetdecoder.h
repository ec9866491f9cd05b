#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QHostAddress>

namespace sockeye {

/// A captured packet decoded down to its transport: who sent it to whom, and what it carried.
struct DecodedPacket
{
    /// TCP header flags (the bits of `flags`). No `: quint8`: lupdate 6.4 loses track of the
    /// namespace after an enum with a base type, and files the decoder's strings wrongly.
    enum TcpFlag { Fin = 0x01, Syn = 0x02, Rst = 0x04, Psh = 0x08, Ack = 0x10 };

    bool tcp = false; ///< else UDP
    QHostAddress src;
    QHostAddress dst;
    quint16 srcPort = 0;
    quint16 dstPort = 0;
    quint32 seq = 0;  ///< TCP sequence number
    quint8 flags = 0; ///< TcpFlag bits
    QByteArray payload;
};

/**
 * Decodes one link-layer frame: Ethernet (with VLAN tags), raw IP, Linux cooked (SLL, SLL2) or
 * BSD loopback, then IPv4 or IPv6 (skipping extension headers), then TCP or UDP. Stateless:
 * reassembling TCP streams is the TcpReassembler's business.
 */
class PacketDecoder
{
    Q_DECLARE_TR_FUNCTIONS(sockeye::CaptureReader)

public:
    /// Fills `packet` from a frame of link type `linkType` (a LINKTYPE_* value). False for
    /// anything else than TCP or UDP over IP, or a frame too short for its headers; `warning`
    /// then says why when it is worth telling (an unknown link type, an IP fragment).
    [[nodiscard]] static bool decode(quint16 linkType, QByteArrayView frame, DecodedPacket &packet,
                                     QString *warning = nullptr);

private:
    static bool ipv4(const uchar *p, qsizetype n, DecodedPacket &pkt, QString *warning);
    static bool ipv6(const uchar *p, qsizetype n, DecodedPacket &pkt, QString *warning);
    static bool transport(quint8 protocol, const uchar *p, qsizetype n, DecodedPacket &pkt);
    [[nodiscard]] static QString fragmentWarning();
};

} // namespace sockeye
