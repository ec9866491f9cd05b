#include "workspace.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace sockeye {

QByteArray Workspace::toJson() const
{
    QJsonArray list;
    for (const Entry &entry : sessions) {
        QJsonObject object;
        object.insert(QLatin1String("config"), entry.config.toJson());
        object.insert(QLatin1String("start"), entry.start);
        if (!entry.automation.isEmpty())
            object.insert(QLatin1String("automation"), entry.automation);
        if (!entry.view.isEmpty())
            object.insert(QLatin1String("view"), entry.view);
        list.append(object);
    }
    QJsonArray presetList;
    for (const Preset &preset : presets) {
        QJsonObject object;
        object.insert(QLatin1String("name"), preset.name);
        object.insert(QLatin1String("payload"), preset.spec.toJson());
        presetList.append(object);
    }
    QJsonObject root;
    root.insert(QLatin1String("format"), QLatin1String("sockeye-workspace"));
    root.insert(QLatin1String("version"), Version);
    root.insert(QLatin1String("sessions"), list);
    root.insert(QLatin1String("presets"), presetList);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool Workspace::fromJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        if (error) {
            *error = tr("This is not a Sockeye workspace: the JSON is invalid at byte %1 (%2).")
                         .arg(parseError.offset)
                         .arg(parseError.errorString());
        }
        return false;
    }
    const QJsonObject root = document.object();
    if (root.value(QLatin1String("format")).toString() != QLatin1String("sockeye-workspace")) {
        if (error)
            *error =
                tr("This is not a Sockeye workspace: \"format\" is not \"sockeye-workspace\".");
        return false;
    }
    if (root.value(QLatin1String("version")).toInt() > Version) {
        if (error)
            *error = tr("This workspace was written by a newer Sockeye (version %1); update "
                        "Sockeye to open it.")
                         .arg(root.value(QLatin1String("version")).toInt());
        return false;
    }
    QList<Entry> entries;
    const QJsonArray list = root.value(QLatin1String("sessions")).toArray();
    for (int i = 0; i < list.size(); ++i) {
        const QJsonObject object = list.at(i).toObject();
        QString configError;
        const auto config =
            SessionConfig::fromJson(object.value(QLatin1String("config")).toObject(), &configError);
        if (!config) {
            if (error)
                *error =
                    tr("Session %1 of the workspace is invalid: %2").arg(i + 1).arg(configError);
            return false;
        }
        entries << Entry{*config, object.value(QLatin1String("start")).toBool(),
                         object.value(QLatin1String("automation")).toObject(),
                         object.value(QLatin1String("view")).toObject()};
    }
    QList<Preset> presetList;
    for (const QJsonValue &value : root.value(QLatin1String("presets")).toArray()) {
        const QJsonObject object = value.toObject();
        PayloadError payloadError;
        const PayloadSpec spec =
            PayloadSpec::fromJson(object.value(QLatin1String("payload")).toObject(), &payloadError);
        if (!payloadError.isError())
            presetList << Preset{object.value(QLatin1String("name")).toString(), spec};
    }
    sessions = entries;
    presets = presetList;
    return true;
}

bool Workspace::save(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = tr("Cannot save %1: %2.").arg(QFileInfo(path).fileName(), file.errorString());
        return false;
    }
    file.write(toJson());
    if (!file.commit()) {
        if (error)
            *error = tr("Cannot save %1: %2.").arg(QFileInfo(path).fileName(), file.errorString());
        return false;
    }
    return true;
}

bool Workspace::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("Cannot open %1: %2.").arg(QFileInfo(path).fileName(), file.errorString());
        return false;
    }
    QString why;
    if (!fromJson(file.readAll(), &why)) {
        if (error)
            *error = tr("Cannot open %1. %2").arg(QFileInfo(path).fileName(), why);
        return false;
    }
    return true;
}

} // namespace sockeye
