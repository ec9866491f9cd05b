#pragma once

#include <QString>

namespace sockeye {

/// Bytes as people read them: text in an encoding, hex, hex dump. Pure functions, meant to
/// be called for the lines on screen only.
class DisplayFormat
{
public:
    /// How text() shows characters that are not printable.
    enum class NonPrintable {
        Escape, ///< `\r` `\n` `\t` `\0`, `\xHH` for other control bytes, `\u{HH}` for C1
        Dot,    ///< a `.` for each of them
    };

    /// Bytes per hex dump line.
    static constexpr int BytesPerLine = 16;

    /// \a data decoded in \a encoding (see TextCodec), multi-byte characters intact; malformed
    /// sequences show as U+FFFD; control characters as \a mode says. Backslashes in the data
    /// are shown as they are.
    [[nodiscard]] static QString text(QByteArrayView data, QStringView encoding,
                                      NonPrintable mode = NonPrintable::Escape);

    /// Uppercase hex pairs separated by spaces: "48 65 6C".
    [[nodiscard]] static QString hex(QByteArrayView data);

    /// Lines of hexDumpLine() joined by '\n' (no trailing newline).
    [[nodiscard]] static QString hexDump(QByteArrayView data, qint64 baseOffset = 0);

    /// Line \a line of the hex dump of \a data: an 8-digit hex offset (\a baseOffset plus the
    /// line's first byte), two spaces, 16 hex bytes with an extra space after the eighth,
    /// another space, and an ASCII column between bars with '.' for bytes outside 0x20..0x7E
    /// (the layout of `hexdump -C`, in uppercase):
    /// `00000000  48 65 6C 6C 6F 0A                                 |Hello.|`.
    /// Short last lines are padded so the ASCII columns line up.
    [[nodiscard]] static QString hexDumpLine(QByteArrayView data, qsizetype line,
                                             qint64 baseOffset = 0);

    /// Number of hex dump lines for \a size bytes.
    [[nodiscard]] static qsizetype hexDumpLineCount(qsizetype size)
    {
        return (size + BytesPerLine - 1) / BytesPerLine;
    }
};

} // namespace sockeye
