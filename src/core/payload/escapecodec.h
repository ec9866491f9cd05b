#pragma once

#include "payloaderror.h"

#include <QCoreApplication>

namespace sockeye {

/// Backslash escapes of the text payload mode.
///
/// `\r` `\n` `\t` `\0` `\\` are the characters CR, LF, TAB, NUL and backslash; `\xHH` is the
/// byte HH whatever the encoding; `\u{H...}` (1 to 6 hex digits) is the Unicode code point,
/// encoded in the chosen encoding. Anything else after a backslash is an error.
class EscapeCodec
{
    Q_DECLARE_TR_FUNCTIONS(EscapeCodec)

public:
    /// One parsed escape sequence.
    struct Escape
    {
        enum class Kind { Character, Byte };
        Kind kind = Kind::Character;
        char32_t codePoint = 0; ///< for Kind::Character
        char byte = 0;          ///< for Kind::Byte
        int length = 0;         ///< characters consumed, including the backslash
    };

    /// Parses the escape sequence starting with the backslash at text[index]. On error,
    /// \a error gets the reason and its position (\a index plus \a positionOffset).
    [[nodiscard]] static Escape parse(QStringView text, qsizetype index, int positionOffset,
                                      PayloadError *error);

    /// Text that, in text mode with escapes in \a encoding, stands for exactly \a bytes:
    /// printable characters as themselves, `\\` for backslash, `{{` for `{`, `\r\n\t\0`,
    /// `\xHH` for other control bytes and for bytes that are not valid text in \a encoding,
    /// `\u{H}` for C1 control characters.
    [[nodiscard]] static QString escape(QByteArrayView bytes, QStringView encoding);

    /// Appends the escaped form of \a codePoint, encoded as \a source, to \a out (the rules of
    /// escape(); control characters are written as the \xHH of their source bytes).
    static void appendEscaped(QString &out, char32_t codePoint, QByteArrayView source);
};

} // namespace sockeye
