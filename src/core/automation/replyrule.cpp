#include "replyrule.h"

#include "payload/hexcodec.h"
#include "payload/payloadcontext.h"
#include "payload/textcodec.h"
#include "workspace/jsonnumber.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sockeye {

namespace {

struct Name
{
    ReplyRule::MatchKind kind;
    const char *name;
};
constexpr Name MatchNames[] = {
    {ReplyRule::MatchKind::Any, "any"},       {ReplyRule::MatchKind::Exact, "exact"},
    {ReplyRule::MatchKind::Prefix, "prefix"}, {ReplyRule::MatchKind::Contains, "contains"},
    {ReplyRule::MatchKind::Regex, "regex"},   {ReplyRule::MatchKind::HexPattern, "hex"},
};

/// Replaces {req:OFFSET:LEN} in a reply with the request's bytes, written so that the payload
/// parser reads them back exactly: hex digits in hex mode, \xHH escapes in text mode.
/// Replaces every {req:OFFSET:LEN} with those request bytes. A field that reaches past the end
/// of the request sets `beyond` (when given) to a sentence: a short reply is never sent.
PayloadSpec substituteRequest(const PayloadSpec &spec, const QByteArray &request, bool *used,
                              QString *beyond = nullptr)
{
    static const QRegularExpression field(QStringLiteral(R"(\{req(?::(\d+))?(?::(\d+))?\})"));
    QString text = spec.text();
    *used = false;
    qsizetype from = 0;
    for (;;) {
        const QRegularExpressionMatch m = field.match(text, from);
        if (!m.hasMatch())
            break;
        *used = true;
        const qint64 wantedOffset = m.captured(1).toLongLong();
        const qint64 wantedEnd =
            wantedOffset + (m.captured(2).isEmpty() ? 0 : m.captured(2).toLongLong());
        if (beyond && beyond->isEmpty() &&
            (wantedOffset > request.size() || wantedEnd > request.size())) {
            *beyond = ReplyRule::tr("%1 reaches byte %2, but the request has %n byte(s).", nullptr,
                                    int(request.size()))
                          .arg(m.captured(0))
                          .arg(qMax(wantedOffset, wantedEnd));
        }
        const qsizetype offset = qMin<qsizetype>(m.captured(1).toLongLong(), request.size());
        const qsizetype length =
            m.captured(2).isEmpty()
                ? request.size() - offset
                : qMin<qsizetype>(m.captured(2).toLongLong(), request.size() - offset);
        const QByteArray bytes = request.mid(offset, length);
        QString replacement;
        if (spec.mode() == PayloadSpec::Mode::Hex) {
            replacement = QString::fromLatin1(bytes.toHex(' '));
        } else {
            for (char c : bytes)
                replacement += QStringLiteral("\\x%1").arg(uchar(c), 2, 16, QLatin1Char('0'));
        }
        text.replace(m.capturedStart(), m.capturedLength(), replacement);
        from = m.capturedStart() + replacement.size();
    }
    PayloadSpec out = spec;
    out.setText(text);
    return out;
}

} // namespace

QString ReplyRule::matchKindName(MatchKind kind)
{
    for (const Name &n : MatchNames) {
        if (n.kind == kind)
            return QLatin1String(n.name);
    }
    return {};
}

std::optional<ReplyRule::MatchKind> ReplyRule::matchKindFromName(QStringView name)
{
    for (const Name &n : MatchNames) {
        if (name == QLatin1String(n.name))
            return n.kind;
    }
    return std::nullopt;
}

ReplyRule ReplyRule::echo()
{
    ReplyRule rule;
    rule.name = tr("Echo");
    rule.action = Action::Echo;
    (void)rule.compile(); // cannot fail: no pattern, no payload
    return rule;
}

ReplyRule ReplyRule::welcome(const PayloadSpec &payload)
{
    ReplyRule rule;
    rule.name = tr("Welcome");
    rule.trigger = Trigger::Connect;
    rule.reply = payload;
    (void)rule.compile(); // an invalid payload leaves the rule uncompiled: it never fires
    return rule;
}

PayloadError ReplyRule::compile()
{
    m_compiled = false;
    m_bytes.clear();
    m_hexPattern.clear();
    if (trigger == Trigger::Frame) {
        switch (matchKind) {
        case MatchKind::Any:
            break;
        case MatchKind::Exact:
        case MatchKind::Prefix:
        case MatchKind::Contains: {
            PayloadContext context;
            const PayloadSpec spec = PayloadSpec::fromSyntax(pattern);
            const EncodeResult r = spec.preview(context);
            if (!r.ok())
                return {r.error.position, tr("In the match pattern: %1").arg(r.error.message)};
            if (spec.hasDynamicFields())
                return {-1, tr("The match pattern cannot hold {fields}; write the bytes to "
                               "match.")};
            m_bytes = r.bytes;
            if (m_bytes.isEmpty() && matchKind != MatchKind::Exact)
                return {-1, tr("The match pattern is empty; type the bytes to look for, or "
                               "match anything.")};
            break;
        }
        case MatchKind::Regex:
            m_regex.setPattern(pattern);
            if (!m_regex.isValid())
                return {int(m_regex.patternErrorOffset()),
                        tr("The regular expression is invalid at position %1: %2.")
                            .arg(m_regex.patternErrorOffset() + 1)
                            .arg(m_regex.errorString())};
            break;
        case MatchKind::HexPattern: {
            int i = 0;
            const QString p = pattern;
            while (i < p.size()) {
                if (HexCodec::isSeparator(p.at(i))) {
                    ++i;
                    continue;
                }
                if (p.mid(i, 2) == QLatin1String("??")) {
                    m_hexPattern << -1;
                    i += 2;
                    continue;
                }
                const int hi = HexCodec::digitValue(p.at(i));
                const int lo = i + 1 < p.size() ? HexCodec::digitValue(p.at(i + 1)) : -1;
                if (hi < 0 || lo < 0) {
                    const int bad = hi < 0 ? i : i + 1;
                    return {bad, tr("The hex pattern has %1 at position %2: write bytes as two "
                                    "hex digits or ?? for any byte, e.g. 01 03 ?? ??.")
                                     .arg(bad < p.size() ? HexCodec::quoteChar(p, bad)
                                                         : tr("an odd digit"))
                                     .arg(bad + 1)};
                }
                m_hexPattern << (hi * 16 + lo);
                i += 2;
            }
            if (m_hexPattern.isEmpty())
                return {-1, tr("The hex pattern is empty; write bytes such as 01 03 ?? ??.")};
            break;
        }
        }
    }
    if (action == Action::Reply) {
        // Check the reply with a stand-in request for {req} (positions after a {req} field may
        // then be off by the field's expansion; the message still names the problem).
        bool usesRequest = false;
        const PayloadSpec probe = substituteRequest(reply, QByteArray(16, '\0'), &usesRequest);
        const PayloadError error = probe.validate();
        if (error.isError())
            return {usesRequest ? -1 : error.position, tr("In the reply: %1").arg(error.message)};
    }
    m_compiled = true;
    return {};
}

bool ReplyRule::matches(const QByteArray &frame) const
{
    if (!enabled || !m_compiled || trigger != Trigger::Frame)
        return false;
    switch (matchKind) {
    case MatchKind::Any:
        return true;
    case MatchKind::Exact:
        return frame == m_bytes;
    case MatchKind::Prefix:
        return frame.startsWith(m_bytes);
    case MatchKind::Contains:
        return frame.contains(m_bytes);
    case MatchKind::Regex:
        return m_regex.match(TextCodec::decode(frame, encoding)).hasMatch();
    case MatchKind::HexPattern:
        if (frame.size() != m_hexPattern.size())
            return false;
        for (qsizetype i = 0; i < frame.size(); ++i) {
            if (m_hexPattern.at(i) >= 0 && m_hexPattern.at(i) != uchar(frame.at(i)))
                return false;
        }
        return true;
    }
    return false;
}

bool ReplyRule::matches(const QByteArray &frame, QByteArrayView body) const
{
    if (matches(frame))
        return true;
    // fromRawData: the body is a view into the frame, which outlives this call.
    return body.size() < frame.size() && matches(QByteArray::fromRawData(body.data(), body.size()));
}

EncodeResult ReplyRule::replyFor(const QByteArray &frame, PayloadContext &context) const
{
    if (action == Action::Echo)
        return {frame, {}};
    bool usesRequest = false;
    QString beyond;
    const PayloadSpec spec = substituteRequest(reply, frame, &usesRequest, &beyond);
    if (!beyond.isEmpty())
        return {{}, PayloadError{-1, beyond}};
    return spec.encode(context);
}

QJsonObject ReplyRule::toJson() const
{
    QJsonObject o;
    o[QLatin1String("name")] = name;
    o[QLatin1String("enabled")] = enabled;
    o[QLatin1String("trigger")] =
        trigger == Trigger::Connect ? QStringLiteral("connect") : QStringLiteral("frame");
    o[QLatin1String("match")] = matchKindName(matchKind);
    o[QLatin1String("pattern")] = pattern;
    if (matchKind == MatchKind::Regex)
        o[QLatin1String("encoding")] = encoding;
    o[QLatin1String("action")] =
        action == Action::Echo ? QStringLiteral("echo") : QStringLiteral("reply");
    if (action == Action::Reply)
        o[QLatin1String("reply")] = reply.toJson();
    o[QLatin1String("delayMs")] = delayMs;
    o[QLatin1String("target")] =
        target == Target::AllPeers ? QStringLiteral("all") : QStringLiteral("sender");
    return o;
}

std::optional<ReplyRule> ReplyRule::fromJson(const QJsonObject &o, QString *error)
{
    const auto fail = [&](const QString &message) -> std::optional<ReplyRule> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    ReplyRule rule;
    rule.name = o.value(QLatin1String("name")).toString();
    rule.enabled = o.value(QLatin1String("enabled")).toBool(true);
    const QString trigger = o.value(QLatin1String("trigger")).toString(QStringLiteral("frame"));
    if (trigger != QLatin1String("frame") && trigger != QLatin1String("connect"))
        return fail(tr("Rule \"%1\": trigger must be \"frame\" or \"connect\", not \"%2\".")
                        .arg(rule.name, trigger));
    rule.trigger = trigger == QLatin1String("connect") ? Trigger::Connect : Trigger::Frame;
    const QString match = o.value(QLatin1String("match")).toString(QStringLiteral("any"));
    const auto kind = matchKindFromName(match);
    if (!kind)
        return fail(tr("Rule \"%1\": match must be one of any, exact, prefix, contains, regex, "
                       "hex; \"%2\" is not.")
                        .arg(rule.name, match));
    rule.matchKind = *kind;
    rule.pattern = o.value(QLatin1String("pattern")).toString();
    rule.encoding = o.value(QLatin1String("encoding")).toString(QStringLiteral("UTF-8"));
    const QString action = o.value(QLatin1String("action")).toString(QStringLiteral("reply"));
    if (action != QLatin1String("reply") && action != QLatin1String("echo"))
        return fail(tr("Rule \"%1\": action must be \"reply\" or \"echo\", not \"%2\".")
                        .arg(rule.name, action));
    rule.action = action == QLatin1String("echo") ? Action::Echo : Action::Reply;
    if (rule.action == Action::Reply) {
        const QJsonValue reply = o.value(QLatin1String("reply"));
        if (reply.isString()) {
            rule.reply = PayloadSpec::fromSyntax(reply.toString());
        } else {
            PayloadError payloadError;
            rule.reply = PayloadSpec::fromJson(reply.toObject(), &payloadError);
            if (payloadError.isError())
                return fail(tr("Rule \"%1\": %2").arg(rule.name, payloadError.message));
        }
    }
    const QJsonValue delay = o.value(QLatin1String("delayMs"));
    if (!delay.isUndefined() && !jsonWholeNumber(delay, 0, 3600000)) {
        return fail(
            tr("Rule \"%1\": delayMs must be a whole number of milliseconds from 0 to "
               "3600000, not %2.")
                .arg(rule.name, QString::fromUtf8(
                                    QJsonDocument(QJsonArray{delay}).toJson(QJsonDocument::Compact))
                                    .mid(1)
                                    .chopped(1)));
    }
    rule.delayMs = delay.toInt(0);
    const QString target = o.value(QLatin1String("target")).toString(QStringLiteral("sender"));
    if (target != QLatin1String("sender") && target != QLatin1String("all"))
        return fail(tr("Rule \"%1\": target must be \"sender\" or \"all\", not \"%2\".")
                        .arg(rule.name, target));
    rule.target = target == QLatin1String("all") ? Target::AllPeers : Target::Sender;
    const PayloadError compileError = rule.compile();
    if (compileError.isError())
        return fail(tr("Rule \"%1\": %2").arg(rule.name, compileError.message));
    return rule;
}

std::optional<ReplyRule> ReplyRule::fromMatchSyntax(const QString &match, const QString &reply,
                                                    QString *error)
{
    ReplyRule rule;
    rule.name = match;
    const qsizetype colon = match.indexOf(QLatin1Char(':'));
    const auto kind = colon > 0 ? matchKindFromName(QStringView(match).left(colon)) : std::nullopt;
    if (match == QLatin1String("any")) {
        rule.matchKind = MatchKind::Any;
    } else if (kind) {
        rule.matchKind = *kind;
        rule.pattern = match.mid(colon + 1);
    } else {
        rule.matchKind = MatchKind::Contains;
        rule.pattern = match;
    }
    rule.reply = PayloadSpec::fromSyntax(reply);
    const PayloadError compileError = rule.compile();
    if (compileError.isError()) {
        if (error)
            *error = compileError.message;
        return std::nullopt;
    }
    return rule;
}

std::optional<QList<ReplyRule>> rulesFromJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = ReplyRule::tr("The rules file is not valid JSON at byte %1: %2.")
                         .arg(parseError.offset)
                         .arg(parseError.errorString());
        return std::nullopt;
    }
    const auto fail = [error](const QString &message) -> std::optional<QList<ReplyRule>> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    // A wrong shape is said, never read as "no rules".
    const QJsonValue list =
        doc.isArray() ? QJsonValue(doc.array()) : doc.object().value(QLatin1String("rules"));
    if (!doc.isArray() && !doc.isObject())
        return fail(ReplyRule::tr("The rules file must hold {\"rules\": [...]}."));
    if (list.isUndefined())
        return fail(
            ReplyRule::tr("The rules file has no \"rules\" list: write {\"rules\": [...]}."));
    if (!list.isArray())
        return fail(ReplyRule::tr("\"rules\" must be a list of rules, [{...}, ...]."));
    const QJsonArray array = list.toArray();
    QList<ReplyRule> rules;
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isObject()) {
            return fail(
                ReplyRule::tr("Rule %1 of the list is not a rule (an object {...}) but %2.")
                    .arg(i + 1)
                    .arg(QString::fromUtf8(
                             QJsonDocument(QJsonArray{array.at(i)}).toJson(QJsonDocument::Compact))
                             .mid(1)
                             .chopped(1)));
        }
        auto rule = ReplyRule::fromJson(array.at(i).toObject(), error);
        if (!rule)
            return std::nullopt;
        rules << *rule;
    }
    return rules;
}

QByteArray rulesToJson(const QList<ReplyRule> &rules)
{
    QJsonArray array;
    for (const ReplyRule &rule : rules)
        array.append(rule.toJson());
    QJsonObject root;
    root[QLatin1String("rules")] = array;
    return QJsonDocument(root).toJson();
}

} // namespace sockeye
