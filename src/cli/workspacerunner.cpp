#include "workspacerunner.h"

#include "automation/automationcontroller.h"
#include "automation/periodicsender.h"
#include "cliapp.h"
#include "framewriter.h"
#include "session/sessionmanager.h"
#include "traffic/streamframers.h"
#include "traffic/trafficlog.h"
#include "workspace/sessioncontroller.h"

#include <QTimer>

#include <cstdio>

namespace sockeye::cli {

WorkspaceRunner::WorkspaceRunner(const CliOptions &options, FrameWriter *output, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_output(output)
    , m_manager(new SessionManager(this))
{
    m_manager->log()->setByteBudget(CliLogBudget);
}

WorkspaceRunner::~WorkspaceRunner() = default;

void WorkspaceRunner::message(const QString &text)
{
    m_output->message(text);
}

void WorkspaceRunner::start()
{
    if (m_options.durationS >= 0)
        QTimer::singleShot(qint64(m_options.durationS * 1000), this, [this] { finish(ExitOk); });
    // Every session is made and given its framing and rules before any starts, so none
    // answers without its rules and a failure stops the others before they serve anyone.
    QList<Session *> sessions;
    for (const SessionSetup &setup : std::as_const(m_options.workspace.sessions)) {
        Session *session = m_manager->createSession(setup.config);
        auto *controller = new SessionController(session, this);
        (void)controller->apply(setup); // checked by the parser
        m_controllers << controller;
        watch(session, controller);
        sessions << session;
    }
    m_starting = true;
    for (Session *session : std::as_const(sessions)) {
        if (m_finished)
            return;
        if (!session->start())
            return; // its errorOccurred finished the run
    }
    m_starting = false;
}

void WorkspaceRunner::watch(Session *session, SessionController *controller)
{
    const QString name = session->displayName();
    const bool several = m_options.workspace.sessions.size() > 1;
    connect(controller->framers(), &StreamFramers::frameCompleted, this,
            [this, session, controller, name, several](const TrafficRecord &frame) {
                if (frame.direction != Direction::Rx || m_finished)
                    return;
                QString label;
                if (m_options.timestamps) {
                    const auto peer = session->peer(frame.peer);
                    label = peer ? peer->label() : QStringLiteral("-");
                    if (several)
                        label = name + QLatin1Char(' ') + label;
                }
                m_output->write(frame.bytes, controller->framers()->body(frame.bytes), label);
                if (m_options.count > 0 && ++m_frames >= m_options.count)
                    finish(ExitOk);
            });
    connect(controller->framers(), &StreamFramers::framingProblem, this,
            [this, name](SessionId, PeerId, const QString &text) {
                message(tr("%1: %2").arg(name, text));
            });
    connect(session, &Session::stateChanged, this, [this, session](Session::State state) {
        if (state == Session::State::Listening || state == Session::State::Bound ||
            state == Session::State::Connected)
            onStarted(session);
        else if (state == Session::State::Idle)
            checkAllEnded();
    });
    connect(session, &Session::errorOccurred, this,
            [this, session, name](SessionError, const QString &text) {
                std::fprintf(stderr, "sockeye-cli: %s: %s\n", qPrintable(name), qPrintable(text));
                if (!m_started.contains(session->id())) {
                    // It never ran: the workspace cannot run as saved.
                    finish(ExitNetwork);
                }
            });
    connect(controller->automation(), &AutomationController::replyFailed, this,
            [this, session, name](const QString &text) {
                if (text != session->lastErrorText()) // send errors were printed above
                    message(tr("%1: %2").arg(name, text));
            });
    connect(controller->periodic(), &PeriodicSender::failed, this,
            [this, session, name](const QString &text) {
                if (text != session->lastErrorText()) // send errors were printed above
                    message(tr("%1: the periodic send stopped: %2").arg(name, text));
            });
    connect(controller->periodic(), &PeriodicSender::ticksMissed, this, [this, controller, name] {
        message(tr("%1: %2").arg(name, controller->periodic()->missedText()));
    });
    connect(session, &Session::peerAdded, this, [this, session, name](const Peer &peer) {
        if (session->kind() == SessionKind::TcpServer)
            message(tr("%1: %2 connected").arg(name, peer.label()));
    });
    connect(session->log(), &TrafficLog::recordAppended, this,
            [this, session, name](const TrafficRecord &record) {
                if (record.session == session->id() &&
                    (record.kind == RecordKind::ClosedByPeer || record.kind == RecordKind::Reset))
                    message(tr("%1: %2").arg(name, record.text));
            });
}

void WorkspaceRunner::onStarted(Session *session)
{
    if (m_started.contains(session->id()))
        return;
    m_started.insert(session->id());
    switch (session->kind()) {
    case SessionKind::TcpServer:
        message(tr("%1: listening on %2")
                    .arg(session->displayName(),
                         endpointText(session->config().bindAddress, session->boundPort())));
        break;
    case SessionKind::Udp:
        message(tr("%1: bound to %2")
                    .arg(session->displayName(),
                         endpointText(session->config().bindAddress, session->boundPort())));
        break;
    case SessionKind::TcpClient:
        message(tr("%1: connected to %2")
                    .arg(session->displayName(),
                         endpointText(session->config().remoteHost, session->config().remotePort)));
        break;
    }
}

void WorkspaceRunner::checkAllEnded()
{
    if (m_starting || m_finished)
        return;
    for (Session *session : m_manager->sessions()) {
        if (session->isActive())
            return;
    }
    finish(ExitOk); // every session ended by itself (clients whose servers closed)
}

void WorkspaceRunner::interrupt()
{
    finish(ExitOk);
}

void WorkspaceRunner::finish(int code)
{
    if (m_finishing)
        return;
    m_finishing = true;
    // Partial frames are printed, as when connections close (a --count reached by them is no
    // second finish).
    for (SessionController *controller : std::as_const(m_controllers))
        controller->framers()->flushAll();
    m_finished = true;
    for (Session *session : m_manager->sessions())
        session->stop();
    m_output->flush();
    emit finished(code);
}

} // namespace sockeye::cli
