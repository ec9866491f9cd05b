#include "periodicsender.h"

#include "session/session.h"

#include <QTimer>

namespace sockeye {

PeriodicSender::PeriodicSender(Session *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &PeriodicSender::tick);
}

bool PeriodicSender::start()
{
    stop();
    if (m_payloads.isEmpty()) {
        emit failed(tr("Nothing to send: add a payload first."));
        return false;
    }
    for (const PayloadSpec &payload : std::as_const(m_payloads)) {
        const PayloadError error = payload.validate();
        if (error.isError()) {
            emit failed(error.message);
            return false;
        }
    }
    m_sent = 0;
    m_originMs = 0;
    m_originSent = 0;
    m_running = true;
    m_clock.start();
    tick();
    return true;
}

void PeriodicSender::stop()
{
    m_running = false;
    m_timer->stop();
}

void PeriodicSender::tick()
{
    if (!m_running)
        return;
    const PayloadSpec &payload = m_payloads.at(qsizetype(m_sent % quint64(m_payloads.size())));
    const EncodeResult bytes = payload.encode(m_context);
    if (!bytes.ok()) {
        stop();
        emit failed(bytes.error.message);
        return;
    }
    const SendResult result = m_session->send(bytes.bytes, m_targets);
    if (!result.ok()) {
        stop();
        emit failed(result.message);
        return;
    }
    ++m_sent;
    emit sentOne(m_sent);
    if (m_count > 0 && m_sent >= m_count) {
        m_running = false;
        emit finished();
        return;
    }
    scheduleNext();
}

void PeriodicSender::scheduleNext()
{
    const qint64 now = m_clock.elapsed();
    qint64 due = m_originMs + qint64(m_sent - m_originSent) * m_intervalMs;
    if (now > due + m_intervalMs) {
        // More than a whole interval late (a stalled loop): restart the schedule from now
        // rather than firing a burst of sends to catch up.
        m_originMs = now;
        m_originSent = m_sent;
        due = now;
    }
    m_timer->start(int(qMax<qint64>(0, due - now)));
}

} // namespace sockeye
