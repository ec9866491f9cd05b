#pragma once

#include "checksum.h"
#include "payloaderror.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace sockeye {

class PayloadContext;

/// What the user typed plus its settings; encode() turns it into the bytes to send, or into
/// an error with a position and a sentence, in which case nothing should be sent.
///
/// The bytes are built in this order: body (the text or hex, with dynamic fields filled in),
/// then the checksum of (a range of) the body, then the line ending. See docs/PAYLOAD.md.
///
/// The one-line syntax shared by presets, reply rules and the CLI (fromSyntax/toSyntax):
/// `hex:48 65 6C`, `text:Hello\r\n` (escapes and fields), `lit:C:\temp` (exactly as typed);
/// a string without one of these prefixes is text with escapes.
class PayloadSpec
{
    Q_DECLARE_TR_FUNCTIONS(PayloadSpec)

public:
    enum class Mode { Text, Hex };
    enum class LineEnding { None, Cr, Lf, CrLf };

    PayloadSpec() = default;
    PayloadSpec(Mode mode, const QString &text);

    /// Parses the one-line syntax. Never fails: errors in the content show at encode().
    [[nodiscard]] static PayloadSpec fromSyntax(QStringView syntax);
    /// The one-line syntax: always with its prefix (hex:, text: or lit:).
    [[nodiscard]] QString toSyntax() const;
    /// Length of the prefix toSyntax() puts before text(): add it to an error position to
    /// point into the syntax string.
    [[nodiscard]] int syntaxPrefixLength() const;

    /// The bytes to send now: fills in dynamic fields from \a context and, on success,
    /// advances its sequence counter.
    [[nodiscard]] EncodeResult encode(PayloadContext &context) const;
    /// The bytes encode() would give with \a context's current counter and clock, random
    /// bytes as zeros; does not touch \a context.
    [[nodiscard]] EncodeResult preview(const PayloadContext &context) const;
    /// Checks everything encode() checks, without a context (counter 0, clock 0). Cheap
    /// enough for every keystroke; no side effects.
    [[nodiscard]] PayloadError validate() const;
    /// True if the content has {seq}, {time} or {rand} fields.
    [[nodiscard]] bool hasDynamicFields() const;

    /// The same content in the other view, for a text/hex toggle. Text to hex encodes the
    /// text (fields stay fields); hex to text decodes in encoding() with escapes for what is
    /// not printable (bytes that are not valid text become \xHH), so converting back gives the
    /// same bytes. Fields whose meaning differs between the modes ({seq}, unix time) cannot be
    /// converted: \a error is set and *this is returned.
    [[nodiscard]] PayloadSpec convertedTo(Mode mode, PayloadError *error) const;

    [[nodiscard]] QJsonObject toJson() const;
    /// Reads what toJson() wrote; unknown or missing keys keep their defaults, bad values are
    /// an error (and a default spec is returned).
    [[nodiscard]] static PayloadSpec fromJson(const QJsonObject &json, PayloadError *error);

    [[nodiscard]] static QString lineEndingName(LineEnding ending);
    [[nodiscard]] static std::optional<LineEnding> lineEndingFromName(QStringView name);
    [[nodiscard]] static QByteArray lineEndingBytes(LineEnding ending);

    [[nodiscard]] Mode mode() const { return m_mode; }
    void setMode(Mode mode) { m_mode = mode; }
    [[nodiscard]] const QString &text() const { return m_text; }
    void setText(const QString &text) { m_text = text; }
    /// Canonical encoding name (see TextCodec); used in text mode. Default UTF-8.
    [[nodiscard]] const QString &encoding() const { return m_encoding; }
    void setEncoding(const QString &encoding);
    /// Text mode only (ignored in hex mode): process backslash escapes and {fields} (true),
    /// or send the text as typed.
    [[nodiscard]] bool escapes() const { return m_escapes; }
    void setEscapes(bool on) { m_escapes = on; }
    [[nodiscard]] LineEnding lineEnding() const { return m_lineEnding; }
    void setLineEnding(LineEnding ending) { m_lineEnding = ending; }
    [[nodiscard]] const Checksum &checksum() const { return m_checksum; }
    void setChecksum(const Checksum &checksum) { m_checksum = checksum; }

    friend bool operator==(const PayloadSpec &a, const PayloadSpec &b);
    friend bool operator!=(const PayloadSpec &a, const PayloadSpec &b) { return !(a == b); }

private:
    [[nodiscard]] EncodeResult build(quint32 sequence, qint64 timeMs,
                                     const PayloadContext *random) const;

    Mode m_mode = Mode::Text;
    QString m_text;
    QString m_encoding = QStringLiteral("UTF-8");
    bool m_escapes = true;
    LineEnding m_lineEnding = LineEnding::None;
    Checksum m_checksum;
};

} // namespace sockeye
