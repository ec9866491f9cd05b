#pragma once

#include "payloaderror.h"

#include <QCoreApplication>

namespace sockeye {

class PayloadContext;

/// A `{...}` field in a payload that is filled in when the payload is sent.
///
/// - `{seq}` / `{seq:u8|u16be|u16le|u32be|u32le}`: the PayloadContext counter, modulo the
///   width (`{seq}` is u32be). Text mode: decimal digits; hex mode: binary bytes.
/// - `{time:unix_s|unix_ms|iso}`: the clock. Text mode: decimal digits for unix_s/unix_ms;
///   hex mode: 4 bytes big endian for unix_s, 8 bytes big endian for unix_ms. iso is ASCII
///   text in both modes (UTC with milliseconds, "2024-05-01T12:34:56.789Z").
/// - `{rand:N}`: N random bytes (1..4096), raw bytes in both modes.
class DynamicField
{
    Q_DECLARE_TR_FUNCTIONS(DynamicField)

public:
    enum class Kind { Sequence, Time, Random };
    enum class Format { U8, U16Be, U16Le, U32Be, U32Le, UnixSeconds, UnixMilliseconds, Iso, Bytes };

    /// Largest N of `{rand:N}`.
    static constexpr int MaxRandomBytes = 4096;

    /// Parses the field whose `{` is at text[index] (its closing `}` is searched for). On
    /// success the field's length() is the number of characters including both braces. On
    /// error returns a field with length() 0 and sets \a error (positions plus
    /// \a positionOffset).
    [[nodiscard]] static DynamicField parse(QStringView text, qsizetype index, int positionOffset,
                                            PayloadError *error);

    /// The bytes of this field for one send. \a textMode picks decimal text over binary.
    [[nodiscard]] QByteArray expand(bool textMode, quint32 sequence, qint64 timeMs,
                                    const PayloadContext *random) const;

    /// The field as written, e.g. "{seq:u16be}".
    [[nodiscard]] QString toString() const;

    [[nodiscard]] Kind kind() const { return m_kind; }
    [[nodiscard]] Format format() const { return m_format; }
    /// N of `{rand:N}`.
    [[nodiscard]] int count() const { return m_count; }
    [[nodiscard]] int length() const { return m_length; }
    /// True if the field means something different in text and hex mode ({seq}, unix time).
    [[nodiscard]] bool dependsOnMode() const;

private:
    Kind m_kind = Kind::Sequence;
    Format m_format = Format::U32Be;
    int m_count = 0;
    int m_length = 0;
};

} // namespace sockeye
