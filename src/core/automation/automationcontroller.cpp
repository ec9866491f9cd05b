#include "automationcontroller.h"

#include "responder.h"
#include "session/session.h"
#include "traffic/framer.h"
#include "traffic/streamframers.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace sockeye {

namespace {
bool isEchoRule(const ReplyRule &rule)
{
    return rule.trigger == ReplyRule::Trigger::Frame && rule.action == ReplyRule::Action::Echo &&
           rule.matchKind == ReplyRule::MatchKind::Any;
}
} // namespace

AutomationController::AutomationController(Session *session, StreamFramers *framers,
                                           QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_framers(framers)
    , m_responder(new Responder(session, framers, this))
{
    connect(framers, &StreamFramers::specChanged, this, [this] {
        emit framingChanged();
        emit changed();
    });
    connect(m_responder, &Responder::ruleMatched, this, [this](int index, PeerId) {
        if (index < 0 || index >= m_counts.size())
            return;
        ++m_counts[index];
        emit matchCountChanged(index);
    });
    connect(m_responder, &Responder::replyFailed, this,
            [this](int, const QString &message) { emit replyFailed(message); });
}

int AutomationController::enabledCount() const
{
    return int(std::count_if(m_rules.cbegin(), m_rules.cend(),
                             [](const ReplyRule &rule) { return rule.enabled; }));
}

void AutomationController::apply()
{
    m_responder->setRules(m_rules);
    emit rulesChanged();
    emit changed();
}

void AutomationController::setRules(const QList<ReplyRule> &rules)
{
    m_rules = rules;
    m_counts = QList<quint64>(rules.size(), 0);
    apply();
}

void AutomationController::insertRule(int index, const ReplyRule &rule)
{
    index = qBound(0, index, ruleCount());
    m_rules.insert(index, rule);
    m_counts.insert(index, 0);
    apply();
}

void AutomationController::replaceRule(int index, const ReplyRule &rule)
{
    if (index < 0 || index >= ruleCount())
        return;
    m_rules[index] = rule;
    apply();
}

void AutomationController::removeRule(int index)
{
    if (index < 0 || index >= ruleCount())
        return;
    m_rules.removeAt(index);
    m_counts.removeAt(index);
    apply();
}

void AutomationController::moveRule(int from, int to)
{
    if (from < 0 || from >= ruleCount())
        return;
    to = qBound(0, to, ruleCount() - 1);
    if (from == to)
        return;
    m_rules.move(from, to);
    m_counts.move(from, to);
    apply();
}

void AutomationController::setRuleEnabled(int index, bool enabled)
{
    if (index < 0 || index >= ruleCount() || m_rules.at(index).enabled == enabled)
        return;
    m_rules[index].enabled = enabled;
    apply();
}

void AutomationController::resetCounts()
{
    m_counts.fill(0);
    for (int i = 0; i < m_counts.size(); ++i)
        emit matchCountChanged(i);
}

int AutomationController::echoIndex() const
{
    for (int i = 0; i < ruleCount(); ++i) {
        if (isEchoRule(m_rules.at(i)))
            return i;
    }
    return -1;
}

bool AutomationController::isEchoOn() const
{
    const int index = echoIndex();
    return index >= 0 && m_rules.at(index).enabled;
}

void AutomationController::setEchoOn(bool on)
{
    const int index = echoIndex();
    if (index >= 0) {
        setRuleEnabled(index, on);
    } else if (on) {
        // Last: rules the user wrote answer first, the echo catches the rest.
        insertRule(ruleCount(), ReplyRule::echo());
    }
}

int AutomationController::welcomeIndex() const
{
    for (int i = 0; i < ruleCount(); ++i) {
        if (m_rules.at(i).trigger == ReplyRule::Trigger::Connect)
            return i;
    }
    return -1;
}

bool AutomationController::isWelcomeOn() const
{
    const int index = welcomeIndex();
    return index >= 0 && m_rules.at(index).enabled;
}

PayloadSpec AutomationController::welcomePayload() const
{
    const int index = welcomeIndex();
    return index >= 0 ? m_rules.at(index).reply : PayloadSpec();
}

QString AutomationController::setWelcome(bool on, const PayloadSpec &payload)
{
    const int index = welcomeIndex();
    if (!on && index < 0)
        return {};
    if (payload.text().isEmpty() && payload.lineEnding() == PayloadSpec::LineEnding::None && on)
        return tr("Type the welcome message first, e.g. text:Hello\\r\\n.");
    ReplyRule rule = index >= 0 ? m_rules.at(index) : ReplyRule::welcome(payload);
    rule.reply = payload;
    rule.enabled = on;
    const PayloadError error = rule.compile();
    if (error.isError())
        return error.message;
    if (index >= 0) {
        const ReplyRule &old = m_rules.at(index);
        if (old.enabled == rule.enabled && old.reply == rule.reply)
            return {};
        replaceRule(index, rule);
    } else {
        insertRule(0, rule);
    }
    return {};
}

QString AutomationController::framingSpec() const
{
    return m_framers->spec();
}

QString AutomationController::setFramingSpec(const QString &spec)
{
    return m_framers->setSpec(spec.trimmed()); // specChanged() tells the rest
}

QJsonObject AutomationController::toJson() const
{
    return QJsonDocument::fromJson(rulesToJson(m_rules)).object();
}

bool AutomationController::fromJson(const QJsonObject &json, QString *error)
{
    if (json.isEmpty()) { // a session saved without rules
        setRules({});
        return true;
    }
    QString why;
    const auto rules = rulesFromJson(QJsonDocument(json).toJson(QJsonDocument::Compact), &why);
    if (!rules) {
        if (error)
            *error = why;
        return false;
    }
    setRules(*rules);
    return true;
}

std::optional<QList<ReplyRule>>
AutomationController::readRulesFile(const QString &path, QString *error, QString *framing)
{
    const auto fail = [&](const QString &message) -> std::optional<QList<ReplyRule>> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const QString name = QFileInfo(path).fileName();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(tr("Cannot open %1: %2.").arg(name, file.errorString()));
    constexpr qint64 MaxRulesFile = 16 * 1024 * 1024;
    const QByteArray content = file.read(MaxRulesFile + 1);
    if (content.size() > MaxRulesFile)
        return fail(
            tr("Cannot import %1: it is larger than a rules file can be (16 MiB).").arg(name));
    QString why;
    auto rules = rulesFromJson(content, &why);
    if (!rules)
        return fail(tr("Cannot import %1. %2").arg(name, why));
    if (rules->isEmpty())
        return fail(tr("Cannot import %1: it holds no rules.").arg(name));
    // The framing its requests need (a Modbus TCP device: prefix:2be,offset=4), when it says.
    const QJsonValue spec =
        QJsonDocument::fromJson(content).object().value(QLatin1String("framing"));
    if (!spec.isUndefined()) {
        QString framingError;
        const auto framer = Framer::create(spec.toString(), &framingError);
        if (!spec.isString() || !framingError.isEmpty())
            return fail(tr("Cannot import %1: its \"framing\" is not a framing spec. %2")
                            .arg(name, framingError));
        if (framing)
            *framing = framer ? framer->spec() : QString();
    }
    return rules;
}

bool AutomationController::writeRulesFile(const QString &path, QString *error) const
{
    // The rules with the framing they were written for, so the file works as it is elsewhere.
    QJsonObject object = toJson();
    if (!framingSpec().isEmpty())
        object.insert(QLatin1String("framing"), framingSpec());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QJsonDocument(object).toJson(QJsonDocument::Indented)) < 0 || !file.commit()) {
        if (error)
            *error = tr("Cannot save %1: %2.").arg(QFileInfo(path).fileName(), file.errorString());
        return false;
    }
    return true;
}

} // namespace sockeye
