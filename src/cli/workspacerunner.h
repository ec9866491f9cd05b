#pragma once

#include "clioptions.h"
#include "session/session.h"

#include <QList>
#include <QObject>
#include <QSet>

namespace sockeye {
class SessionController;
class SessionManager;
} // namespace sockeye

namespace sockeye::cli {

class FrameWriter;

/**
 * `sockeye-cli run WORKSPACE`: starts every session of a workspace saved in the app, each
 * through the core's SessionController (its framing, rules, echo and welcome, as the app runs
 * them), and prints what they receive as `listen` does. The parser has already checked the
 * file field by field.
 *
 * Ends with ExitOk after --duration, --count frames, Ctrl+C, or once every session has ended
 * by itself; with ExitNetwork when a session cannot start (its error before it first listened,
 * bound or connected: port in use, host not found, refused), after stopping the others.
 */
class WorkspaceRunner : public QObject
{
    Q_OBJECT
public:
    WorkspaceRunner(const CliOptions &options, FrameWriter *output, QObject *parent = nullptr);
    ~WorkspaceRunner() override;

    void start();
    void interrupt();

signals:
    void finished(int exitCode);

private:
    void watch(Session *session, SessionController *controller);
    void onStarted(Session *session);
    void message(const QString &text);
    void checkAllEnded();
    void finish(int code);

    CliOptions m_options;
    FrameWriter *m_output;
    SessionManager *m_manager;
    QList<SessionController *> m_controllers;
    QSet<SessionId> m_started; ///< sessions that listened, bound or connected once
    quint64 m_frames = 0;
    bool m_starting = false;
    bool m_finishing = false;
    bool m_finished = false;
};

} // namespace sockeye::cli
