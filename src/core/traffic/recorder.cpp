#include "recorder.h"

#include "capturewriter.h"
#include "conversationtable.h"
#include "trafficlog.h"

#include <QFile>
#include <QTimer>

namespace sockeye {

Recorder::Recorder(TrafficLog *log, const ConversationTable *conversations, QObject *parent)
    : QObject(parent)
    , m_log(log)
    , m_conversations(conversations)
    , m_flushTimer(new QTimer(this))
{
    m_flushTimer->setInterval(FlushIntervalMs);
    connect(m_flushTimer, &QTimer::timeout, this, &Recorder::flush);
}

Recorder::~Recorder()
{
    stop();
}

qint64 Recorder::bytesWritten() const
{
    return m_writer ? m_writer->bytesWritten() : m_lastBytes;
}

bool Recorder::start(const QString &path, const QString &comment)
{
    stop();
    m_error.clear();
    auto file = std::make_unique<QFile>(path);
    if (!file->open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        m_error = tr("Cannot record to %1: %2. Choose a folder you can write to.")
                      .arg(path, file->errorString());
        return false;
    }
    m_file = std::move(file);
    m_writer = std::make_unique<CaptureWriter>(m_file.get(), m_conversations);
    m_path = path;
    m_records = 0;
    // What crossed the wire encrypted is recorded as the payloads TLS decrypted: said in the
    // capture itself, so whoever opens it in Wireshark does not take it for plain TCP.
    QStringList tls;
    for (const CaptureSession &s : m_conversations->sessions()) {
        if (s.tls && (m_sessions.isEmpty() || m_sessions.contains(s.id)))
            tls << s.name;
    }
    QString text = comment;
    if (!tls.isEmpty())
        text += (text.isEmpty() ? QString() : QStringLiteral("\n")) +
                tr("TLS sessions (%1): recorded as their decrypted payloads on synthesized TCP "
                   "streams, not as the encrypted bytes on the wire.")
                    .arg(tls.join(QStringLiteral(", ")));
    if (!m_writer->begin(text)) {
        fail(m_writer->errorString());
        return false;
    }
    connect(m_log, &TrafficLog::recordAppended, this, &Recorder::onRecord);
    m_flushTimer->start();
    flush();
    emit started(path);
    return true;
}

void Recorder::onRecord(const TrafficRecord &record)
{
    if (!m_writer)
        return;
    if (!m_sessions.isEmpty() && !m_sessions.contains(record.session))
        return;
    if (m_filter && !m_filter(record))
        return;
    if (!m_writer->write(record)) {
        fail(tr("Recording to %1 stopped: %2. Free some disk space or record elsewhere.")
                 .arg(m_path, m_writer->errorString()));
        return;
    }
    ++m_records;
}

void Recorder::flush()
{
    if (m_file && !m_file->flush())
        fail(tr("Recording to %1 stopped: %2.").arg(m_path, m_file->errorString()));
}

void Recorder::stop()
{
    if (!m_file)
        return;
    disconnect(m_log, &TrafficLog::recordAppended, this, &Recorder::onRecord);
    m_flushTimer->stop();
    m_file->flush();
    m_lastBytes = m_writer->bytesWritten();
    m_writer.reset();
    m_file->close();
    m_file.reset();
    emit stopped(m_path);
}

void Recorder::fail(const QString &message)
{
    m_error = message;
    stop();
    emit errorOccurred(message);
}

} // namespace sockeye
