#pragma once

#include "payloaderror.h"

#include <QCoreApplication>
#include <QStringList>

#include <functional>

namespace sockeye {

/// The text encodings Sockeye sends and shows: UTF-8, GBK, GB18030, Big5, Shift_JIS and
/// ISO-8859-1 (Latin-1).
///
/// UTF-8 and Latin-1 are built in; the others come from Qt's Core5Compat QTextCodec and
/// may be missing from a Qt build, which isAvailable() and checkAvailable() report at run
/// time. All of them are ASCII-compatible: bytes below 0x80 that are control characters
/// never occur inside a multi-byte character.
class TextCodec
{
    Q_DECLARE_TR_FUNCTIONS(TextCodec)

public:
    /// Canonical names of the supported encodings, UTF-8 first.
    [[nodiscard]] static QStringList encodings();

    /// The canonical name for \a name (case-insensitive; aliases such as "utf8", "Latin-1",
    /// "latin1", "SJIS", "CP936" are accepted), or an empty string if unsupported.
    [[nodiscard]] static QString canonicalName(QStringView name);

    /// True if \a name is supported and its codec can be loaded.
    [[nodiscard]] static bool isAvailable(QStringView name);

    /// An error sentence if \a name is unsupported or its codec is missing; else no error.
    [[nodiscard]] static PayloadError checkAvailable(QStringView name);

    /// Encodes \a text. Characters that \a encoding cannot represent (and lone surrogates)
    /// are an error whose position is the index in \a text of the first of them, or, when
    /// \a sourcePositions is given, sourcePositions[index] (where the user typed it).
    [[nodiscard]] static EncodeResult encode(QStringView text, QStringView encoding,
                                             const QList<int> *sourcePositions = nullptr);

    /// Decodes \a bytes. Malformed or incomplete sequences become U+FFFD; never fails. An
    /// unavailable encoding decodes as Latin-1 (so every byte stays visible).
    [[nodiscard]] static QString decode(QByteArrayView bytes, QStringView encoding);

    /// Decodes \a bytes exactly: \a onChar receives each decoded code point with the bytes it
    /// came from, \a onInvalid each byte that is not part of a well-formed character.
    /// Re-encoding the characters and re-inserting the invalid bytes yields \a bytes again.
    static void decodeExact(QByteArrayView bytes, QStringView encoding,
                            const std::function<void(char32_t, QByteArrayView)> &onChar,
                            const std::function<void(uchar)> &onInvalid);
};

} // namespace sockeye
