#include "framewriter.h"

#include "traffic/displayformat.h"

#include <QDateTime>
#include <QFile>

#include <cstdio>

#include <unistd.h>

namespace sockeye::cli {

namespace {
// Frames go to stdout in one write per event-loop pass, or sooner when this much is waiting.
constexpr qsizetype OutputChunk = 64 * 1024;
} // namespace

FrameWriter::FrameWriter(OutputFormat format, const QString &encoding, bool timestamps, bool quiet,
                         QObject *parent)
    : QObject(parent)
    , m_format(format)
    , m_encoding(encoding)
    , m_timestamps(timestamps)
    , m_quiet(quiet)
    , m_stdout(std::make_unique<QFile>())
{
    // The descriptor, not the FILE*: no stdio buffer between a frame and the pipe.
    (void)m_stdout->open(STDOUT_FILENO, QIODevice::WriteOnly | QIODevice::Unbuffered);
}

FrameWriter::~FrameWriter()
{
    flush();
}

void FrameWriter::write(QByteArrayView frame, QByteArrayView body, const QString &label)
{
    QByteArray &out = m_pending;
    if (m_timestamps) {
        out += QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toUtf8();
        out += ' ';
        out += label.isEmpty() ? QByteArray("-") : label.toUtf8();
        out += ' ';
    }
    switch (m_format) {
    case OutputFormat::Raw:
        out += frame;
        break;
    case OutputFormat::Text:
        out += DisplayFormat::text(body, m_encoding).toUtf8();
        out += '\n';
        break;
    case OutputFormat::Hex:
        out += DisplayFormat::hex(frame).toLatin1();
        out += '\n';
        break;
    case OutputFormat::Dump:
        out += DisplayFormat::hexDump(frame).toLatin1();
        out += '\n';
        break;
    }
    if (m_pending.size() >= OutputChunk) {
        flush();
    } else if (!m_flushScheduled) {
        m_flushScheduled = true;
        QMetaObject::invokeMethod(this, &FrameWriter::flush, Qt::QueuedConnection);
    }
}

void FrameWriter::message(const QString &text)
{
    if (m_quiet)
        return;
    flush(); // on a terminal, a message follows the frames that led to it
    std::fprintf(stderr, "%s\n", qPrintable(text));
}

void FrameWriter::report(const QString &text)
{
    flush();
    std::fprintf(stderr, "%s\n", qPrintable(text));
}

void FrameWriter::flush()
{
    m_flushScheduled = false;
    if (m_pending.isEmpty())
        return;
    m_stdout->write(m_pending);
    m_pending.resize(0); // keeps its capacity for the next pass
}

} // namespace sockeye::cli
