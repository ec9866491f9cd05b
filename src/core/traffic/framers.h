#pragma once

// The concrete framers behind Framer::create(). They live together in one file because they
// are small and only reached through the Framer interface.

#include "framer.h"

namespace sockeye {

/// A frame ends when no byte arrived for the gap. Reaching `max` bytes ends a frame too (and
/// is reported).
class IdleFramer : public Framer
{
public:
    IdleFramer(qint64 gapUs, qsizetype maxFrameSize);
    [[nodiscard]] QList<QByteArray> feed(QByteArrayView chunk, qint64 timestampUs) override;
    [[nodiscard]] QList<QByteArray> tick(qint64 nowUs) override;
    [[nodiscard]] QString spec() const override;

private:
    qint64 m_gapUs;
    qsizetype m_max;
    qint64 m_lastUs = 0;
};

/// A frame ends with the delimiter, which stays part of it (body() is the frame without it). A
/// frame longer than `max`
/// bytes (not counting the delimiter) is cut after `max` bytes and reported; the rest of the
/// stream is framed on from there.
class DelimiterFramer : public Framer
{
public:
    DelimiterFramer(const QByteArray &delimiter, const QString &delimiterSyntax,
                    qsizetype maxFrameSize);
    [[nodiscard]] QList<QByteArray> feed(QByteArrayView chunk, qint64 timestampUs) override;
    [[nodiscard]] QByteArrayView body(QByteArrayView frame) const override;
    void reset() override;
    [[nodiscard]] QString spec() const override;

private:
    QByteArray m_delimiter;
    QString m_syntax;
    qsizetype m_max;
    qsizetype m_scanFrom = 0; ///< no delimiter starts in the buffer before this index
};

/// Every N bytes are a frame.
class FixedLengthFramer : public Framer
{
public:
    explicit FixedLengthFramer(qsizetype length);
    [[nodiscard]] QList<QByteArray> feed(QByteArrayView chunk, qint64 timestampUs) override;
    [[nodiscard]] QString spec() const override;

private:
    qsizetype m_length;
};

/// Frames that say their own length: [K bytes][S-byte length field][rest]. The frame's total
/// size is K + S + length + adjust, or length + adjust with `+hdr`. A total below K + S or
/// above `max` means the stream is out of step: the framer skips one byte and looks for a
/// plausible header there, and reports the skipped run (count, offset, first bad length) once
/// a good header is found or at flush().
class LengthPrefixFramer : public Framer
{
public:
    struct Options
    {
        int fieldSize = 2; ///< 1, 2 or 4
        bool bigEndian = true;
        bool lengthIncludesHeader = false;
        int fieldOffset = 0;
        int adjust = 0;
        qsizetype maxFrameSize = DefaultMaxFrameSize;
    };

    explicit LengthPrefixFramer(const Options &options);
    [[nodiscard]] QList<QByteArray> feed(QByteArrayView chunk, qint64 timestampUs) override;
    [[nodiscard]] QList<QByteArray> flush() override;
    void reset() override;
    [[nodiscard]] QString spec() const override;

private:
    void reportSkipped();

    Options m_options;
    qsizetype m_skipped = 0;
    qint64 m_skipOffset = 0;
    qint64 m_skipTotal = 0; ///< the frame size the first skipped header claimed
};

} // namespace sockeye
