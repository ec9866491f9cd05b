#pragma once

#include "conversation.h"
#include "trafficrecord.h"

#include <QByteArray>
#include <QHash>
#include <QStringList>

#include <functional>

namespace sockeye {

/// One synthesized Ethernet frame.
struct SynthesizedPacket
{
    qint64 timestampUs = 0;
    QByteArray frame;
    bool outbound = false; ///< from our end
    QStringList comments;
};

/**
 * Turns traffic records into the Ethernet/IP/TCP or UDP frames that would have carried them,
 * so Wireshark can dissect a session: each TCP conversation opens with a three-way handshake
 * (from whoever connected) when its connect or accept is among the records; one that was open
 * before them (a recording started while a client was connected) starts mid-stream, without
 * a handshake, as a capture joined late would, so nothing claims it connected then. Data goes
 * in segments of at most MaxSegment bytes whose sequence
 * and acknowledgement numbers follow the bytes exchanged, and it ends with FIN or RST as the
 * close record says. UDP records become datagrams. IPv4 and IPv6 headers, IPv4 header and
 * TCP/UDP checksums are computed. Timestamps are the records'.
 *
 * Stateful per conversation; feed records in the order they happened.
 */
class PacketSynthesizer
{
public:
    using Sink = std::function<bool(const SynthesizedPacket &packet)>;

    /// The largest TCP payload per segment: a full 65535-byte IPv4 datagram.
    static constexpr int MaxSegment = 65495;
    /// TCP window scale shift announced in the SYNs.
    static constexpr int WindowShift = 7;

    /// Emits the packets for `record` of `conversation`. Events that put nothing on the wire
    /// (errors, info) become comments on the conversation's next packet. Returns false when the
    /// sink did.
    bool add(const Conversation &conversation, const TrafficRecord &record, const Sink &sink);

    /// The Internet checksum (RFC 1071) of `data`, continuing from a partial `sum`.
    [[nodiscard]] static quint16 internetChecksum(QByteArrayView data, quint32 sum = 0);
    /// Folds the sum of 16-bit words over `data` into `sum` (no complement).
    [[nodiscard]] static quint32 checksumAdd(QByteArrayView data, quint32 sum);

    /// The addresses a frame uses: IPv4-mapped IPv6 as IPv4, and an unspecified local address
    /// replaced (by the remote one for loopback, so the frame is plausible).
    static void normalizeAddresses(Conversation &conversation);

private:
    struct TcpState
    {
        bool open = false;
        bool closed = false;
        quint32 localSeq = 0;
        quint32 remoteSeq = 0;
        qint64 unackedLocal = 0;
        qint64 unackedRemote = 0;
    };

    enum Flag : quint8 { Fin = 0x01, Syn = 0x02, Rst = 0x04, Psh = 0x08, Ack = 0x10 };

    bool handshake(const Conversation &c, TcpState &state, qint64 ts, const QString &comment,
                   const Sink &sink);
    /// A connection open before the records: sequence numbers set, no packet sent.
    void joinMidStream(const Conversation &c, TcpState &state);
    bool tcpData(const Conversation &c, TcpState &state, const TrafficRecord &record,
                 const Sink &sink);
    bool tcpClose(const Conversation &c, TcpState &state, const TrafficRecord &record,
                  const Sink &sink);
    bool emitTcp(const Conversation &c, bool outbound, quint32 seq, quint32 ack, quint8 flags,
                 QByteArrayView payload, qint64 ts, const Sink &sink, bool synOptions = false);
    bool emitUdp(const Conversation &c, bool outbound, QByteArrayView payload, qint64 ts,
                 const Sink &sink);
    bool emitFrame(const Conversation &c, bool outbound, quint8 protocol,
                   const QByteArray &transport, qint64 ts, const Sink &sink);
    QStringList takeComments(const Conversation &c, const QString &extra = {});

    QHash<PeerKey, TcpState> m_tcp;
    QHash<PeerKey, QStringList> m_pendingComments;
    quint16 m_ipId = 1;
};

} // namespace sockeye
