// Fuzzes the capture reader (pcapng and pcap, ours or Wireshark's): blocks, packet decoding
// and TCP reassembly. Whatever the bytes, no crash, and every record it hands over is whole.

#include "fuzzcheck.h"
#include "traffic/capturereader.h"

#include <QBuffer>

using namespace sockeye;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    CaptureReader reader;
    qint64 last = 0;
    (void)reader.read(&buffer, [&](const TrafficRecord &record) {
        SOCKEYE_FUZZ_CHECK(record.isData() || record.bytes.isEmpty(), "events carry no bytes");
        last = record.timestampUs;
        return true;
    });
    (void)last;
    return 0;
}
