#include "sessionsetup.h"

#include "automation/periodicsender.h"
#include "automation/replyrule.h"
#include "traffic/framer.h"
#include "traffic/receivefile.h"

#include <QJsonDocument>

namespace sockeye {

QJsonObject SessionSetup::toJson() const
{
    QJsonObject object;
    object.insert(QLatin1String("config"), config.toJson());
    object.insert(QLatin1String("start"), start);
    if (!framing.isEmpty())
        object.insert(QLatin1String("framing"), framing);
    if (!automation.isEmpty())
        object.insert(QLatin1String("automation"), automation);
    if (!periodic.isEmpty())
        object.insert(QLatin1String("periodic"), periodic);
    if (!receiveFile.isEmpty())
        object.insert(QLatin1String("receiveFile"), receiveFile);
    if (!view.isEmpty())
        object.insert(QLatin1String("view"), view);
    return object;
}

std::optional<SessionSetup> SessionSetup::fromJson(const QJsonObject &json, QString *error)
{
    const auto fail = [error](const QString &message) -> std::optional<SessionSetup> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    // A session list entry written before this form is the config with the other keys beside.
    const bool legacyEntry = !json.contains(QLatin1String("config"));
    const QJsonValue configValue =
        legacyEntry ? QJsonValue(json) : json.value(QLatin1String("config"));
    if (!configValue.isObject())
        return fail(tr("config: must be an object with the session's settings."));
    QString why;
    const auto config = SessionConfig::fromJson(configValue.toObject(), &why);
    if (!config)
        return fail(tr("config: %1").arg(why));

    SessionSetup setup;
    setup.config = *config;
    const QJsonValue start = json.value(QLatin1String("start"));
    if (!start.isUndefined() && !start.isBool())
        return fail(tr("start: must be true or false."));
    setup.start = start.toBool();
    for (const char *key : {"automation", "periodic", "receiveFile", "view"}) {
        const QJsonValue value = json.value(QLatin1String(key));
        if (!value.isUndefined() && !value.isObject())
            return fail(tr("%1: must be an object.").arg(QLatin1String(key)));
    }
    setup.automation = json.value(QLatin1String("automation")).toObject();
    setup.periodic = json.value(QLatin1String("periodic")).toObject();
    setup.receiveFile = json.value(QLatin1String("receiveFile")).toObject();
    setup.view = json.value(QLatin1String("view")).toObject();

    // The framing: this form's own key, else what older files kept for the rules, else for the
    // view. Where it came from names the field in a sentence.
    QString field = QStringLiteral("framing");
    QJsonValue framing = json.value(field);
    if (framing.isUndefined() && setup.automation.contains(field)) {
        field = QStringLiteral("automation.framing");
        framing = setup.automation.value(QLatin1String("framing"));
    } else if (framing.isUndefined() && setup.view.contains(field)) {
        field = QStringLiteral("view.framing");
        framing = setup.view.value(QLatin1String("framing"));
    }
    setup.automation.remove(QLatin1String("framing"));
    setup.view.remove(QLatin1String("framing"));
    setup.framingField = field;
    if (!framing.isUndefined() && !framing.isString())
        setup.m_framingNotText = true; // reported by framingError(), like a spec that fails
    setup.framing = framing.toString().trimmed();
    return setup;
}

QString SessionSetup::framingError() const
{
    if (m_framingNotText)
        return tr("%1: must be a framing spec such as delim:\\n.").arg(framingField);
    QString why;
    (void)Framer::create(framing, &why);
    return why.isEmpty() ? QString() : tr("%1: %2").arg(framingField, why);
}

QString SessionSetup::problem() const
{
    const QString framingProblem = framingError();
    if (!framingProblem.isEmpty())
        return framingProblem;
    QString why;
    if (!automation.isEmpty() &&
        !rulesFromJson(QJsonDocument(automation).toJson(QJsonDocument::Compact), &why))
        return tr("automation: %1").arg(why);
    if (!periodic.isEmpty() && !PeriodicSend::fromJson(periodic, &why))
        return tr("periodic.%1").arg(why);
    if (!receiveFile.isEmpty() && !ReceiveFileSettings::fromJson(receiveFile, &why))
        return tr("receiveFile.%1").arg(why);
    return {};
}

} // namespace sockeye
