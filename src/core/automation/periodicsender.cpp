#include "periodicsender.h"

#include "session/session.h"
#include "workspace/jsonnumber.h"

#include <QJsonValue>
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
    m_ticks = 0;
    m_missed = 0;
    m_missedTold = 0;
    m_running = true;
    m_clock.start();
    emit started();
    tick();
    return true;
}

PeriodicSend PeriodicSender::settings() const
{
    PeriodicSend send;
    if (!m_payloads.isEmpty())
        send.payload = m_payloads.constFirst();
    send.intervalMs = m_intervalMs;
    send.count = m_count;
    send.running = m_running;
    return send;
}

void PeriodicSender::setSettings(const PeriodicSend &send)
{
    m_payloads = {send.payload};
    setInterval(send.intervalMs);
    setCount(send.count);
}

QJsonObject PeriodicSend::toJson() const
{
    return {{QLatin1String("payload"), payload.toJson()},
            {QLatin1String("intervalMs"), intervalMs},
            {QLatin1String("count"), double(count)},
            {QLatin1String("running"), running}};
}

std::optional<PeriodicSend> PeriodicSend::fromJson(const QJsonObject &json, QString *error)
{
    const auto fail = [error](const QString &message) -> std::optional<PeriodicSend> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    PeriodicSend send;
    const QJsonValue payload = json.value(QLatin1String("payload"));
    if (!payload.isObject())
        return fail(tr("payload: must be an object with the payload to send."));
    PayloadError payloadError;
    send.payload = PayloadSpec::fromJson(payload.toObject(), &payloadError);
    if (!payloadError.isError())
        payloadError = send.payload.validate();
    if (payloadError.isError())
        return fail(tr("payload: %1").arg(payloadError.message));
    // Whole numbers in range: a saved file is read as it was written, or refused.
    const auto whole = [&json](const char *key, double min, double max, double fallback,
                               double *out) {
        const QJsonValue value = json.value(QLatin1String(key));
        if (value.isUndefined()) {
            *out = fallback;
            return true;
        }
        const std::optional<qint64> number = jsonWholeNumber(value, qint64(min), qint64(max));
        *out = number.value_or(0);
        return number.has_value();
    };
    double number = 0;
    if (!whole("intervalMs", 1, MaxIntervalMs, 1000, &number))
        return fail(tr("intervalMs: must be a whole number of milliseconds from 1 to %1.")
                        .arg(MaxIntervalMs));
    send.intervalMs = int(number);
    if (!whole("count", 0, double(MaxCount), 0, &number))
        return fail(
            tr("count: must be a whole number from 0 (until stopped) to %1.").arg(MaxCount));
    send.count = quint64(number);
    const QJsonValue running = json.value(QLatin1String("running"));
    if (!running.isUndefined() && !running.isBool())
        return fail(tr("running: must be true or false."));
    send.running = running.toBool();
    return send;
}

void PeriodicSender::stop()
{
    const bool wasRunning = m_running;
    m_running = false;
    m_timer->stop();
    if (wasRunning)
        tellMissed();
}

void PeriodicSender::tellMissed()
{
    if (m_missed == m_missedTold)
        return; // nothing new to tell
    m_missedTold = m_missed;
    m_missedClock.start();
    emit ticksMissed(m_missed);
}

QString PeriodicSender::missedText() const
{
    const QString ticks = m_missed == 1 ? tr("1 tick") : tr("%1 ticks").arg(m_missed);
    return tr("%1 of the %2 ms interval passed unsent: the machine was too busy to send on time "
              "(late ticks are sent in batches of up to %3).")
        .arg(ticks)
        .arg(m_intervalMs)
        .arg(MaxBatch);
}

void PeriodicSender::tick()
{
    if (!m_running)
        return;
    // Ticks count as due half a millisecond early (at most half the interval): the timer is
    // aimed at the nearest millisecond, and a tick found not yet due would spin the loop.
    const qint64 intervalNs = qint64(m_intervalMs) * 1000000;
    const qint64 slackNs = qMin<qint64>(500000, intervalNs / 2);
    const quint64 due =
        intervalNs > 0 ? quint64((m_clock.nsecsElapsed() + slackNs) / intervalNs) + 1 : m_ticks + 1;
    if (due <= m_ticks) {
        scheduleNext();
        return;
    }
    const quint64 late = due - m_ticks;
    const quint64 batch = qMin<quint64>(late, MaxBatch);
    m_ticks = due;
    for (quint64 i = 0; i < batch; ++i) {
        if (!sendOne() || !m_running) // failed, or stopped by a sentOne() handler
            return;
        if (m_count > 0 && m_sent >= m_count) {
            m_running = false;
            tellMissed();
            emit finished();
            return;
        }
    }
    if (late > batch) {
        m_missed += late - batch;
        // Told at once the first time, then at most once a second (and at the end, in stop()
        // or before finished()): a machine that cannot keep up is said, not flooded.
        if (m_missedTold == 0 || m_missedClock.elapsed() >= 1000)
            tellMissed();
    }
    scheduleNext();
}

bool PeriodicSender::sendOne()
{
    const PayloadSpec &payload = m_payloads.at(qsizetype(m_sent % quint64(m_payloads.size())));
    const EncodeResult bytes = payload.encode(m_context);
    if (!bytes.ok()) {
        stop();
        emit failed(bytes.error.message);
        return false;
    }
    const SendResult result = m_session->send(bytes.bytes, m_targets);
    if (!result.ok()) {
        stop();
        emit failed(result.message);
        return false;
    }
    ++m_sent;
    emit sentOne(m_sent);
    return true;
}

void PeriodicSender::scheduleNext()
{
    // Tick m_ticks is next, due at m_ticks * interval; aim at the nearest millisecond.
    const qint64 dueNs = qint64(m_ticks) * m_intervalMs * 1000000;
    const qint64 waitNs = dueNs - m_clock.nsecsElapsed();
    m_timer->start(int(qMax<qint64>(0, (waitNs + 500000) / 1000000)));
}

} // namespace sockeye
