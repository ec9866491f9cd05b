#pragma once

#include "presetpanel.h"
#include "session/sessionconfig.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace sockeye {

/**
 * A set of sessions (and the presets) saved as one `*.sockeye` JSON file:
 * `{"format": "sockeye-workspace", "version": 1, "sessions": [{"config": {...},
 * "start": true, "automation": {"rules": [...], "framing": "..."}, "view": {"framing": "..."}}],
 * "presets": [{"name": ..., "payload": {...}}]}`. "automation" is the auto-reply side (its
 * framing cuts requests for the rules); "view" is the traffic view's own framing, display only.
 * Both are optional (older files have none) and are checked when applied, not here.
 */
class Workspace
{
    Q_DECLARE_TR_FUNCTIONS(sockeye::Workspace)

public:
    struct Entry
    {
        SessionConfig config;
        bool start = false; ///< was running when saved; started again when opened
        /// Auto-reply rules and framing (AutomationController::toJson()); empty in files
        /// written before rules were saved.
        QJsonObject automation;
        /// The traffic view's settings (TrafficPane::viewToJson()); empty in files written
        /// before the view's framing was saved.
        QJsonObject view;
    };

    QList<Entry> sessions;
    QList<Preset> presets;

    static constexpr int Version = 1;

    [[nodiscard]] QByteArray toJson() const;
    /// Reads a workspace; on failure returns false and sets `error` to a sentence.
    [[nodiscard]] bool fromJson(const QByteArray &json, QString *error);

    /// Writes atomically (QSaveFile). On failure returns false and sets `error`.
    [[nodiscard]] bool save(const QString &path, QString *error) const;
    [[nodiscard]] bool load(const QString &path, QString *error);
};

} // namespace sockeye
