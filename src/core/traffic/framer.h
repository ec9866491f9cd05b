#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QStringList>

#include <memory>

namespace sockeye {

/// Cuts a byte stream into frames (messages). Stateful and fed arbitrary chunks: the same
/// input split at any byte boundary yields the same frames (for the idle framer: as long as
/// the pieces of a chunk carry the chunk's timestamp). No timers inside; the caller passes
/// time in.
///
/// Make one with create() from a spec string (the CLI's `--framing`, see docs/PAYLOAD.md):
/// - `idle:MS[,max=N]`: a frame ends when no byte arrived for MS milliseconds;
/// - `delim[,max=N]:P`: a frame ends with the delimiter P, a payload in the payload syntax
///   (`delim:\r\n`, `delim:hex:0D 0A`); the delimiter stays part of the frame (frames are the
///   exact bytes received), body() leaves it out;
/// - `fixed:N`: every N bytes;
/// - `prefix:S[be|le][+hdr][,offset=K][,adjust=A][,max=N]`: an S-byte (1, 2 or 4) length
///   field at offset K; the length counts the bytes after the field, or the whole frame with
///   `+hdr`, plus A.
/// `max` (default 1 MiB) bounds a frame; what happens beyond it is documented per kind.
class Framer
{
    Q_DECLARE_TR_FUNCTIONS(Framer)

public:
    /// Default bound on a frame's size (1 MiB).
    static constexpr qsizetype DefaultMaxFrameSize = 1 << 20;
    /// Largest `max` or `fixed` size a spec may ask for (256 MiB).
    static constexpr qsizetype MaxFrameSizeLimit = qsizetype(1) << 28;

    virtual ~Framer() = default;
    Framer(const Framer &) = delete;
    Framer &operator=(const Framer &) = delete;

    /// Makes a framer from \a spec. Returns nullptr for an empty spec or "none" (no framing:
    /// each chunk is shown as it came) with \a error empty, and nullptr with a sentence in
    /// \a error for a bad spec.
    [[nodiscard]] static std::unique_ptr<Framer> create(QStringView spec, QString *error);

    /// Feeds the bytes received at \a timestampUs (µs, any monotonic origin); returns the
    /// frames they complete, in order.
    [[nodiscard]] virtual QList<QByteArray> feed(QByteArrayView chunk, qint64 timestampUs) = 0;

    /// Tells the framer the time is \a nowUs; returns frames that are due (the idle framer's
    /// pending frame once the gap has passed). Others return nothing.
    [[nodiscard]] virtual QList<QByteArray> tick(qint64 nowUs);

    /// Ends the stream (connection closed): returns what is buffered as one last frame,
    /// complete or not, and starts afresh.
    [[nodiscard]] virtual QList<QByteArray> flush();

    /// Drops what is buffered and any pending error, and starts afresh.
    virtual void reset();

    /// The frame without its trailer: the delimiter framer leaves out a trailing delimiter (rules
    /// match a frame with or without it, the CLI's text output prints a line per body); the
    /// others return the frame.
    [[nodiscard]] virtual QByteArrayView body(QByteArrayView frame) const { return frame; }

    /// Bytes received but not yet part of a frame.
    [[nodiscard]] qsizetype bufferedBytes() const { return m_buffer.size(); }

    /// The canonical spec string of this framer (create(spec()) makes an equal one).
    [[nodiscard]] virtual QString spec() const = 0;

    /// Problems met since the last call (oversized frames, bad length fields), each a
    /// sentence with the stream offset; the list is emptied.
    [[nodiscard]] QStringList takeErrors();
    [[nodiscard]] bool hasErrors() const { return !m_errors.isEmpty(); }

protected:
    Framer() = default;
    void reportError(const QString &message) { m_errors.append(message); }
    /// Removes the first \a count bytes of the buffer (they became frames or were skipped).
    void consume(qsizetype count);

    QByteArray m_buffer;
    qint64 m_bufferOffset = 0; ///< stream offset of m_buffer[0]

private:
    QStringList m_errors;
};

} // namespace sockeye
