#pragma once

#include "pcapngwriter.h"
#include "session/sessionconfig.h"
#include "trafficrecord.h"

#include <QByteArrayView>
#include <QCoreApplication>
#include <QList>
#include <QString>

#include <functional>

class QIODevice;

namespace sockeye {

/// An interface a capture describes: how to read its packets and their timestamps, and, in a
/// capture Sockeye wrote, which session recorded on it.
struct CaptureInterface
{
    quint16 linkType = PcapngWriter::LinkTypeEthernet;
    bool pow2 = false;            ///< if_tsresol counts in powers of two, not of ten
    int exponent = 6;             ///< if_tsresol: 6 is µs, 9 is ns
    qint64 offsetS = 0;           ///< if_tsoffset, in seconds
    SessionId sockeyeSession = 0; ///< from the name `sockeye:ID:KIND`; 0: not ours
    SessionKind kind = SessionKind::TcpServer;
    QString description; ///< the session's name in our captures

    /// A timestamp in this interface's units as µs since the epoch.
    [[nodiscard]] qint64 toUs(quint64 timestamp) const;
};

/**
 * Reads the framing of a packet capture: pcapng blocks (sections in either byte order,
 * interface descriptions with their timestamp resolution and offset, enhanced, simple and
 * obsolete packet blocks with their direction flags) or classic pcap records (either byte
 * order, µs or ns). Hands over each packet's link-layer frame; what the frame holds is the
 * PacketDecoder's business.
 *
 * A file that ends mid-block, or is damaged, is read up to there and a warning says so.
 */
class CaptureBlockReader
{
    Q_DECLARE_TR_FUNCTIONS(sockeye::CaptureReader)

public:
    using PacketDirection = PcapngWriter::PacketDirection;
    /// One packet: false stops the reading before the next block.
    using FrameSink = std::function<bool(const CaptureInterface &iface, qint64 timestampUs,
                                         QByteArrayView frame, PacketDirection direction)>;
    using Warn = std::function<void(const QString &message)>;

    /// Reads from `device`, which stays the caller's and must outlive the reader.
    CaptureBlockReader(QIODevice *device, Warn warn);

    /// Tells pcapng from pcap by the first four bytes. False when there are not four.
    bool open();
    /// Reads every block after open(). False when the file is not a capture after all.
    bool read(const FrameSink &sink);

    [[nodiscard]] QString errorString() const { return m_error; }

private:
    bool error(const QString &message);
    void truncated();
    void cutShort();
    [[nodiscard]] quint16 u16(const char *p) const;
    [[nodiscard]] quint32 u32(const char *p) const;
    bool readFully(QByteArray &out, qint64 size);

    bool readPcapng();
    template<typename F> void options(const QByteArray &body, qsizetype at, F &&onOption);
    void interfaceBlock(const QByteArray &body);
    void enhancedPacket(const QByteArray &body, bool obsolete);
    void simplePacket(const QByteArray &body);
    bool readPcap();
    void packet(const CaptureInterface &iface, qint64 timestampUs, QByteArrayView frame,
                PacketDirection direction);

    QIODevice *m_device;
    Warn m_warn;
    const FrameSink *m_sink = nullptr;
    QString m_error;
    bool m_pcapng = false;
    bool m_big = false;
    bool m_stop = false;
    QList<CaptureInterface> m_interfaces;
};

} // namespace sockeye
