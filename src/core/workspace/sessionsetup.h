#pragma once

#include "session/sessionconfig.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace sockeye {

/**
 * One session as it is saved: what the session list in QSettings and a workspace file keep of
 * it, in one JSON form read by one function (the app's settings restore, File > Open workspace
 * and `sockeye-cli run` all go through fromJson()):
 *
 * `{"config": {...}, "start": true, "framing": "delim:\r\n", "automation": {"rules": [...]},
 *   "view": {...}}`
 *
 * - `framing` is the session's one framing (the traffic view, the rules, echo and the CLI's
 *   output all cut frames with it). fromJson() keeps it as stored; framingError() says whether
 *   it parses, so the app can show a bad one marked and `sockeye-cli run` can refuse it.
 * - `automation` is what AutomationController::toJson() writes; checked when applied.
 * - `periodic` is the composer's periodic send (PeriodicSend::toJson()); checked when applied.
 * - `receiveFile` is receive to file (ReceiveFileSettings::toJson()); checked when applied.
 * - `view` is the app's own settings for the session, kept for the GUI and not read here: how
 *   its traffic shows (`mode`, `encoding`, `timestamps`, `display`: TrafficPane) and whether
 *   its send box is emptied after a send (`clearAfterSend`).
 *
 * Older files are read too: the framing then came from `automation.framing` (what the rules
 * used) or, without it, from `view.framing` (what the view showed); a session list entry
 * written before this form was the config object itself with those keys beside it.
 */
struct SessionSetup
{
    SessionConfig config;
    bool start = false; ///< was running when saved
    QString framing;    ///< as stored; "": each chunk is a frame
    QJsonObject automation;
    QJsonObject periodic;    ///< empty: none
    QJsonObject receiveFile; ///< ReceiveFileSettings::toJson(); empty: none
    QJsonObject view;
    QString framingField = QStringLiteral("framing"); ///< where fromJson() found the framing

    /// Why the framing does not parse, naming its field ("framing: ..."), or "".
    [[nodiscard]] QString framingError() const;
    /// The first part that would not apply (the framing, the rules, the periodic send), naming
    /// its field, or
    /// "": what `sockeye-cli run` refuses before anything starts.
    [[nodiscard]] QString problem() const;

    [[nodiscard]] QJsonObject toJson() const;
    /// Reads one entry. On a bad field returns nothing and sets `error` to a sentence that
    /// names the field (e.g. "config: ..."), so a file's reader can say where.
    [[nodiscard]] static std::optional<SessionSetup> fromJson(const QJsonObject &json,
                                                              QString *error = nullptr);

private:
    bool m_framingNotText = false;

    Q_DECLARE_TR_FUNCTIONS(sockeye::SessionSetup) // last: the macro ends with "private:"
};

} // namespace sockeye
