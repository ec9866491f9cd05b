#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

class QIODevice;

namespace sockeye {

/**
 * Writes pcapng blocks (section header, interface descriptions, enhanced packets) to a device,
 * one block at a time, so a capture can grow while it is written. Host byte order, timestamps
 * in microseconds (the default if_tsresol). See the pcapng specification (IETF draft
 * "PCAP Next Generation Dump File Format") for the layouts.
 */
class PcapngWriter
{
public:
    /// Link types used here (LINKTYPE_* values).
    static constexpr quint16 LinkTypeEthernet = 1;
    static constexpr quint16 LinkTypeRaw = 101;
    static constexpr quint32 DefaultSnapLength = 262144;

    enum class PacketDirection { Unknown, Inbound, Outbound };

    /// Writes to `device`, which stays the caller's.
    explicit PcapngWriter(QIODevice *device);

    /// Starts a section; every other block follows one.
    bool writeSectionHeader(const QString &application, const QString &comment = {});
    /// Describes an interface and returns its id (0, 1, ...), or -1 when writing failed.
    int addInterface(quint16 linkType, const QString &name, const QString &description = {},
                     const QString &comment = {}, quint32 snapLength = DefaultSnapLength);
    /// One packet of an interface, with its direction (epb_flags) and comments (opt_comment).
    bool writePacket(int interfaceId, qint64 timestampUs, const QByteArray &data,
                     PacketDirection direction = PacketDirection::Unknown,
                     const QStringList &comments = {});

    [[nodiscard]] int interfaceCount() const { return m_interfaces; }
    [[nodiscard]] qint64 bytesWritten() const { return m_bytesWritten; }
    [[nodiscard]] QString errorString() const { return m_error; }

private:
    bool writeBlock(quint32 type, const QByteArray &body);

    QIODevice *m_device;
    int m_interfaces = 0;
    qint64 m_bytesWritten = 0;
    QString m_error;
};

} // namespace sockeye
