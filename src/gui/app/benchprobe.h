#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>

class QMainWindow;
class QTimer;

namespace sockeye {

class Session;
class TrafficPane;

class MainWindow;

/**
 * Instrumentation for bench/run.py, inert unless SOCKEYE_BENCH_PROBE names a file. Then it
 * writes, four times a second, a small JSON object to that file:
 *  - firstPaintNs: CLOCK_MONOTONIC when the main window first painted (start-up time),
 *  - maxStallMs: the longest lateness of a 10 ms timer since one second after that paint (how
 *    long the event loop was blocked at worst), and stallsOver50Ms,
 *  - rssKiB: resident memory now, bytesIn / framesIn / bytesOut: the traffic totals, and
 *    peers: how many peers the sessions have, and peersChangedNs: CLOCK_MONOTONIC when that
 *    count last changed (so the bench can time 10,000 accepts more finely than the writes),
 *  - framesShown: the frames the traffic views' framing cut (SOCKEYE_BENCH_FRAMING=SPEC sets
 *    every view's framing, e.g. delim:\n), and framesChangedNs: when that last changed (10 ms).
 * SOCKEYE_BENCH_VIEW=text|hex|dump puts every traffic view in that mode; writing "clear" to
 * PATH.cmd clears every traffic view, "reset-stall" restarts the longest-stall measurement, "quit"
 * quits (the file is removed when done).
 */
class BenchProbe : public QObject
{
    Q_OBJECT
public:
    /// Installs a probe on the window when the environment asks for one.
    static void installIfRequested(MainWindow *window);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    BenchProbe(MainWindow *window, const QString &path);
    void tick();
    void write();
    void runCommand();
    void watch(Session *session);
    [[nodiscard]] qint64 framesShown() const;

    MainWindow *m_window;
    QString m_path;
    QTimer *m_ticker;
    QElapsedTimer m_sinceTick;
    qint64 m_firstPaintNs = 0;
    double m_maxStallMs = 0;
    quint64 m_stallsOver50 = 0;
    qint64 m_armAtMs = -1;
    int m_ticksSinceWrite = 0;
    qint64 m_peers = 0;
    qint64 m_peersChangedNs = 0;
    QList<QPointer<TrafficPane>> m_panes;
    qint64 m_framesShown = 0;
    qint64 m_framesChangedNs = 0;
};

} // namespace sockeye
