#include "exporter.h"

#include "capturereader.h"
#include "capturewriter.h"
#include "conversationtable.h"
#include "displayformat.h"
#include "trafficlog.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>

namespace sockeye {

namespace {
constexpr int ProgressEvery = 256;

QString timeText(qint64 us)
{
    const qint64 secs = us >= 0 ? us / 1000000 : (us - 999999) / 1000000;
    const qint64 frac = us - secs * 1000000;
    return QDateTime::fromSecsSinceEpoch(secs, Qt::UTC)
               .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) +
           QStringLiteral(".%1Z").arg(frac, 6, 10, QLatin1Char('0'));
}

QString directionText(const TrafficRecord &record)
{
    switch (record.direction) {
    case Direction::Rx:
        return QStringLiteral("RX");
    case Direction::Tx:
        return QStringLiteral("TX");
    case Direction::None:
        break;
    }
    return QStringLiteral("--");
}

QByteArray csvField(const QString &text)
{
    QByteArray out = text.toUtf8();
    if (out.contains(',') || out.contains('"') || out.contains('\n') || out.contains('\r')) {
        out.replace("\"", "\"\"");
        out = '"' + out + '"';
    }
    return out;
}
} // namespace

Exporter::Exporter(const ConversationTable *conversations, QObject *parent)
    : QObject(parent)
    , m_conversations(conversations)
{}

Exporter::~Exporter()
{
    abort();
}

Exporter::Filter Exporter::only(SessionId session, PeerId peer, Direction direction)
{
    return [=](const TrafficRecord &r) {
        return r.session == session && (peer == NoPeer || r.peer == peer) &&
               (direction == Direction::None || r.direction == direction);
    };
}

std::optional<Exporter::Format> Exporter::formatFromName(QStringView name)
{
    for (Format f :
         {Format::Text, Format::Hex, Format::HexDump, Format::Csv, Format::Raw, Format::Pcapng}) {
        if (name.compare(formatName(f), Qt::CaseInsensitive) == 0)
            return f;
    }
    return std::nullopt;
}

QString Exporter::formatName(Format format)
{
    switch (format) {
    case Format::Text:
        return QStringLiteral("text");
    case Format::Hex:
        return QStringLiteral("hex");
    case Format::HexDump:
        return QStringLiteral("dump");
    case Format::Csv:
        return QStringLiteral("csv");
    case Format::Raw:
        return QStringLiteral("raw");
    case Format::Pcapng:
        return QStringLiteral("pcapng");
    }
    return {};
}

QString Exporter::suffix(Format format)
{
    switch (format) {
    case Format::Text:
    case Format::Hex:
    case Format::HexDump:
        return QStringLiteral("txt");
    case Format::Csv:
        return QStringLiteral("csv");
    case Format::Raw:
        return QStringLiteral("bin");
    case Format::Pcapng:
        return QStringLiteral("pcapng");
    }
    return {};
}

bool Exporter::fail(const QString &message)
{
    m_error = message;
    abort();
    return false;
}

bool Exporter::checkCancel()
{
    if (!m_cancel.load())
        return false;
    m_canceled = true;
    m_error = tr("The export was cancelled; no file was written.");
    abort();
    return true;
}

bool Exporter::begin(const QString &path)
{
    const ConversationTable *table = m_activeTable ? m_activeTable : m_conversations;
    abort();
    m_activeTable = table;
    m_error.clear();
    m_written.clear();
    m_count = 0;
    m_canceled = false;
    m_cancel.store(false);
    m_path = path;
    if (m_format == Format::Raw && m_rawLayout == RawLayout::PerPeerDirection)
        return true; // files are made as peers turn up
    m_file = std::make_unique<QSaveFile>(path);
    if (!m_file->open(QIODevice::WriteOnly))
        return fail(tr("Cannot write %1: %2.").arg(path, m_file->errorString()));
    if (m_format == Format::Csv)
        return writeTo(m_file.get(), "time,session,peer,direction,length,hex,event\n");
    if (m_format == Format::Pcapng) {
        m_capture = std::make_unique<CaptureWriter>(m_file.get(), m_activeTable);
        if (!m_capture->begin(tr("Exported by Sockeye")))
            return fail(m_capture->errorString());
    }
    return true;
}

bool Exporter::writeTo(QSaveFile *file, const QByteArray &bytes)
{
    if (file->write(bytes) != bytes.size())
        return fail(tr("Cannot write %1: %2.").arg(file->fileName(), file->errorString()));
    return true;
}

QString Exporter::header(const TrafficRecord &record) const
{
    const QString session = m_activeTable ? m_activeTable->sessionName(record.session)
                                          : tr("Session %1").arg(record.session);
    const QString peer =
        m_activeTable ? m_activeTable->peerLabel(record.session, record.peer) : QString();
    return headerText(record, session, peer);
}

QString Exporter::headerText(const TrafficRecord &record, const QString &session,
                             const QString &peer)
{
    QString who = peer;
    if (who.isEmpty())
        who = record.peer == NoPeer ? QStringLiteral("-") : tr("peer %1").arg(record.peer);
    return QStringLiteral("%1 [%2] %3 %4")
        .arg(timeText(record.timestampUs), session, who, directionText(record));
}

QByteArray Exporter::textLine(const TrafficRecord &record, const QString &session,
                              const QString &peer, const QString &encoding)
{
    const QString head = headerText(record, session, peer);
    if (!record.isData())
        return (head + QStringLiteral(" %1: %2\n").arg(recordKindName(record.kind), record.text))
            .toUtf8();
    return (head + QStringLiteral(" %1: ").arg(record.bytes.size()) +
            DisplayFormat::text(record.bytes, encoding) + QLatin1Char('\n'))
        .toUtf8();
}

QByteArray Exporter::line(const TrafficRecord &record) const
{
    if (m_format == Format::Text || !record.isData())
        return textLine(record,
                        m_activeTable ? m_activeTable->sessionName(record.session)
                                      : tr("Session %1").arg(record.session),
                        m_activeTable ? m_activeTable->peerLabel(record.session, record.peer)
                                      : QString(),
                        m_encoding);
    QString out = header(record);
    out += QStringLiteral(" %1:").arg(record.bytes.size());
    switch (m_format) {
    case Format::Hex:
        out += QLatin1Char(' ') + DisplayFormat::hex(record.bytes) + QLatin1Char('\n');
        break;
    default:
        out += QLatin1Char('\n') + DisplayFormat::hexDump(record.bytes) + QLatin1Char('\n');
        break;
    }
    return out.toUtf8();
}

QByteArray Exporter::csvLine(const TrafficRecord &record) const
{
    const QString session = m_activeTable ? m_activeTable->sessionName(record.session)
                                          : QString::number(record.session);
    const QString peer = m_activeTable
                             ? m_activeTable->peerLabel(record.session, record.peer)
                             : (record.peer == NoPeer ? QString() : QString::number(record.peer));
    QByteArray out = timeText(record.timestampUs).toLatin1() + ',' + csvField(session) + ',' +
                     csvField(peer) + ',';
    if (record.isData()) {
        out += directionText(record).toLatin1() + ',' + QByteArray::number(record.bytes.size()) +
               ',' + record.bytes.toHex() + ",\n";
    } else {
        out += "event,0,," +
               csvField(recordKindName(record.kind) + QStringLiteral(": ") + record.text) + '\n';
    }
    return out;
}

QSaveFile *Exporter::rawFileFor(const TrafficRecord &record)
{
    const QFileInfo info(m_path);
    QString peer = m_activeTable ? m_activeTable->peerLabel(record.session, record.peer)
                                 : QString::number(record.peer);
    peer.replace(QRegularExpression(QStringLiteral("[^0-9A-Za-z.]+")), QStringLiteral("_"));
    QString name = QStringLiteral("%1-s%2-p%3-%4-%5")
                       .arg(info.completeBaseName())
                       .arg(record.session)
                       .arg(record.peer)
                       .arg(peer, record.direction == Direction::Rx ? QStringLiteral("rx")
                                                                    : QStringLiteral("tx"));
    if (!info.suffix().isEmpty())
        name += QLatin1Char('.') + info.suffix();
    const QString path = info.dir().filePath(name);
    auto &slot = m_rawFiles[path];
    if (!slot) {
        slot = std::make_unique<QSaveFile>(path);
        if (!slot->open(QIODevice::WriteOnly)) {
            const QString why = slot->errorString();
            m_rawFiles.erase(path);
            fail(tr("Cannot write %1: %2.").arg(path, why));
            return nullptr;
        }
    }
    return slot.get();
}

bool Exporter::write(const TrafficRecord &record)
{
    if (m_filter && !m_filter(record))
        return true;
    if (!m_file && m_rawFiles.empty() &&
        !(m_format == Format::Raw && m_rawLayout == RawLayout::PerPeerDirection))
        return fail(tr("Nothing to write to: the export was not begun."));
    bool ok = true;
    switch (m_format) {
    case Format::Pcapng:
        ok = m_capture->write(record);
        if (!ok)
            return fail(m_capture->errorString());
        break;
    case Format::Raw:
        if (!record.isData() || record.bytes.isEmpty())
            return true;
        if (m_rawLayout == RawLayout::OneFile) {
            ok = writeTo(m_file.get(), record.bytes);
        } else {
            QSaveFile *file = rawFileFor(record);
            ok = file && writeTo(file, record.bytes);
        }
        break;
    case Format::Csv:
        if (!record.isData() && !m_includeEvents)
            return true;
        ok = writeTo(m_file.get(), csvLine(record));
        break;
    default:
        if (!record.isData() && !m_includeEvents)
            return true;
        ok = writeTo(m_file.get(), line(record));
        break;
    }
    if (ok)
        ++m_count;
    return ok;
}

bool Exporter::commit()
{
    m_capture.reset();
    QStringList written;
    if (m_file) {
        if (!m_file->commit())
            return fail(tr("Cannot save %1: %2.").arg(m_path, m_file->errorString()));
        written << m_path;
        m_file.reset();
    }
    for (auto &entry : m_rawFiles) {
        if (!entry.second->commit())
            return fail(tr("Cannot save %1: %2.").arg(entry.first, entry.second->errorString()));
        written << entry.first;
    }
    m_rawFiles.clear();
    m_written = written;
    m_activeTable = nullptr;
    return true;
}

void Exporter::abort()
{
    m_capture.reset();
    if (m_file) {
        m_file->cancelWriting();
        m_file.reset();
    }
    for (auto &entry : m_rawFiles)
        entry.second->cancelWriting();
    m_rawFiles.clear();
    m_activeTable = nullptr;
}

bool Exporter::exportRecords(const QList<TrafficRecord> &records, const QString &path)
{
    if (!begin(path))
        return false;
    const qint64 total = records.size();
    for (qint64 i = 0; i < total; ++i) {
        if (i % ProgressEvery == 0) {
            emit progress(i, total);
            if (checkCancel())
                return false;
        }
        if (!write(records.at(i)))
            return false;
    }
    emit progress(total, total);
    return commit();
}

bool Exporter::exportLog(const TrafficLog &log, const QString &path, quint64 first, quint64 last)
{
    if (!begin(path))
        return false;
    const qint64 total = log.size();
    for (qint64 i = 0; i < total; ++i) {
        if (i % ProgressEvery == 0) {
            emit progress(i, total);
            if (checkCancel())
                return false;
        }
        const TrafficRecord &record = log.at(i);
        if (record.sequence < first || record.sequence > last)
            continue;
        if (!write(record))
            return false;
    }
    emit progress(total, total);
    return commit();
}

bool Exporter::exportCapture(const QString &capturePath, const QString &path)
{
    CaptureReader reader;
    m_activeTable = reader.conversations();
    if (!begin(path))
        return false;
    connect(&reader, &CaptureReader::progress, this, [this, &reader](qint64 done, qint64 total) {
        emit progress(done, total);
        if (m_cancel.load())
            reader.cancel();
    });
    bool writeOk = true;
    const bool readOk = reader.read(capturePath, [&](const TrafficRecord &record) {
        writeOk = write(record);
        return writeOk;
    });
    m_warnings = reader.warnings();
    if (!writeOk)
        return false;
    if (checkCancel())
        return false;
    if (!readOk)
        return fail(reader.errorString());
    return commit();
}

} // namespace sockeye
