#pragma once

#include "sessionsetup.h"

#include <QObject>
#include <QStringList>

namespace sockeye {

class AutomationController;
class Session;
class StreamFramers;

/**
 * What one session does besides its socket, for every face alike: its one framing
 * (StreamFramers over the session's records: what the traffic view shows, the rules answer
 * and the CLI prints) and its automation (rules, echo, welcome). The app's session panel and
 * `sockeye-cli run` each make one per session and restore it from a SessionSetup through
 * apply(), the one path for settings, workspaces and the CLI.
 */
class SessionController : public QObject
{
    Q_OBJECT
public:
    explicit SessionController(Session *session, QObject *parent = nullptr);

    [[nodiscard]] Session *session() const { return m_session; }
    [[nodiscard]] StreamFramers *framers() const { return m_framers; }
    [[nodiscard]] AutomationController *automation() const { return m_automation; }

    /// Applies the framing and the rules of `setup` (the session was made from its config).
    /// Each part that does not parse is left as it was and named in the returned sentences;
    /// nothing is applied half-way.
    QStringList apply(const SessionSetup &setup);
    /// The session as it stands, to save: config, running or not, framing and rules. `view` is
    /// left empty for the caller (the app) to fill.
    [[nodiscard]] SessionSetup setup() const;

signals:
    /// The framing or the rules changed (something to persist).
    void changed();

private:
    Session *m_session;
    StreamFramers *m_framers;
    AutomationController *m_automation;
};

} // namespace sockeye
