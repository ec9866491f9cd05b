#pragma once

#include "payloaderror.h"

#include <QCoreApplication>
#include <QStringView>

namespace sockeye {

/// Hex text <-> bytes.
///
/// Parsing rules (see docs/PAYLOAD.md):
/// - separators are spaces, tabs, CR, LF and commas; any number of them between groups;
/// - a group is a run of characters between separators; it may start with `0x` or `0X`;
/// - the digits of a group are read in pairs ("4865" is 48 65), either case;
/// - a group with an odd number of digits is an error at the position of the group;
/// - any other character is an error at its own position.
class HexCodec
{
    Q_DECLARE_TR_FUNCTIONS(HexCodec)

public:
    /// Parses \a text into bytes. Error positions are indices into \a text plus
    /// \a positionOffset (so a caller parsing a slice can report positions in the whole).
    [[nodiscard]] static EncodeResult parse(QStringView text, int positionOffset = 0);

    /// Formats \a bytes as uppercase hex pairs joined by \a separator ("48 65 6C");
    /// a null separator joins them without one ("48656C").
    [[nodiscard]] static QString format(QByteArrayView bytes, QChar separator = u' ');

    /// True for the characters parse() skips between groups.
    [[nodiscard]] static bool isSeparator(QChar c);

    /// Value of a hex digit, or -1.
    [[nodiscard]] static int digitValue(QChar c);

    /// A character as it should be quoted in an error message: printable characters as
    /// themselves, others as U+XXXX.
    [[nodiscard]] static QString quoteChar(QStringView text, int index);
};

} // namespace sockeye
