#pragma once

#include "preset.h"
#include "sessionsetup.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace sockeye {

/**
 * A set of sessions (and the presets) saved as one `*.sockeye` JSON file:
 * `{"format": "sockeye-workspace", "version": 1, "sessions": [SessionSetup...],
 *   "presets": [{"name": ..., "payload": {...}}]}`.
 * The app writes and opens it (File > Save/Open workspace) and `sockeye-cli run` runs it; both
 * read it with fromJson(), which names the first bad field.
 */
class Workspace
{
    Q_DECLARE_TR_FUNCTIONS(sockeye::Workspace)

public:
    QList<SessionSetup> sessions;
    QList<Preset> presets;

    static constexpr int Version = 1;
    /// A workspace file larger than this is refused before it is read (64 MiB).
    static constexpr qint64 MaxFileSize = qint64(64) * 1024 * 1024;

    [[nodiscard]] QByteArray toJson() const;
    /// Reads a workspace; on failure returns false and sets `error` to a sentence naming the
    /// first bad field (`sessions[2].config: ...`).
    [[nodiscard]] bool fromJson(const QByteArray &json, QString *error);

    /// Writes atomically (QSaveFile). On failure returns false and sets `error`.
    [[nodiscard]] bool save(const QString &path, QString *error) const;
    /// Reads a file; a failure's sentence names the file, then the field.
    [[nodiscard]] bool load(const QString &path, QString *error);
};

} // namespace sockeye
