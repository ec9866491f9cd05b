#include "pcapngwriter.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QtEndian>

#include <cstring>

namespace sockeye {

namespace {
constexpr quint32 BlockSectionHeader = 0x0A0D0D0A;
constexpr quint32 BlockInterface = 0x00000001;
constexpr quint32 BlockEnhancedPacket = 0x00000006;
constexpr quint32 ByteOrderMagic = 0x1A2B3C4D;

constexpr quint16 OptEnd = 0;
constexpr quint16 OptComment = 1;
constexpr quint16 OptShbOs = 3;
constexpr quint16 OptShbUserAppl = 4;
constexpr quint16 OptIfName = 2;
constexpr quint16 OptIfDescription = 3;
constexpr quint16 OptEpbFlags = 2;

template<typename T> void put(QByteArray &out, T value)
{
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T)); // host order, as the byte-order magic says
    out.append(bytes, qsizetype(sizeof(T)));
}

void pad(QByteArray &out)
{
    while (out.size() % 4 != 0)
        out.append('\0');
}

void putOption(QByteArray &out, quint16 code, const QByteArray &value)
{
    // An option value is at most 65535 bytes; longer comments are cut.
    const QByteArray v = value.left(0xFFFF);
    put<quint16>(out, code);
    put<quint16>(out, quint16(v.size()));
    out += v;
    pad(out);
}

void putTextOption(QByteArray &out, quint16 code, const QString &text)
{
    if (!text.isEmpty())
        putOption(out, code, text.toUtf8());
}

void endOptions(QByteArray &out, bool any)
{
    if (!any)
        return; // no options at all: the end-of-options marker may be left out
    put<quint16>(out, OptEnd);
    put<quint16>(out, 0);
}
} // namespace

PcapngWriter::PcapngWriter(QIODevice *device)
    : m_device(device)
{}

bool PcapngWriter::writeBlock(quint32 type, const QByteArray &body)
{
    Q_ASSERT(body.size() % 4 == 0);
    const quint32 total = quint32(body.size() + 12);
    QByteArray block;
    block.reserve(qsizetype(total));
    put<quint32>(block, type);
    put<quint32>(block, total);
    block += body;
    put<quint32>(block, total);
    if (m_device->write(block) != block.size()) {
        m_error = QCoreApplication::translate("sockeye::PcapngWriter", "Cannot write %1: %2")
                      .arg(QStringLiteral("pcapng"), m_device->errorString());
        return false;
    }
    m_bytesWritten += block.size();
    return true;
}

bool PcapngWriter::writeSectionHeader(const QString &application, const QString &comment)
{
    QByteArray body;
    put<quint32>(body, ByteOrderMagic);
    put<quint16>(body, 1); // major version
    put<quint16>(body, 0); // minor version
    put<qint64>(body, -1); // section length: not known while streaming
    putTextOption(body, OptComment, comment);
#if defined(Q_OS_LINUX)
    putTextOption(body, OptShbOs, QStringLiteral("Linux"));
#endif
    putTextOption(body, OptShbUserAppl, application);
    endOptions(body, true);
    return writeBlock(BlockSectionHeader, body);
}

int PcapngWriter::addInterface(quint16 linkType, const QString &name, const QString &description,
                               const QString &comment, quint32 snapLength)
{
    QByteArray body;
    put<quint16>(body, linkType);
    put<quint16>(body, 0); // reserved
    put<quint32>(body, snapLength);
    putTextOption(body, OptComment, comment);
    putTextOption(body, OptIfName, name);
    putTextOption(body, OptIfDescription, description);
    endOptions(body, !comment.isEmpty() || !name.isEmpty() || !description.isEmpty());
    if (!writeBlock(BlockInterface, body))
        return -1;
    return m_interfaces++;
}

bool PcapngWriter::writePacket(int interfaceId, qint64 timestampUs, const QByteArray &data,
                               PacketDirection direction, const QStringList &comments)
{
    QByteArray body;
    body.reserve(data.size() + 64);
    const quint64 ts = quint64(timestampUs);
    put<quint32>(body, quint32(interfaceId));
    put<quint32>(body, quint32(ts >> 32));
    put<quint32>(body, quint32(ts & 0xFFFFFFFFu));
    put<quint32>(body, quint32(data.size())); // captured
    put<quint32>(body, quint32(data.size())); // original
    body += data;
    pad(body);
    for (const QString &comment : comments)
        putTextOption(body, OptComment, comment);
    if (direction != PacketDirection::Unknown) {
        QByteArray flags;
        put<quint32>(flags, direction == PacketDirection::Inbound ? 1u : 2u);
        putOption(body, OptEpbFlags, flags);
    }
    endOptions(body, !comments.isEmpty() || direction != PacketDirection::Unknown);
    return writeBlock(BlockEnhancedPacket, body);
}

} // namespace sockeye
