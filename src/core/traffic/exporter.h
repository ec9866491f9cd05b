#pragma once

#include "trafficrecord.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>

class QSaveFile;

namespace sockeye {

class CaptureWriter;
class ConversationTable;
class TrafficLog;

/**
 * Saves traffic records to a file: all of them, those a filter keeps, or a selection.
 *
 * Formats: a text log (time, session, peer, direction, length, the data as text with escapes),
 * the same with hex, a hex dump, CSV (time, session, peer, direction, length, hex, event) and
 * pcapng for Wireshark (see CaptureWriter); raw writes the bytes exactly, either all kept data
 * in one file (filter to one peer and direction first) or one file per peer and direction.
 *
 * Files are written through QSaveFile: a cancelled or failed export leaves any earlier file
 * as it was. Long exports report progress() and stop at cancel(), which is thread-safe (an
 * Exporter may run in a worker thread). Either call exportRecords()/exportLog()/exportCapture(),
 * or stream with begin(), write() and commit().
 */
class Exporter : public QObject
{
    Q_OBJECT
public:
    enum class Format { Text, Hex, HexDump, Csv, Raw, Pcapng };
    Q_ENUM(Format)
    enum class RawLayout {
        OneFile,         ///< every kept data record's bytes, in order, in one file
        PerPeerDirection ///< OUT-s1-p2-rx.bin... next to OUT, one per session, peer and direction
    };
    using Filter = std::function<bool(const TrafficRecord &)>;

    /// `conversations` names sessions and peers (and gives pcapng its addresses); may be null.
    explicit Exporter(const ConversationTable *conversations, QObject *parent = nullptr);
    ~Exporter() override;

    void setFormat(Format format) { m_format = format; }
    [[nodiscard]] Format format() const { return m_format; }
    /// The text encoding of the text format (see TextCodec); UTF-8 by default.
    void setEncoding(const QString &encoding) { m_encoding = encoding; }
    void setRawLayout(RawLayout layout) { m_rawLayout = layout; }
    /// Keeps only records the filter accepts (empty: all).
    void setFilter(Filter filter) { m_filter = std::move(filter); }
    /// Whether events (connected, closed...) go into text, hex, dump and CSV. Default: yes.
    void setIncludeEvents(bool include) { m_includeEvents = include; }

    /// A filter for one session, peer (NoPeer: any) and direction (None: both).
    [[nodiscard]] static Filter only(SessionId session, PeerId peer = NoPeer,
                                     Direction direction = Direction::None);
    /// "text", "hex", "dump", "csv", "raw", "pcapng".
    [[nodiscard]] static std::optional<Format> formatFromName(QStringView name);
    [[nodiscard]] static QString formatName(Format format);
    /// The usual file suffix ("txt", "csv", "pcapng"...).
    [[nodiscard]] static QString suffix(Format format);
    /// One record as the text format writes it, UTF-8, ending in '\n':
    /// `2026-12-02T13:10:01.123456Z [session] peer RX 5: temp=21.5\r\n` (an event: `... kind:
    /// text`). Received-data logs (ReceiveFile) write the same lines.
    [[nodiscard]] static QByteArray textLine(const TrafficRecord &record, const QString &session,
                                             const QString &peer, const QString &encoding);

    /// Exports the records the filter keeps; false on failure or cancel (see errorString()).
    bool exportRecords(const QList<TrafficRecord> &records, const QString &path);
    /// Exports the log's stored records with sequence in [first, last] (defaults: all).
    bool exportLog(const TrafficLog &log, const QString &path, quint64 first = 0,
                   quint64 last = ~quint64(0));
    /// Reads a pcapng or pcap capture (see CaptureReader) and exports it, streaming, so a
    /// recording larger than memory can be exported. Its sessions and peers name the records.
    bool exportCapture(const QString &capturePath, const QString &path);

    bool begin(const QString &path);
    bool write(const TrafficRecord &record);
    /// Moves the finished file(s) into place.
    bool commit();
    /// Drops what begin() started; earlier files stay as they were.
    void abort();

    /// Stops a running export at the next record (thread-safe).
    void cancel() { m_cancel.store(true); }
    [[nodiscard]] bool wasCanceled() const { return m_canceled; }
    [[nodiscard]] QString errorString() const { return m_error; }
    /// The files the last commit() wrote.
    [[nodiscard]] QStringList writtenFiles() const { return m_written; }
    [[nodiscard]] quint64 recordsWritten() const { return m_count; }
    /// What exportCapture()'s reading noticed (gaps, skipped packets...).
    [[nodiscard]] QStringList warnings() const { return m_warnings; }

signals:
    /// `done` of `total` records (or bytes of a capture) are handled.
    void progress(qint64 done, qint64 total);

private:
    bool fail(const QString &message);
    bool writeTo(QSaveFile *file, const QByteArray &bytes);
    QByteArray line(const TrafficRecord &record) const;
    QByteArray csvLine(const TrafficRecord &record) const;
    QString header(const TrafficRecord &record) const;
    static QString headerText(const TrafficRecord &record, const QString &session,
                              const QString &peer);
    QSaveFile *rawFileFor(const TrafficRecord &record);
    bool checkCancel();

    const ConversationTable *m_conversations;
    const ConversationTable *m_activeTable = nullptr;
    Format m_format = Format::Text;
    RawLayout m_rawLayout = RawLayout::OneFile;
    QString m_encoding = QStringLiteral("UTF-8");
    Filter m_filter;
    bool m_includeEvents = true;

    QString m_path;
    std::unique_ptr<QSaveFile> m_file;
    std::unique_ptr<CaptureWriter> m_capture;
    std::map<QString, std::unique_ptr<QSaveFile>> m_rawFiles;
    QStringList m_written;
    QStringList m_warnings;
    QString m_error;
    quint64 m_count = 0;
    std::atomic<bool> m_cancel{false};
    bool m_canceled = false;
};

} // namespace sockeye
