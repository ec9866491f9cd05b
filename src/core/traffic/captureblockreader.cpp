#include "captureblockreader.h"

#include "capturewriter.h"

#include <QIODevice>
#include <QtEndian>

#include <cmath>

namespace sockeye {

namespace {
constexpr quint32 BlockSectionHeader = 0x0A0D0D0A;
constexpr quint32 BlockInterface = 1;
constexpr quint32 BlockPacketObsolete = 2;
constexpr quint32 BlockSimplePacket = 3;
constexpr quint32 BlockEnhancedPacket = 6;
constexpr quint32 MaxBlockLength = 256u * 1024 * 1024;
} // namespace

qint64 CaptureInterface::toUs(quint64 ts) const
{
    // A hostile file can hold any timestamp, resolution and offset: the result saturates at
    // about ±146,000 years rather than overflowing (undefined behaviour, wrong times).
    constexpr qint64 Limit = qint64(1) << 62;
    qint64 us = 0;
    if (pow2) {
        const long double exact =
            std::floor(static_cast<long double>(ts) * 1e6L / std::pow(2.0L, exponent));
        us = exact >= static_cast<long double>(Limit) ? Limit : qint64(exact);
    } else if (exponent == 6) {
        us = ts >= quint64(Limit) ? Limit : qint64(ts);
    } else if (exponent < 6) {
        const auto scale = quint64(std::pow(10.0, 6 - exponent));
        us = ts >= quint64(Limit) / scale ? Limit : qint64(ts * scale);
    } else if (exponent - 6 > 19) {
        // 10^20 does not fit the divisor (it became 0: a crash), and 2^64 such units are
        // still less than a µs.
        us = 0;
    } else {
        const quint64 whole = ts / quint64(std::pow(10.0L, exponent - 6));
        us = whole >= quint64(Limit) ? Limit : qint64(whole);
    }
    qint64 offsetUs = 0;
    if (__builtin_mul_overflow(offsetS, qint64(1000000), &offsetUs))
        offsetUs = offsetS < 0 ? -Limit : Limit;
    offsetUs = qBound(-Limit, offsetUs, Limit);
    return us + offsetUs; // both within ±2^62: no overflow
}

CaptureBlockReader::CaptureBlockReader(QIODevice *device, Warn warn)
    : m_device(device)
    , m_warn(std::move(warn))
{}

bool CaptureBlockReader::open()
{
    const QByteArray magic = m_device->peek(4);
    if (magic.size() < 4)
        return error(tr("The file is empty or too short to be a capture."));
    m_pcapng = qFromLittleEndian<quint32>(magic.constData()) == BlockSectionHeader;
    return true;
}

bool CaptureBlockReader::read(const FrameSink &sink)
{
    m_sink = &sink;
    const bool ok = m_pcapng ? readPcapng() : readPcap();
    m_sink = nullptr;
    return ok;
}

bool CaptureBlockReader::error(const QString &message)
{
    m_error = message;
    return false;
}

void CaptureBlockReader::truncated()
{
    m_warn(tr("The capture ends in the middle of a packet (was the recording cut off?); "
              "everything before that was read."));
}

void CaptureBlockReader::cutShort()
{
    m_warn(tr("Some packets were cut short by the capture's snapshot length; their missing "
              "bytes are missing from the streams."));
}

quint16 CaptureBlockReader::u16(const char *p) const
{
    return m_big ? qFromBigEndian<quint16>(p) : qFromLittleEndian<quint16>(p);
}

quint32 CaptureBlockReader::u32(const char *p) const
{
    return m_big ? qFromBigEndian<quint32>(p) : qFromLittleEndian<quint32>(p);
}

bool CaptureBlockReader::readFully(QByteArray &out, qint64 size)
{
    out = m_device->read(size);
    return out.size() == size;
}

void CaptureBlockReader::packet(const CaptureInterface &iface, qint64 timestampUs,
                                QByteArrayView frame, PacketDirection direction)
{
    if (!(*m_sink)(iface, timestampUs, frame, direction))
        m_stop = true;
}

// ---- pcapng ----

bool CaptureBlockReader::readPcapng()
{
    while (!m_stop) {
        QByteArray head = m_device->read(8);
        if (head.isEmpty())
            break;
        if (head.size() < 8) {
            truncated();
            break;
        }
        const quint32 rawType = qFromLittleEndian<quint32>(head.constData());
        if (rawType == BlockSectionHeader) {
            const QByteArray bom = m_device->read(4);
            if (bom.size() < 4) {
                truncated();
                break;
            }
            const quint32 le = qFromLittleEndian<quint32>(bom.constData());
            if (le == 0x1A2B3C4D)
                m_big = false;
            else if (le == 0x4D3C2B1A)
                m_big = true;
            else
                return error(tr("This is not a pcapng file: the byte-order magic is wrong."));
            const quint32 length = u32(head.constData() + 4);
            if (length < 28 || length % 4 != 0 || length > MaxBlockLength)
                return error(
                    tr("The capture is damaged: a section header has length %1.").arg(length));
            QByteArray body;
            if (!readFully(body, length - 12)) {
                truncated();
                break;
            }
            m_interfaces.clear(); // interface ids are numbered per section
            continue;
        }
        const quint32 type = u32(head.constData());
        const quint32 length = u32(head.constData() + 4);
        if (length < 12 || length % 4 != 0 || length > MaxBlockLength) {
            m_warn(tr("The capture is damaged at byte %1 (a block of length %2); reading "
                      "stopped there.")
                       .arg(m_device->pos() - 8)
                       .arg(length));
            break;
        }
        QByteArray body;
        if (!readFully(body, length - 8)) {
            truncated();
            break;
        }
        body.chop(4); // trailing length
        switch (type) {
        case BlockInterface:
            interfaceBlock(body);
            break;
        case BlockEnhancedPacket:
            enhancedPacket(body, false);
            break;
        case BlockPacketObsolete:
            enhancedPacket(body, true);
            break;
        case BlockSimplePacket:
            simplePacket(body);
            break;
        default:
            break; // statistics, name resolution, custom blocks...
        }
    }
    return true;
}

template<typename F>
void CaptureBlockReader::options(const QByteArray &body, qsizetype at, F &&onOption)
{
    while (at + 4 <= body.size()) {
        const quint16 code = u16(body.constData() + at);
        const quint16 len = u16(body.constData() + at + 2);
        at += 4;
        if (code == 0 || at + len > body.size())
            break;
        onOption(code, body.mid(at, len));
        at += (len + 3) & ~3;
    }
}

void CaptureBlockReader::interfaceBlock(const QByteArray &body)
{
    if (body.size() < 8)
        return;
    CaptureInterface iface;
    iface.linkType = u16(body.constData());
    QString name;
    options(body, 8, [&](quint16 code, const QByteArray &value) {
        if (code == 2) {
            name = QString::fromUtf8(value);
        } else if (code == 3) {
            iface.description = QString::fromUtf8(value);
        } else if (code == 9 && !value.isEmpty()) {
            const auto r = quint8(value.at(0));
            iface.pow2 = r & 0x80;
            iface.exponent = r & 0x7F;
        } else if (code == 14 && value.size() == 8) {
            iface.offsetS = m_big ? qFromBigEndian<qint64>(value.constData())
                                  : qFromLittleEndian<qint64>(value.constData());
        }
    });
    iface.sockeyeSession = CaptureWriter::sessionFromInterfaceName(name, &iface.kind);
    m_interfaces << iface;
}

void CaptureBlockReader::enhancedPacket(const QByteArray &body, bool obsolete)
{
    if (body.size() < 20)
        return;
    const char *p = body.constData();
    const quint32 ifid = obsolete ? u16(p) : u32(p);
    const quint64 ts = (quint64(u32(p + 4)) << 32) | u32(p + 8);
    const quint32 caplen = u32(p + 12);
    const quint32 origlen = u32(p + 16);
    if (ifid >= quint32(m_interfaces.size()) || 20 + qint64(caplen) > body.size()) {
        m_warn(tr("Some packets refer to an interface the capture does not describe; they "
                  "were skipped."));
        return;
    }
    PacketDirection dir = PacketDirection::Unknown;
    options(body, 20 + ((caplen + 3) & ~3u), [&](quint16 code, const QByteArray &value) {
        if (code == 2 && value.size() == 4) {
            const quint32 flags = u32(value.constData());
            dir = (flags & 3) == 1   ? PacketDirection::Inbound
                  : (flags & 3) == 2 ? PacketDirection::Outbound
                                     : dir;
        }
    });
    if (caplen < origlen)
        cutShort();
    const CaptureInterface &iface = m_interfaces.at(ifid);
    packet(iface, iface.toUs(ts), QByteArrayView(body).sliced(20, caplen), dir);
}

void CaptureBlockReader::simplePacket(const QByteArray &body)
{
    if (body.size() < 4 || m_interfaces.isEmpty())
        return;
    const quint32 origlen = u32(body.constData());
    const qsizetype caplen = qMin<qsizetype>(origlen, body.size() - 4);
    if (caplen < qsizetype(origlen))
        cutShort();
    // A simple packet block has no timestamp.
    packet(m_interfaces.constFirst(), 0, QByteArrayView(body).sliced(4, caplen),
           PacketDirection::Unknown);
}

// ---- classic pcap ----

bool CaptureBlockReader::readPcap()
{
    QByteArray header;
    if (!readFully(header, 24))
        return error(tr("The file is too short to be a capture."));
    const quint32 le = qFromLittleEndian<quint32>(header.constData());
    CaptureInterface iface;
    if (le == 0xA1B2C3D4 || le == 0xA1B23C4D) {
        m_big = false;
    } else if (le == 0xD4C3B2A1 || le == 0x4D3CB2A1) {
        m_big = true;
    } else {
        return error(tr("This is neither a pcapng nor a pcap file (it starts with %1).")
                         .arg(QString::fromLatin1(header.left(4).toHex(' '))));
    }
    const quint32 magic = u32(header.constData());
    iface.exponent = magic == 0xA1B23C4D ? 9 : 6;
    iface.linkType = quint16(u32(header.constData() + 20) & 0xFFFF);
    while (!m_stop) {
        QByteArray rec = m_device->read(16);
        if (rec.isEmpty())
            break;
        if (rec.size() < 16) {
            truncated();
            break;
        }
        const quint64 sec = u32(rec.constData());
        const quint64 frac = u32(rec.constData() + 4);
        const quint32 caplen = u32(rec.constData() + 8);
        const quint32 origlen = u32(rec.constData() + 12);
        if (caplen > MaxBlockLength) {
            m_warn(tr("The capture is damaged at byte %1; reading stopped there.")
                       .arg(m_device->pos() - 16));
            break;
        }
        QByteArray data;
        if (!readFully(data, caplen)) {
            truncated();
            break;
        }
        if (caplen < origlen)
            cutShort();
        const qint64 us =
            qint64(sec) * 1000000 + (iface.exponent == 9 ? qint64(frac / 1000) : qint64(frac));
        packet(iface, us, data, PacketDirection::Unknown);
    }
    return true;
}

} // namespace sockeye
