#pragma once

#include "payload/payloadspec.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QRegularExpression>

#include <optional>

namespace sockeye {

/**
 * One auto-reply rule: when a received frame matches, answer with a payload.
 *
 * Matching (`MatchKind`): the frame equals, starts with or contains some bytes (written in the
 * payload syntax, e.g. `hex:01 03` or `text:PING`), a regular expression finds a match in the
 * frame decoded as text, a hex pattern with `??` wildcards equals the whole frame, or anything
 * matches. The reply is a PayloadSpec (with dynamic fields and checksum) or an echo of the frame.
 * In the reply, `{req:OFFSET:LEN}` copies LEN bytes of the request from OFFSET (LEN may be
 * omitted: to the end), e.g. a Modbus-TCP transaction id: `hex:{req:0:2} 00 00 ...`.
 */
class ReplyRule
{
    Q_DECLARE_TR_FUNCTIONS(ReplyRule)

public:
    enum class Trigger { Frame, Connect };
    enum class MatchKind { Any, Exact, Prefix, Contains, Regex, HexPattern };
    enum class Action { Reply, Echo };
    enum class Target { Sender, AllPeers };

    QString name;
    bool enabled = true;
    Trigger trigger = Trigger::Frame;
    MatchKind matchKind = MatchKind::Any;
    QString pattern; ///< payload syntax (Exact/Prefix/Contains), regex, or hex pattern
    QString encoding = QStringLiteral("UTF-8"); ///< for Regex: how the frame is decoded
    Action action = Action::Reply;
    PayloadSpec reply;
    int delayMs = 0;
    Target target = Target::Sender;

    /// An echo of every frame (compiled).
    [[nodiscard]] static ReplyRule echo();
    /// A payload sent to each peer when it connects (compiled; check compile() for an invalid
    /// payload).
    [[nodiscard]] static ReplyRule welcome(const PayloadSpec &payload);

    /// Checks the pattern and the reply; the message says what is wrong and where.
    [[nodiscard]] PayloadError compile();
    /// Does this frame match? compile() must have succeeded.
    [[nodiscard]] bool matches(const QByteArray &frame) const;
    /// Does the frame match with or without its trailer? `body` is the frame less a trailing
    /// delimiter (StreamFramers::body()): `exact:AT` and `exact:AT\r\n` both answer `AT\r\n`
    /// framed by `delim:\r\n`. The Responder and the rule dialog's "Try it" both ask this.
    [[nodiscard]] bool matches(const QByteArray &frame, QByteArrayView body) const;
    /// The reply bytes for a frame, or an error (nothing is sent then).
    [[nodiscard]] EncodeResult replyFor(const QByteArray &frame, PayloadContext &context) const;

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static std::optional<ReplyRule> fromJson(const QJsonObject &json, QString *error);
    /// `KIND:VALUE` as the CLI's --reply takes it: exact:P, prefix:P, contains:P, regex:RE,
    /// hex:PATTERN (with ??), any; a value without a known kind means contains:P.
    [[nodiscard]] static std::optional<ReplyRule>
    fromMatchSyntax(const QString &match, const QString &reply, QString *error);

    [[nodiscard]] static QString matchKindName(MatchKind kind);
    [[nodiscard]] static std::optional<MatchKind> matchKindFromName(QStringView name);

private:
    QByteArray m_bytes;         // Exact, Prefix, Contains
    QList<int> m_hexPattern;    // HexPattern: a byte value or -1 for ??
    QRegularExpression m_regex; // Regex
    bool m_compiled = false;
};

/// Reads a JSON array of rules (as written by rulesToJson).
[[nodiscard]] std::optional<QList<ReplyRule>> rulesFromJson(const QByteArray &json, QString *error);
[[nodiscard]] QByteArray rulesToJson(const QList<ReplyRule> &rules);

} // namespace sockeye
