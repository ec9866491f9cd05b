#pragma once

#include "payload/payloadspec.h"

#include <QJsonArray>
#include <QList>
#include <QString>

namespace sockeye {

/// A named payload the user keeps to send again (the presets panel, workspaces).
struct Preset
{
    QString name;
    PayloadSpec spec;
    /// Its hotkey in QKeySequence's portable text ("Ctrl+1"); "" for none. The GUI checks it.
    QString shortcut = {};

    /// The same payload under the same name (a workspace brings it again), whatever its key.
    friend bool operator==(const Preset &a, const Preset &b)
    {
        return a.name == b.name && a.spec == b.spec;
    }
};

/// The longest preset name and payload (as written) presetsFromJson() takes: a 50 MiB name in a
/// workspace once made the app take 2 GB.
inline constexpr qsizetype MaxPresetNameLength = 200;
inline constexpr qsizetype MaxPresetPayloadLength = 1024 * 1024;
inline constexpr qsizetype MaxPresetShortcutLength = 64;

/// `[{"name": ..., "payload": {...}, "shortcut": "Ctrl+1"}]` (shortcut only when set), the payload
/// as PayloadSpec::toJson() writes it: the one form QSettings and workspace files keep presets in.
[[nodiscard]] QJsonArray presetsToJson(const QList<Preset> &presets);
/// Reads what presetsToJson() wrote. An entry whose payload no longer parses is left out and
/// named in `skipped` (its name and the reason), never half-applied; so is one whose name or
/// payload is longer than the limits above.
[[nodiscard]] QList<Preset> presetsFromJson(const QJsonArray &array,
                                            QStringList *skipped = nullptr);

} // namespace sockeye
