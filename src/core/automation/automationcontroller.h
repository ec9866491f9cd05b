#pragma once

#include "automation/replyrule.h"

#include <QJsonObject>
#include <QList>
#include <QObject>

#include <optional>

namespace sockeye {

class Responder;
class Session;
class StreamFramers;

/**
 * The auto-reply side of one session: owns the session's Responder and the ordered rule list it
 * answers with, so rules work the same for TCP servers, clients and UDP. Requests are the
 * frames of the session's one framing (StreamFramers, shared with the traffic view and the
 * CLI's output), so what the view shows as one frame is what a rule sees.
 *
 * Echo and the welcome message are ordinary rules in the list (ReplyRule::echo() and
 * ReplyRule::welcome()); the quick toggles find them by shape: the echo rule is an Echo action
 * on every frame, the welcome rule the first rule fired on connect. Match counts are kept here,
 * per rule, so they survive edits and reordering of other rules.
 *
 * Persists as JSON: `{"rules": [...]}`, what rulesToJson() writes, so an exported file and a
 * stored session read the same way. The framing is the session's (SessionSetup keeps it).
 */
class AutomationController : public QObject
{
    Q_OBJECT
public:
    /// Answers the frames `framers` cuts of what `session` receives.
    AutomationController(Session *session, StreamFramers *framers, QObject *parent = nullptr);

    [[nodiscard]] Session *session() const { return m_session; }
    [[nodiscard]] StreamFramers *framers() const { return m_framers; }
    [[nodiscard]] Responder *responder() const { return m_responder; }

    [[nodiscard]] const QList<ReplyRule> &rules() const { return m_rules; }
    [[nodiscard]] int ruleCount() const { return int(m_rules.size()); }
    [[nodiscard]] int enabledCount() const;
    /// How often rule `index` matched (or fired on connect) since it was added.
    [[nodiscard]] quint64 matchCount(int index) const { return m_counts.value(index); }

    /// Replaces every rule; each must have compiled (ReplyRule::compile()).
    void setRules(const QList<ReplyRule> &rules);
    void insertRule(int index, const ReplyRule &rule);
    void replaceRule(int index, const ReplyRule &rule);
    void removeRule(int index);
    /// Moves rule `from` so that it ends up at index `to`.
    void moveRule(int from, int to);
    void setRuleEnabled(int index, bool enabled);
    void resetCounts();

    /// The echo rule's index, or -1.
    [[nodiscard]] int echoIndex() const;
    [[nodiscard]] bool isEchoOn() const;
    /// On: enables the echo rule, or appends one. Off: disables it (it keeps its place).
    void setEchoOn(bool on);

    /// The welcome rule's index (the first rule fired on connect), or -1.
    [[nodiscard]] int welcomeIndex() const;
    [[nodiscard]] bool isWelcomeOn() const;
    /// The welcome rule's payload, or an empty one.
    [[nodiscard]] PayloadSpec welcomePayload() const;
    /// Turns the welcome message on or off with this payload (added as the first rule when
    /// there is none). Returns the error sentence (and changes nothing) when the payload is
    /// invalid or empty, "" otherwise.
    QString setWelcome(bool on, const PayloadSpec &payload);

    /// The session's framing, which cuts requests (and what the traffic view shows).
    [[nodiscard]] QString framingSpec() const;
    /// Sets the session's framing ("" or "none": each chunk). Returns the error sentence for a
    /// bad spec (and keeps the previous framing), or "".
    QString setFramingSpec(const QString &spec);

    [[nodiscard]] QJsonObject toJson() const;
    /// Restores what toJson() wrote; an empty object means no rules. On a bad rule, returns
    /// false with the sentence in `error` and leaves the rules as they were.
    bool fromJson(const QJsonObject &json, QString *error);

    /// Reads a rules file (`{"framing": "...", "rules": [...]}`, as sockeye-cli --rules takes
    /// it). A file of another shape, with no rules or with a bad framing is refused with a
    /// sentence; `framing` gets the file's framing when it has one (else stays as it was).
    [[nodiscard]] static std::optional<QList<ReplyRule>>
    readRulesFile(const QString &path, QString *error, QString *framing = nullptr);
    /// Writes the rules, with the session's framing, to a file atomically (QSaveFile).
    [[nodiscard]] bool writeRulesFile(const QString &path, QString *error) const;

signals:
    /// The rule list changed (content, order, enabled states).
    void rulesChanged();
    void matchCountChanged(int index);
    void framingChanged();
    /// Something to persist changed (rules or framing).
    void changed();
    /// A reply could not be built or sent; the sentence says why.
    void replyFailed(const QString &message);

private:
    void apply();

    Session *m_session;
    StreamFramers *m_framers;
    Responder *m_responder;
    QList<ReplyRule> m_rules;
    QList<quint64> m_counts;
};

} // namespace sockeye
