#pragma once

#include "sessionsetup.h"

#include <QObject>
#include <QStringList>

namespace sockeye {

class AutomationController;
class PeriodicSender;
class ReceiveFile;
class Session;
class StreamFramers;

/**
 * What one session does besides its socket, for every face alike: its one framing
 * (StreamFramers over the session's records: what the traffic view shows, the rules answer
 * and the CLI prints), its automation (rules, echo, welcome), its periodic send and its receive
 * to file. The app's
 * session panel (whose composer drives the same PeriodicSender) and
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
    [[nodiscard]] PeriodicSender *periodic() const { return m_periodic; }
    [[nodiscard]] ReceiveFile *receiveFile() const { return m_receiveFile; }

    /// Applies the framing, the rules and the periodic send of `setup` (the session was made
    /// from its config). Each part that does not parse is left as it was and named in the
    /// returned sentences; nothing is applied half-way. A periodic send saved running starts
    /// once the session can send: a client connected, UDP bound, a server's first client. A
    /// receive to file saved on opens its file at once (a failure is one of the sentences).
    QStringList apply(const SessionSetup &setup);
    /// The session as it stands, to save: config, running or not, framing, rules and periodic
    /// send. `view` is left empty for the caller (the app) to fill.
    [[nodiscard]] SessionSetup setup() const;

signals:
    /// The framing or the rules changed (something to persist).
    void changed();

private:
    void startPeriodicWhenReady();
    void disarmPeriodic();

    Session *m_session;
    StreamFramers *m_framers;
    AutomationController *m_automation;
    PeriodicSender *m_periodic;
    ReceiveFile *m_receiveFile;
    bool m_periodicSaved = false; ///< a periodic send came with the setup or was started
    bool m_periodicArmed = false; ///< saved running: starts when the session can send
    QMetaObject::Connection m_armedByState;
    QMetaObject::Connection m_armedByPeer;
};

} // namespace sockeye
