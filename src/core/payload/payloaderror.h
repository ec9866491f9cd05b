#pragma once

#include <QByteArray>
#include <QString>

namespace sockeye {

/// Why some input could not be turned into bytes, and where.
struct PayloadError
{
    /// 0-based index (in UTF-16 code units, i.e. a QString index) into the text that was
    /// parsed; -1 when the error is not tied to one place (a checksum range, an encoding).
    int position = -1;
    /// One or two sentences for the user: what is wrong and how to fix it. Empty: no error.
    /// A position it names counts from 1 (position + 1), as the editor's column does.
    QString message;

    [[nodiscard]] bool isError() const { return !message.isEmpty(); }
};

/// Either bytes or an error; ok() tells which. On error, bytes is empty.
struct EncodeResult
{
    QByteArray bytes;
    PayloadError error;
    bool usedSequence = false; ///< a {seq} field was expanded (the counter then moves on)

    [[nodiscard]] bool ok() const { return error.message.isEmpty(); }

    [[nodiscard]] static EncodeResult failure(int position, const QString &message)
    {
        return EncodeResult{QByteArray(), PayloadError{position, message}};
    }
};

} // namespace sockeye
