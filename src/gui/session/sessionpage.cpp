#include "session/sessionpage.h"

#include "session/session.h"
#include "session/sessionpanel.h"
#include "workspace/sessioncontroller.h"

#include <QVBoxLayout>

namespace sockeye {

SessionPage::SessionPage(Session *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_controller(new SessionController(session, this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
}

SessionPage::~SessionPage()
{
    // The panel uses the controller: it goes first.
    delete m_panel;
}

SessionPanel *SessionPage::panel()
{
    if (m_panel)
        return m_panel;
    m_panel = new SessionPanel(m_session, m_controller, this);
    if (m_applied) {
        m_panel->showSetup(*m_applied);
        m_applied.reset();
    }
    layout()->addWidget(m_panel);
    if (isVisible())
        m_panel->show(); // now, not when the layout gets round to it
    connect(m_panel, &SessionPanel::titleChanged, this, &SessionPage::titleChanged);
    connect(m_panel, &SessionPanel::configChanged, this, &SessionPage::configChanged);
    emit panelMade(m_panel);
    return m_panel;
}

QStringList SessionPage::applySetup(const SessionSetup &setup)
{
    if (m_panel)
        return m_panel->applySetup(setup);
    m_applied = setup;
    return m_controller->apply(setup);
}

SessionSetup SessionPage::setup() const
{
    if (m_panel)
        return m_panel->setup();
    SessionSetup setup = m_controller->setup();
    setup.config = m_session->config();
    if (m_applied && !m_applied->framingError().isEmpty())
        setup.framing = m_applied->framing; // kept for the user to mend, as the panel does
    return setup;
}

QString SessionPage::title() const
{
    if (m_panel)
        return m_panel->title();
    return m_session->config().displayName(m_session->boundPort());
}

void SessionPage::toggleStart()
{
    panel()->toggleStart();
}

void SessionPage::showEvent(QShowEvent *event)
{
    panel();
    QWidget::showEvent(event);
}

} // namespace sockeye
