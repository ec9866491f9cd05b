#include "sessioncontroller.h"

#include "automation/automationcontroller.h"
#include "automation/periodicsender.h"
#include "session/session.h"
#include "traffic/receivefile.h"
#include "traffic/streamframers.h"

namespace sockeye {

SessionController::SessionController(Session *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_framers(new StreamFramers(session->log(), session->id(), this))
    , m_automation(new AutomationController(session, m_framers, this))
    , m_periodic(new PeriodicSender(session, this))
    , m_receiveFile(new ReceiveFile(session, this))
{
    connect(m_automation, &AutomationController::changed, this, &SessionController::changed);
    connect(m_receiveFile, &ReceiveFile::stateChanged, this, [this](ReceiveFile::State state) {
        if (state != ReceiveFile::State::Failed) // a failure keeps what the user asked for
            emit changed();
    });
    // Started or stopped by hand: no longer waiting for the session to become ready.
    connect(m_periodic, &PeriodicSender::started, this, [this] {
        disarmPeriodic();
        m_periodicSaved = true;
        emit changed();
    });
}

QStringList SessionController::apply(const SessionSetup &setup)
{
    QStringList problems;
    const QString framingError = setup.framingError();
    if (framingError.isEmpty())
        (void)m_framers->setSpec(setup.framing);
    else
        problems << tr("Its framing was not applied. %1").arg(framingError);
    QString rulesError;
    if (!m_automation->fromJson(setup.automation, &rulesError))
        problems << tr("Its auto-reply rules were not loaded. %1").arg(rulesError);
    if (!setup.periodic.isEmpty()) {
        QString why;
        const auto send = PeriodicSend::fromJson(setup.periodic, &why);
        if (!send) {
            problems << tr("Its periodic send was not applied. periodic.%1").arg(why);
        } else {
            m_periodic->setSettings(*send);
            m_periodicSaved = true;
            if (send->running)
                startPeriodicWhenReady();
        }
    }
    if (!setup.receiveFile.isEmpty()) {
        QString why;
        const auto settings = ReceiveFileSettings::fromJson(setup.receiveFile, &why);
        if (!settings) {
            problems << tr("Its receive to file was not applied. receiveFile.%1").arg(why);
        } else {
            m_receiveFile->setSettings(*settings);
            if (settings->on && !m_receiveFile->start())
                problems << m_receiveFile->errorText();
        }
    }
    return problems;
}

void SessionController::startPeriodicWhenReady()
{
    const auto start = [this] {
        disarmPeriodic();
        if (!m_periodic->isRunning())
            (void)m_periodic->start(); // a failure is told through failed()
    };
    if (m_session->state() == Session::State::Connected ||
        m_session->state() == Session::State::Bound ||
        (m_session->kind() == SessionKind::TcpServer && !m_session->peers().isEmpty())) {
        start();
        return;
    }
    m_periodicArmed = true;
    m_armedByState = connect(m_session, &Session::stateChanged, this, [start](Session::State s) {
        if (s == Session::State::Connected || s == Session::State::Bound)
            start();
    });
    // A server sends to its clients: from the first one on.
    if (m_session->kind() == SessionKind::TcpServer)
        m_armedByPeer = connect(m_session, &Session::peerAdded, this, start);
}

void SessionController::disarmPeriodic()
{
    m_periodicArmed = false;
    disconnect(m_armedByState);
    disconnect(m_armedByPeer);
}

SessionSetup SessionController::setup() const
{
    SessionSetup setup;
    setup.config = m_session->config();
    setup.start = m_session->isActive();
    setup.framing = m_framers->spec();
    setup.automation = m_automation->toJson();
    if (m_periodicSaved || m_periodic->isRunning()) {
        PeriodicSend send = m_periodic->settings();
        // Waiting to start counts as running: it was saved that way and has not been stopped.
        send.running = send.running || m_periodicArmed;
        setup.periodic = send.toJson();
    }
    if (!m_receiveFile->settings().path.isEmpty())
        setup.receiveFile = m_receiveFile->settings().toJson();
    return setup;
}

} // namespace sockeye
