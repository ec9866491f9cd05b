#pragma once

#include "clioptions.h"

#include <QByteArray>
#include <QObject>

#include <memory>

class QFile;

namespace sockeye::cli {

/**
 * Writes received frames to stdout as `--format` says (text: a line per frame, its line break
 * standing for a trailing delimiter; hex, dump, raw: every byte), optionally after a time and a
 * label. Frames are gathered until the event loop has handled what arrived (or 64 KiB waits)
 * and written in one write(): one write per frame cost more than formatting it. flush() writes
 * what waits; a message on stderr calls it first, so a terminal shows things in order.
 */
class FrameWriter : public QObject
{
    Q_OBJECT
public:
    /// `quiet`: message() prints nothing (--quiet; errors are printed by their callers).
    FrameWriter(OutputFormat format, const QString &encoding, bool timestamps, bool quiet,
                QObject *parent = nullptr);
    ~FrameWriter() override;

    /// Adds one frame; `body` is the frame without its trailing delimiter (text output),
    /// `label` what --timestamps prints after the time (the peer, or "session peer").
    void write(QByteArrayView frame, QByteArrayView body, const QString &label);
    /// Writes what waits now.
    void flush();
    /// A message on stderr, after the frames that led to it (unless quiet).
    void message(const QString &text);
    /// A line for stderr that was asked for (--stats): printed even with --quiet.
    void report(const QString &text);

private:
    OutputFormat m_format;
    QString m_encoding;
    bool m_timestamps;
    bool m_quiet;
    std::unique_ptr<QFile> m_stdout;
    QByteArray m_pending; // frames of this event-loop pass, written at its end
    bool m_flushScheduled = false;
};

} // namespace sockeye::cli
