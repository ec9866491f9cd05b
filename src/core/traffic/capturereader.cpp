#include "capturereader.h"

#include "captureblockreader.h"
#include "packetdecoder.h"
#include "tcpreassembler.h"
#include "trafficlog.h"

#include <QFile>

namespace sockeye {

namespace {
// Progress is reported every this many packets, and once at the end.
constexpr int ProgressEvery = 1024;
} // namespace

CaptureReader::CaptureReader(QObject *parent)
    : QObject(parent)
    , m_table(new ConversationTable(this))
{}

CaptureReader::~CaptureReader() = default;

bool CaptureReader::read(const QString &path)
{
    m_records.clear();
    return read(path, [this](const TrafficRecord &record) {
        m_records << record;
        return true;
    });
}

bool CaptureReader::read(const QString &path, const Sink &sink)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_error = tr("Cannot open %1: %2.").arg(path, file.errorString());
        return false;
    }
    return read(&file, sink);
}

bool CaptureReader::read(QIODevice *device, const Sink &sink)
{
    m_table->clear();
    m_warnings.clear();
    m_error.clear();
    m_packets = 0;
    m_cancel.store(false);

    // Blocks, packets and streams all warn here; each warning is listed once.
    const auto warn = [this](const QString &message) {
        if (!m_warnings.contains(message))
            m_warnings << message;
    };
    const qint64 total = device->size();
    CaptureBlockReader blocks(device, warn);
    if (!blocks.open()) {
        m_error = blocks.errorString();
        return false;
    }
    TcpReassembler reassembler(m_table, sink, warn);
    int sinceProgress = 0;
    const bool ok =
        blocks.read([&](const CaptureInterface &iface, qint64 timestampUs, QByteArrayView frame,
                        CaptureBlockReader::PacketDirection direction) {
            ++m_packets;
            if (++sinceProgress >= ProgressEvery) {
                sinceProgress = 0;
                emit progress(device->pos(), total);
            }
            if (m_cancel.load())
                reassembler.stop(); // this packet still counts, so the flows stay consistent
            DecodedPacket packet;
            QString warning;
            if (PacketDecoder::decode(iface.linkType, frame, packet, &warning))
                reassembler.add(iface, timestampUs, packet, direction);
            else if (!warning.isEmpty())
                warn(warning);
            return !reassembler.stopped();
        });
    m_error = blocks.errorString();
    // Whether the reading stopped, not whether the sink refuses what the end flushes.
    const bool stopped = reassembler.stopped();
    reassembler.finish();
    emit progress(device->pos(), total);
    if (stopped && m_cancel.load()) {
        m_error = tr("Reading was cancelled.");
        return false;
    }
    return ok;
}

void CaptureReader::appendTo(TrafficLog *log) const
{
    for (const TrafficRecord &record : m_records)
        log->append(record);
}

} // namespace sockeye
