#pragma once

#include "conversationtable.h"
#include "trafficrecord.h"

#include <QList>
#include <QObject>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>

class QIODevice;

namespace sockeye {

class TrafficLog;

/**
 * Opens a packet capture (pcapng or classic pcap, either byte order, µs or ns; ours or
 * Wireshark's) as traffic records: each TCP connection's payload reassembled per direction in
 * sequence-number order (retransmitted and overlapping segments are taken once, out-of-order
 * ones wait for the gap to fill), plus its open and close as events; each UDP datagram one
 * record. Link types: Ethernet (with VLAN tags), raw IP, Linux cooked (SLL, SLL2), BSD loopback.
 *
 * Which end is "ours" (Tx) comes from the packets' direction flags when present (captures
 * written by Sockeye have them, and name each session's interface); otherwise the end that
 * received the SYN, or for UDP the lower port, is taken as ours. Sessions are grouped by that
 * end (or by Sockeye interface), peers by the other end (and a new SYN starts a new peer).
 *
 * Streams: read(path, sink) hands each record over as soon as it is complete, so a file larger
 * than memory can be exported; read(path) keeps them all in records().
 *
 * This class drives the reading (progress, cancel, warnings): CaptureBlockReader reads the
 * file's blocks, PacketDecoder each packet's headers, TcpReassembler makes the records.
 */
class CaptureReader : public QObject
{
    Q_OBJECT
public:
    using Sink = std::function<bool(const TrafficRecord &record)>;

    explicit CaptureReader(QObject *parent = nullptr);
    ~CaptureReader() override;

    /// Reads the whole capture into records(). False on an unreadable file or cancel; a file
    /// that ends mid-block (a recording that was killed) is read up to there with a warning.
    bool read(const QString &path);
    /// Hands each record to `sink` in order; a sink returning false stops the reading.
    bool read(const QString &path, const Sink &sink);
    bool read(QIODevice *device, const Sink &sink);

    [[nodiscard]] const QList<TrafficRecord> &records() const { return m_records; }
    /// The sessions and peers found (filled while reading, before a peer's first record).
    [[nodiscard]] const ConversationTable *conversations() const { return m_table; }
    [[nodiscard]] ConversationTable *conversations() { return m_table; }
    /// Things worth knowing that did not stop the reading (gaps, fragments, unknown links).
    [[nodiscard]] QStringList warnings() const { return m_warnings; }
    [[nodiscard]] QString errorString() const { return m_error; }
    [[nodiscard]] quint64 packetsRead() const { return m_packets; }

    /// Appends records() to a log (which assigns new sequence numbers; timestamps are kept).
    void appendTo(TrafficLog *log) const;

    /// Stops a running read at the next packet (thread-safe).
    void cancel() { m_cancel.store(true); }

signals:
    void progress(qint64 bytesRead, qint64 totalBytes);

private:
    ConversationTable *m_table;
    QList<TrafficRecord> m_records;
    QStringList m_warnings;
    QString m_error;
    quint64 m_packets = 0;
    std::atomic<bool> m_cancel{false};
};

} // namespace sockeye
