#include "socketbudget.h"

#include <QAbstractEventDispatcher>
#include <QAbstractSocket>
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
        // Between its passes Qt's dispatcher has no pending notifiers, so turning one off or on
        // costs a hash update; GLib's searches a list of every descriptor for each.
        m_canPark = dispatcher->inherits("QEventDispatcherUNIX");
        if (m_canPark) {
            connect(dispatcher, &QAbstractEventDispatcher::awake, this,
                    &SocketBudget::parkAndRelease);
        }
    }
}

namespace {
// Whether this read notifier belongs to (the engine of) a QAbstractSocket that is connected or
// bound: the only notifiers SocketBudget turns off and on.
bool ofLiveSocket(const QObject *notifier)
{
    const QObject *engine = notifier ? notifier->parent() : nullptr;
    const auto *socket = qobject_cast<const QAbstractSocket *>(engine ? engine->parent() : nullptr);
    return socket && (socket->state() == QAbstractSocket::ConnectedState ||
                      socket->state() == QAbstractSocket::BoundState);
}
} // namespace

void SocketBudget::holdBack(QObject *notifier)
{
    ++m_heldBack;
    if (m_canPark && ofLiveSocket(notifier))
        m_toPark << QPointer<QSocketNotifier>(static_cast<QSocketNotifier *>(notifier));
}

void SocketBudget::parkAndRelease()
{
    for (const QPointer<QSocketNotifier> &notifier : std::as_const(m_toPark)) {
        if (notifier && notifier->isEnabled()) {
            notifier->setEnabled(false);
            m_parked.push_back(notifier);
            ++m_parkedTotal;
        }
    }
    m_toPark.clear();
    // Back into the poll set, oldest first: a few more than the last pass could serve.
    qsizetype release = qMax(64, 2 * m_servedInPass);
    m_servedInPass = 0;
    while (release > 0 && !m_parked.empty()) {
        const QPointer<QSocketNotifier> notifier = m_parked.front();
        m_parked.pop_front();
        if (notifier && !notifier->isEnabled() && ofLiveSocket(notifier)) {
            notifier->setEnabled(true);
            --release;
        }
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
        holdBack(watched); // had its turn this round; those still waiting go first
        return true;
    }
    if (!m_passStarted) {
        // The first of a pass that has not had its turn always goes through.
        m_passStarted = true;
        m_pass.start();
    } else if (m_pass.nsecsElapsed() >= m_budgetNs) {
        m_overBudget = true;
        holdBack(watched);
        return true; // still readable: the next pass reports it again
    }
    m_served.insert(watched);
    ++m_servedInPass;
    return false;
}

} // namespace sockeye
