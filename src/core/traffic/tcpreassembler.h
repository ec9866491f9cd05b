#pragma once

#include "captureblockreader.h"
#include "packetdecoder.h"
#include "trafficrecord.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

#include <functional>
#include <map>
#include <memory>

namespace sockeye {

class ConversationTable;

/**
 * Turns decoded packets, in capture order, into traffic records: each TCP connection's payload
 * per direction in sequence-number order (retransmitted and overlapping segments are taken
 * once, out-of-order ones wait for the gap to fill, at most MaxPending bytes), plus its open
 * and close as events; each UDP datagram one record.
 *
 * A flow is a pair of endpoints (per Sockeye interface: both ends of a loopback connection may
 * be recorded, each by its own session). Which end is ours (Tx) comes from the packet's
 * direction when known, else from the SYN, else the lower port. Sessions are grouped by that
 * end (or by Sockeye interface) and written to the ConversationTable with each peer's
 * addresses before its first record; a SYN after a flow ended starts a new peer.
 */
class TcpReassembler
{
    Q_DECLARE_TR_FUNCTIONS(sockeye::CaptureReader)

public:
    using Sink = std::function<bool(const TrafficRecord &record)>;
    using Warn = std::function<void(const QString &message)>;
    using PacketDirection = PcapngWriter::PacketDirection;

    /// The largest record; a longer run of bytes without a push is cut there.
    static constexpr qsizetype MaxChunk = 64 * 1024 * 1024;
    /// Out-of-order bytes kept per direction; beyond, the first gap is given up.
    static constexpr qint64 MaxPending = qint64(256) * 1024 * 1024;

    /// Hands records to `sink` (false: stop()) and fills `table`, which stays the caller's.
    TcpReassembler(ConversationTable *table, Sink sink, Warn warn);
    ~TcpReassembler();

    /// One packet captured on `iface` at `timestampUs`.
    void add(const CaptureInterface &iface, qint64 timestampUs, const DecodedPacket &packet,
             PacketDirection direction = PacketDirection::Unknown);
    /// Ends every flow: bytes waiting behind a gap and partial chunks are handed over.
    void finish();

    /// Records from now on are numbered but not handed over.
    void stop() { m_stop = true; }
    [[nodiscard]] bool stopped() const { return m_stop; }

private:
    struct Segment
    {
        QByteArray bytes;
        bool psh = false;
        qint64 ts = 0;
    };

    /// One direction of a flow.
    struct Side
    {
        bool haveBase = false;
        quint32 nextSeq = 0;
        qint64 next = 0; ///< stream offset of nextSeq
        std::map<qint64, Segment> pending;
        qint64 pendingBytes = 0;
        QByteArray chunk; ///< delivered bytes not yet a record (waiting for a push)
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
        Side side[2]; ///< 0: from our end (Tx), 1: from the peer (Rx)
        bool announced = false;
        bool closeReported = false;
        bool finished = false;
    };

    SessionId sessionFor(const CaptureInterface &iface, bool tcp, bool localOpened,
                         const QHostAddress &local, quint16 localPort);
    Flow *flowFor(const CaptureInterface &iface, qint64 ts, const DecodedPacket &pkt,
                  PacketDirection dir);
    void emitRecord(TrafficRecord record);
    void event(const Flow &flow, RecordKind kind, qint64 ts, const QString &text);
    void flushChunk(Flow &flow, int s);
    void deliver(Flow &flow, int s, const QByteArray &bytes, bool psh, qint64 ts);
    void drain(Flow &flow, int s);
    void skipGap(Flow &flow, int s);
    void tcpData(Flow &flow, int s, quint32 seq, const QByteArray &payload, bool psh, qint64 ts);
    void close(Flow &flow, int s, RecordKind fromPeer, qint64 ts);
    void finishFlow(Flow &flow);

    ConversationTable *m_table;
    Sink m_sink;
    Warn m_warn;
    bool m_stop = false;
    quint64 m_sequence = 0;
    std::map<QString, std::unique_ptr<Flow>> m_flows;
    QHash<QString, SessionId> m_sessionByKey;
    QSet<SessionId> m_usedIds;
    QHash<SessionId, PeerId> m_nextPeer;
};

} // namespace sockeye
