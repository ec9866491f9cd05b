#include "workspace.h"

#include "jsonnumber.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <limits>

namespace sockeye {

QByteArray Workspace::toJson() const
{
    QJsonArray list;
    for (const SessionSetup &session : sessions)
        list.append(session.toJson());
    QJsonObject root;
    root.insert(QLatin1String("format"), QLatin1String("sockeye-workspace"));
    root.insert(QLatin1String("version"), Version);
    root.insert(QLatin1String("sessions"), list);
    root.insert(QLatin1String("presets"), presetsToJson(presets));
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool Workspace::fromJson(const QByteArray &json, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        return fail(tr("This is not a Sockeye workspace: the JSON is invalid at byte %1 (%2).")
                        .arg(parseError.offset)
                        .arg(parseError.errorString()));
    }
    const QJsonObject root = document.object();
    if (root.value(QLatin1String("format")).toString() != QLatin1String("sockeye-workspace"))
        return fail(
            tr("This is not a Sockeye workspace: \"format\" is not \"sockeye-workspace\"."));
    const QJsonValue version = root.value(QLatin1String("version"));
    if (!jsonWholeNumber(version, 1, std::numeric_limits<int>::max()))
        return fail(
            tr("\"version\" must be a whole number from 1 (this Sockeye writes %1).").arg(Version));
    if (version.toInt() > Version) {
        return fail(tr("This workspace was written by a newer Sockeye (version %1); update "
                       "Sockeye to open it.")
                        .arg(version.toInt()));
    }
    for (const char *key : {"sessions", "presets"}) {
        const QJsonValue value = root.value(QLatin1String(key));
        if (!value.isUndefined() && !value.isArray())
            return fail(tr("\"%1\" must be a list.").arg(QLatin1String(key)));
    }
    QList<SessionSetup> entries;
    const QJsonArray list = root.value(QLatin1String("sessions")).toArray();
    for (int i = 0; i < list.size(); ++i) {
        if (!list.at(i).isObject())
            return fail(tr("sessions[%1] must be an object.").arg(i));
        QString why;
        const auto setup = SessionSetup::fromJson(list.at(i).toObject(), &why);
        if (!setup)
            return fail(tr("sessions[%1].%2").arg(i).arg(why));
        entries << *setup;
    }
    sessions = entries;
    presets = presetsFromJson(root.value(QLatin1String("presets")).toArray());
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
    if (file.size() > MaxFileSize) {
        if (error)
            *error = tr("Cannot open %1: at %2 MiB it is larger than a workspace can be (%3 MiB).")
                         .arg(QFileInfo(path).fileName())
                         .arg(file.size() / (1024 * 1024))
                         .arg(MaxFileSize / (1024 * 1024));
        return false;
    }
    // A pipe or a device has no size to check first: read one byte past the limit at most.
    const QByteArray content = file.read(MaxFileSize + 1);
    if (content.size() > MaxFileSize) {
        if (error)
            *error = tr("Cannot open %1: it is larger than a workspace can be (%2 MiB).")
                         .arg(QFileInfo(path).fileName())
                         .arg(MaxFileSize / (1024 * 1024));
        return false;
    }
    QString why;
    if (!fromJson(content, &why)) {
        if (error)
            *error = tr("Cannot open %1. %2").arg(QFileInfo(path).fileName(), why);
        return false;
    }
    return true;
}

} // namespace sockeye
