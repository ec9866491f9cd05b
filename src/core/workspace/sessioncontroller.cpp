#include "sessioncontroller.h"

#include "automation/automationcontroller.h"
#include "session/session.h"
#include "traffic/streamframers.h"

namespace sockeye {

SessionController::SessionController(Session *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_framers(new StreamFramers(session->log(), session->id(), this))
    , m_automation(new AutomationController(session, m_framers, this))
{
    connect(m_automation, &AutomationController::changed, this, &SessionController::changed);
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
    return problems;
}

SessionSetup SessionController::setup() const
{
    SessionSetup setup;
    setup.config = m_session->config();
    setup.start = m_session->isActive();
    setup.framing = m_framers->spec();
    setup.automation = m_automation->toJson();
    return setup;
}

} // namespace sockeye
