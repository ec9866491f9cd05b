#include "socketbudget.h"

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QEvent>
#include <QSocketNotifier>

namespace sockeye {

SocketBudget::SocketBudget(QObject *parent)
    : QObject(parent)
{
    // A pass ends where the dispatcher wakes up or is about to sleep: Qt's own dispatcher emits
    // awake() before it polls, GLib's after it dispatched; one of the two lies between any two
    // passes' socket notifications.
    if (auto *dispatcher = QAbstractEventDispatcher::instance(thread())) {
        connect(dispatcher, &QAbstractEventDispatcher::awake, this, &SocketBudget::newPass);
        connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, this, &SocketBudget::newPass);
    }
}

SocketBudget *SocketBudget::install()
{
    auto *app = QCoreApplication::instance();
    Q_ASSERT(app);
    auto *budget = new SocketBudget(app);
    app->installEventFilter(budget);
    return budget;
}

void SocketBudget::newPass()
{
    m_passStarted = false;
    if (m_overBudget) {
        m_roundOpen = true; // some were held back: they go first
    } else {
        // Every socket that was ready got its turn: a new round.
        m_roundOpen = false;
        if (!m_served.isEmpty())
            m_served.clear();
    }
    m_overBudget = false;
}

bool SocketBudget::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::SockAct)
        return false;
    const auto *notifier = qobject_cast<QSocketNotifier *>(watched);
    if (!notifier || notifier->type() != QSocketNotifier::Read)
        return false;
    if (m_roundOpen && m_served.contains(watched)) {
        ++m_heldBack; // had its turn this round; those still waiting go first
        return true;
    }
    if (!m_passStarted) {
        // The first of a pass that has not had its turn always goes through.
        m_passStarted = true;
        m_pass.start();
    } else if (m_pass.nsecsElapsed() >= m_budgetNs) {
        m_overBudget = true;
        ++m_heldBack;
        return true; // still readable: the next pass reports it again
    }
    m_served.insert(watched);
    return false;
}

} // namespace sockeye
