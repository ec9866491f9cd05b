#include "app/benchprobe.h"

#include "app/mainwindow.h"
#include "session/sessionmanager.h"
#include "traffic/streamframers.h"
#include "traffic/trafficlog.h"
#include "traffic/trafficpane.h"

#include <QCoreApplication>
#include <QEvent>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTimer>

#include <ctime>

namespace sockeye {

namespace {
constexpr int TickMs = 10;

qint64 monotonicNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').constFirst().toLongLong();
    }
    return -1;
}
} // namespace

void BenchProbe::installIfRequested(MainWindow *window)
{
    const QString path = qEnvironmentVariable("SOCKEYE_BENCH_PROBE");
    if (!path.isEmpty())
        new BenchProbe(window, path);
}

BenchProbe::BenchProbe(MainWindow *window, const QString &path)
    : QObject(window)
    , m_window(window)
    , m_path(path)
    , m_ticker(new QTimer(this))
{
    window->installEventFilter(this);
    m_ticker->setTimerType(Qt::PreciseTimer);
    m_ticker->setInterval(TickMs);
    connect(m_ticker, &QTimer::timeout, this, &BenchProbe::tick);

    SessionManager *manager = window->manager();
    for (Session *session : manager->sessions())
        watch(session);
    connect(manager, &SessionManager::sessionAdded, this, &BenchProbe::watch);

    const QString view = qEnvironmentVariable("SOCKEYE_BENCH_VIEW");
    // "text" (and "stream") is the stream mode, "log" a line per chunk.
    const LineFormatter::Mode mode = view == QLatin1String("hex")    ? LineFormatter::Mode::Hex
                                     : view == QLatin1String("dump") ? LineFormatter::Mode::HexDump
                                     : view == QLatin1String("log")  ? LineFormatter::Mode::Log
                                                                     : LineFormatter::Mode::Stream;
    const QString framing = qEnvironmentVariable("SOCKEYE_BENCH_FRAMING");
    QTimer::singleShot(0, this, [this, view, mode, framing] {
        const auto panes = m_window->findChildren<TrafficPane *>();
        for (TrafficPane *pane : panes) {
            if (!view.isEmpty())
                pane->setMode(mode);
            if (!framing.isEmpty())
                pane->setFraming(framing);
            m_panes.append(pane);
        }
    });
}

qint64 BenchProbe::framesShown() const
{
    qint64 frames = 0;
    for (const TrafficPane *pane : m_panes) {
        if (pane && pane->framer())
            frames += pane->framer()->frames()->totals().framesIn;
    }
    return frames;
}

void BenchProbe::watch(Session *session)
{
    m_peers += session->peers().size();
    connect(session, &Session::peerAdded, this, [this] {
        ++m_peers;
        m_peersChangedNs = monotonicNs();
    });
    connect(session, &Session::peerRemoved, this, [this] {
        --m_peers;
        m_peersChangedNs = monotonicNs();
    });
}

bool BenchProbe::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Paint && m_firstPaintNs == 0) {
        m_firstPaintNs = monotonicNs();
        m_armAtMs = 1000;
        m_sinceTick.start();
        m_ticker->start();
        write();
    }
    return QObject::eventFilter(watched, event);
}

void BenchProbe::tick()
{
    const qint64 frames = framesShown();
    if (frames != m_framesShown) {
        m_framesShown = frames;
        m_framesChangedNs = monotonicNs();
    }
    const double elapsedMs = m_sinceTick.nsecsElapsed() / 1e6;
    m_sinceTick.restart();
    if (m_armAtMs > 0) {
        m_armAtMs -= qint64(elapsedMs);
    } else {
        const double stall = elapsedMs - TickMs;
        m_maxStallMs = qMax(m_maxStallMs, stall);
        if (stall > 50)
            ++m_stallsOver50;
    }
    if (++m_ticksSinceWrite >= 25) {
        m_ticksSinceWrite = 0;
        runCommand();
        write();
    }
}

void BenchProbe::runCommand()
{
    // The bench asks for actions through PATH.cmd: "clear" clears every traffic view, as the
    // toolbar's Clear traffic does; "reset-stall" starts a new longest-stall measurement; "quit"
    // quits the app (for profilers that need a clean exit).
    QFile command(m_path + QStringLiteral(".cmd"));
    if (!command.open(QIODevice::ReadOnly))
        return;
    const QByteArray what = command.readAll().trimmed();
    command.close();
    command.remove();
    if (what == "quit") {
        QCoreApplication::quit();
    } else if (what == "reset-stall") {
        m_maxStallMs = 0;
        m_stallsOver50 = 0;
    } else if (what == "clear") {
        const auto panes = m_window->findChildren<TrafficPane *>();
        for (TrafficPane *pane : panes)
            pane->clear();
    }
}

void BenchProbe::write()
{
    const TrafficLog *log = m_window->manager()->log();
    const TrafficCounters totals = log->totals();
    QJsonObject o;
    o[QLatin1String("firstPaintNs")] = double(m_firstPaintNs);
    o[QLatin1String("maxStallMs")] = m_maxStallMs;
    o[QLatin1String("stallsOver50Ms")] = double(m_stallsOver50);
    o[QLatin1String("rssKiB")] = double(residentKiB());
    o[QLatin1String("bytesIn")] = double(totals.bytesIn);
    o[QLatin1String("framesIn")] = double(totals.framesIn);
    o[QLatin1String("bytesOut")] = double(totals.bytesOut);
    o[QLatin1String("storedBytes")] = double(log->storedBytes());
    o[QLatin1String("peers")] = double(m_peers);
    o[QLatin1String("peersChangedNs")] = double(m_peersChangedNs);
    o[QLatin1String("framesShown")] = double(m_framesShown);
    o[QLatin1String("framesChangedNs")] = double(m_framesChangedNs);
    QSaveFile file(m_path);
    if (file.open(QIODevice::WriteOnly)) {
        file.write(QJsonDocument(o).toJson(QJsonDocument::Compact));
        file.commit();
    }
}

} // namespace sockeye
