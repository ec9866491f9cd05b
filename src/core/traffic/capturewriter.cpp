#include "capturewriter.h"

#include "conversationtable.h"

#include <QCoreApplication>

namespace sockeye {

CaptureWriter::CaptureWriter(QIODevice *device, const ConversationTable *table)
    : m_writer(device)
    , m_table(table)
{}

QString CaptureWriter::interfaceName(SessionId id, SessionKind kind)
{
    return QStringLiteral("sockeye:%1:%2").arg(id).arg(sessionKindName(kind));
}

SessionId CaptureWriter::sessionFromInterfaceName(const QString &name, SessionKind *kind)
{
    const QStringList parts = name.split(QLatin1Char(':'));
    if (parts.size() != 3 || parts.at(0) != QLatin1String("sockeye"))
        return 0;
    bool ok = false;
    const SessionId id = parts.at(1).toUInt(&ok);
    const auto k = sessionKindFromName(parts.at(2));
    if (!ok || !k)
        return 0;
    if (kind)
        *kind = *k;
    return id;
}

bool CaptureWriter::begin(const QString &comment)
{
    return m_writer.writeSectionHeader(
        QStringLiteral("Sockeye %1").arg(QStringLiteral(SOCKEYE_VERSION)), comment);
}

int CaptureWriter::interfaceFor(SessionId session)
{
    const auto it = m_interfaces.constFind(session);
    if (it != m_interfaces.constEnd())
        return it.value();
    const auto info = m_table ? m_table->session(session) : std::nullopt;
    const SessionKind kind = info ? info->kind : SessionKind::TcpServer;
    const QString name =
        m_table ? m_table->sessionName(session)
                : QCoreApplication::translate("sockeye::CaptureWriter", "Session %1").arg(session);
    const int id = m_writer.addInterface(
        PcapngWriter::LinkTypeEthernet, interfaceName(session, kind), name,
        QCoreApplication::translate("sockeye::CaptureWriter", "Sockeye session %1: %2")
            .arg(session)
            .arg(name));
    if (id >= 0)
        m_interfaces.insert(session, id);
    return id;
}

Conversation CaptureWriter::conversationFor(const TrafficRecord &record)
{
    if (m_table) {
        if (const auto c = m_table->find(record.session, record.peer))
            return *c;
    }
    // Unknown addresses (the table started after the peer left): documentation addresses, so
    // the conversation still reads as one stream.
    Conversation c;
    c.session = record.session;
    c.peer = record.peer;
    const auto info = m_table ? m_table->session(record.session) : std::nullopt;
    if (info) {
        c.transport = info->transport();
        c.weOpened = info->kind == SessionKind::TcpClient;
    }
    c.localAddress = QHostAddress(QStringLiteral("192.0.2.1"));
    c.localPort = quint16(1024 + record.session % 60000);
    c.remoteAddress = QHostAddress(QStringLiteral("192.0.2.2"));
    c.remotePort = quint16(10000 + record.peer % 50000);
    return c;
}

bool CaptureWriter::write(const TrafficRecord &record)
{
    Conversation c;
    if (record.peer != NoPeer) {
        c = conversationFor(record);
        const PeerKey key = record.peerKey();
        if (c.remoteAddress == QHostAddress(QStringLiteral("192.0.2.2")) &&
            !m_unknownWarned.contains(key)) {
            m_unknownWarned.insert(key);
            TrafficRecord note;
            note.session = record.session;
            note.peer = record.peer;
            note.kind = RecordKind::Info;
            note.text = QCoreApplication::translate("sockeye::CaptureWriter",
                                                    "The addresses of this peer are unknown; "
                                                    "192.0.2.1 and 192.0.2.2 stand in for them.");
            (void)m_synthesizer.add(c, note, [](const SynthesizedPacket &) { return true; });
        }
    }
    bool ok = true;
    const bool sent = m_synthesizer.add(c, record, [&](const SynthesizedPacket &packet) {
        const int iface = interfaceFor(record.session);
        if (iface < 0) {
            ok = false;
            return false;
        }
        ++m_packets;
        ok = m_writer.writePacket(iface, packet.timestampUs, packet.frame,
                                  packet.outbound ? PcapngWriter::PacketDirection::Outbound
                                                  : PcapngWriter::PacketDirection::Inbound,
                                  packet.comments);
        return ok;
    });
    return sent && ok;
}

} // namespace sockeye
