#pragma once

#include "packetsynthesizer.h"
#include "pcapngwriter.h"

#include <QHash>
#include <QSet>

class QIODevice;

namespace sockeye {

class ConversationTable;

/**
 * Traffic records into a pcapng stream: one interface per session (named `sockeye:ID:KIND`,
 * described by the session's name), the records' packets synthesized with real addresses from
 * a ConversationTable, inbound/outbound flags, and event sentences as packet comments.
 * Used by the Recorder (streaming to a file) and the Exporter.
 */
class CaptureWriter
{
public:
    /// Writes to `device`; both stay the caller's and must outlive the writer.
    CaptureWriter(QIODevice *device, const ConversationTable *table);

    /// Writes the section header; call once, first.
    bool begin(const QString &comment = {});
    /// Writes the packets of one record (none for most events).
    bool write(const TrafficRecord &record);

    [[nodiscard]] qint64 bytesWritten() const { return m_writer.bytesWritten(); }
    [[nodiscard]] quint64 packetsWritten() const { return m_packets; }
    [[nodiscard]] QString errorString() const { return m_writer.errorString(); }

    /// The interface name for a session, and back (0 when the name is not ours).
    [[nodiscard]] static QString interfaceName(SessionId id, SessionKind kind);
    [[nodiscard]] static SessionId sessionFromInterfaceName(const QString &name,
                                                            SessionKind *kind = nullptr);

private:
    int interfaceFor(SessionId session);
    Conversation conversationFor(const TrafficRecord &record);

    PcapngWriter m_writer;
    PacketSynthesizer m_synthesizer;
    const ConversationTable *m_table;
    QHash<SessionId, int> m_interfaces;
    QSet<PeerKey> m_unknownWarned;
    quint64 m_packets = 0;
};

} // namespace sockeye
