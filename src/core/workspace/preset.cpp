#include "preset.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace sockeye {

QJsonArray presetsToJson(const QList<Preset> &presets)
{
    QJsonArray array;
    for (const Preset &preset : presets) {
        QJsonObject object;
        object.insert(QLatin1String("name"), preset.name);
        object.insert(QLatin1String("payload"), preset.spec.toJson());
        if (!preset.shortcut.isEmpty())
            object.insert(QLatin1String("shortcut"), preset.shortcut);
        array.append(object);
    }
    return array;
}

QList<Preset> presetsFromJson(const QJsonArray &array, QStringList *skipped)
{
    QList<Preset> presets;
    for (const QJsonValue &value : array) {
        const QJsonObject object = value.toObject();
        const QString name = object.value(QLatin1String("name")).toString();
        if (!value.isObject() || !object.value(QLatin1String("payload")).isObject()) {
            if (skipped) {
                *skipped << QCoreApplication::translate("sockeye::Preset",
                                                        "A preset without a payload was left out.");
            }
            continue;
        }
        if (name.size() > MaxPresetNameLength || object.value(QLatin1String("payload"))
                                                         .toObject()
                                                         .value(QLatin1String("payload"))
                                                         .toString()
                                                         .size() > MaxPresetPayloadLength) {
            if (skipped) {
                *skipped << QCoreApplication::translate(
                                "sockeye::Preset",
                                "A preset was left out: its name can have at most %1 characters "
                                "and its payload at most %2.")
                                .arg(MaxPresetNameLength)
                                .arg(MaxPresetPayloadLength);
            }
            continue;
        }
        PayloadError error;
        const PayloadSpec spec =
            PayloadSpec::fromJson(object.value(QLatin1String("payload")).toObject(), &error);
        if (error.isError()) {
            if (skipped) {
                *skipped << QCoreApplication::translate("sockeye::Preset",
                                                        "Preset \"%1\" was left out: %2")
                                .arg(name, error.message);
            }
            continue;
        }
        // A key that is not text or too long is dropped, not the preset: it is only a hotkey.
        QString shortcut = object.value(QLatin1String("shortcut")).toString();
        if (shortcut.size() > MaxPresetShortcutLength)
            shortcut.clear();
        presets << Preset{name, spec, shortcut};
    }
    return presets;
}

} // namespace sockeye
