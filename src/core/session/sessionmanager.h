#pragma once

#include "session.h"
#include "sessionconfig.h"

#include <QList>
#include <QObject>

namespace sockeye {

class TrafficLog;

/// Owns the traffic log and every session, each with an id that never changes or repeats.
class SessionManager : public QObject
{
    Q_OBJECT
public:
    explicit SessionManager(QObject *parent = nullptr);
    ~SessionManager() override;

    [[nodiscard]] TrafficLog *log() const { return m_log; }

    /// Creates (but does not start) a session of the config's kind.
    Session *createSession(const SessionConfig &config);
    /// Stops and deletes the session.
    void removeSession(SessionId id);
    [[nodiscard]] Session *session(SessionId id) const;
    [[nodiscard]] QList<Session *> sessions() const { return m_sessions; }

signals:
    void sessionAdded(sockeye::Session *session);
    void sessionRemoved(sockeye::SessionId id);

private:
    TrafficLog *m_log;
    QList<Session *> m_sessions;
    SessionId m_nextId = 1;
};

} // namespace sockeye
