#include "replayer.h"

#include "conversationtable.h"
#include "session/session.h"

#include <QTimer>

namespace sockeye {

namespace {
// As fast as possible still returns to the event loop after this much, so sockets drain.
constexpr qint64 BurstBytes = 256 * 1024;
constexpr int BurstRecords = 64;
} // namespace

Replayer::Replayer(Session *target, QObject *parent)
    : QObject(parent)
    , m_target(target)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &Replayer::tick);
}

void Replayer::setRecords(const QList<TrafficRecord> &records)
{
    m_records.clear();
    for (const TrafficRecord &r : records) {
        if (r.isData() && !r.bytes.isEmpty())
            m_records << r;
    }
}

QList<TrafficRecord> Replayer::clientSide(const QList<TrafficRecord> &records,
                                          const ConversationTable *table, SessionId session,
                                          PeerId peer)
{
    Direction side = Direction::None;
    const auto c = table ? table->find(session, peer) : std::nullopt;
    if (c && c->transport == Transport::Tcp)
        side = c->weOpened ? Direction::Tx : Direction::Rx;
    QList<TrafficRecord> out;
    for (const TrafficRecord &r : records) {
        if (r.session != session || r.peer != peer || !r.isData() || r.bytes.isEmpty())
            continue;
        if (side == Direction::None)
            side = r.direction;
        if (r.direction == side)
            out << r;
    }
    return out;
}

bool Replayer::start()
{
    stop();
    m_next = 0;
    if (!m_target) {
        emit failed(tr("Cannot replay: there is no session to send to."));
        return false;
    }
    if (m_records.isEmpty()) {
        emit failed(tr("Cannot replay: the selection holds no data to send."));
        return false;
    }
    m_running = true;
    m_clock.start();
    emit progress(0, m_records.size());
    m_timer->start(0);
    return true;
}

void Replayer::stop()
{
    m_timer->stop();
    m_running = false;
}

void Replayer::scheduleNext()
{
    if (m_next >= m_records.size()) {
        m_running = false;
        emit finished();
        return;
    }
    if (m_timing == Timing::AsFastAsPossible) {
        m_timer->start(0);
        return;
    }
    const qint64 offsetUs = m_records.at(m_next).timestampUs - m_records.constFirst().timestampUs;
    const qint64 dueMs = qint64(double(offsetUs) / 1000.0 / m_speed);
    m_timer->start(int(qBound(qint64(0), dueMs - m_clock.elapsed(), qint64(24) * 3600 * 1000)));
}

void Replayer::tick()
{
    if (!m_running)
        return;
    if (!m_target) {
        stop();
        emit failed(tr("The replay stopped: its session was closed."));
        return;
    }
    qint64 bytes = 0;
    int count = 0;
    while (m_next < m_records.size()) {
        const TrafficRecord &r = m_records.at(m_next);
        if (m_timing == Timing::Original) {
            const qint64 offsetUs = r.timestampUs - m_records.constFirst().timestampUs;
            if (qint64(double(offsetUs) / 1000.0 / m_speed) > m_clock.elapsed())
                break;
        } else if (count >= BurstRecords || bytes >= BurstBytes) {
            break;
        }
        const SendResult result = m_target->send(r.bytes, m_targets);
        if (!result.ok()) {
            stop();
            emit failed(result.message);
            return;
        }
        ++m_next;
        ++count;
        bytes += r.bytes.size();
    }
    emit progress(m_next, m_records.size());
    scheduleNext();
}

} // namespace sockeye
