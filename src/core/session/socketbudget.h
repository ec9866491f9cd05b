#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <deque>

class QSocketNotifier;

namespace sockeye {

/**
 * Spreads socket work over event-loop passes, so thousands of sockets becoming ready at once
 * cannot freeze the thread.
 *
 * Qt's event dispatcher hands every ready socket to its handler in one pass. When 10,000 clients
 * close at once, that pass read, closed and reported every one of them: the GUI stood still for a
 * quarter of a second. Installed on the application (install()), this filter lets read
 * notifications through for at most budgetNs() per pass and holds back the rest. A held-back
 * descriptor stays readable, so the next pass reports it again, after timers and painting had
 * their turn. Nothing is lost or reordered within a socket; only the moment of reading moves.
 *
 * Fair: once sockets were held back, those already served wait until every held-back one had a
 * turn, so busy sockets with low descriptors cannot starve the others. The first notification
 * of a pass always goes through, so there is always progress.
 *
 * Under Qt's own dispatcher, held-back sockets are also taken out of the poll set between
 * passes ("parked") and put back oldest first, a few more per pass than the last pass served.
 * Left in, thousands of ready descriptors cost every pass Qt's bookkeeping, which is quadratic
 * in their number (40 ms a pass with 8,000). Only the read notifiers of connected or bound
 * QAbstractSockets are parked, and a socket that has since left that state stays as Qt left it.
 */
class SocketBudget : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 DefaultBudgetNs = 8'000'000;

    explicit SocketBudget(QObject *parent = nullptr);

    /// Filters the application's events; owned by the application. Returns the filter.
    static SocketBudget *install();

    void setBudgetNs(qint64 ns) { m_budgetNs = ns; }
    [[nodiscard]] qint64 budgetNs() const { return m_budgetNs; }
    /// Read notifications held back for a later pass, since the start.
    [[nodiscard]] quint64 heldBack() const { return m_heldBack; }
    /// Sockets taken out of the poll set for a while, since the start.
    [[nodiscard]] quint64 parked() const { return m_parkedTotal; }
    /// Sockets out of the poll set now.
    [[nodiscard]] qsizetype parkedNow() const { return qsizetype(m_parked.size()); }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void newPass();
    void holdBack(QObject *notifier);
    void parkAndRelease();

    qint64 m_budgetNs = DefaultBudgetNs;
    QElapsedTimer m_pass;
    bool m_passStarted = false;
    bool m_overBudget = false;      ///< this pass held back sockets for lack of time
    bool m_roundOpen = false;       ///< sockets held back earlier still wait for their turn
    QSet<const QObject *> m_served; ///< notifiers served in the current round
    quint64 m_heldBack = 0;

    bool m_canPark = false;                         ///< Qt's own dispatcher
    int m_servedInPass = 0;                         ///< notifications let through this pass
    QList<QPointer<QSocketNotifier>> m_toPark;      ///< held back this pass
    std::deque<QPointer<QSocketNotifier>> m_parked; ///< out of the poll set, oldest first
    quint64 m_parkedTotal = 0;
};

} // namespace sockeye
