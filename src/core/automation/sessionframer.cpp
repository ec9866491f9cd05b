#include "sessionframer.h"

#include "session/session.h"
#include "traffic/framer.h"

#include <QTimer>

namespace sockeye {

SessionFramer::SessionFramer(Session *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_tick(new QTimer(this))
{
    m_tick->setInterval(5);
    connect(m_tick, &QTimer::timeout, this, &SessionFramer::onTick);
    connect(session, &Session::dataReceived, this, &SessionFramer::onData);
    connect(session, &Session::peerRemoved, this, &SessionFramer::onPeerRemoved);
}

SessionFramer::~SessionFramer() = default;

QString SessionFramer::setSpec(const QString &spec)
{
    QString error;
    const auto probe = Framer::create(spec, &error);
    if (!error.isEmpty())
        return error;
    flushAll();
    m_framers.clear();
    m_spec = probe ? probe->spec() : QString();
    m_tick->stop();
    return {};
}

Framer *SessionFramer::framerFor(PeerId peer)
{
    auto it = m_framers.find(peer);
    if (it == m_framers.end()) {
        QString error;
        it = m_framers.insert(peer, std::shared_ptr<Framer>(Framer::create(m_spec, &error)));
    }
    return it->get();
}

void SessionFramer::deliver(PeerId peer, Framer *framer, const QList<QByteArray> &frames)
{
    for (const QString &message : framer->takeErrors())
        emit framingError(peer, message);
    for (const QByteArray &frame : frames)
        emit frameReceived(peer, frame);
}

void SessionFramer::onData(PeerId peer, const QByteArray &bytes)
{
    if (m_spec.isEmpty()) {
        emit frameReceived(peer, bytes);
        return;
    }
    Framer *framer = framerFor(peer);
    deliver(peer, framer, framer->feed(bytes, nowUs()));
    if (framer->bufferedBytes() > 0 && !m_tick->isActive())
        m_tick->start();
}

void SessionFramer::onTick()
{
    bool pending = false;
    const qint64 now = nowUs();
    for (auto it = m_framers.begin(); it != m_framers.end(); ++it) {
        Framer *framer = it->get();
        if (framer->bufferedBytes() == 0)
            continue;
        deliver(it.key(), framer, framer->tick(now));
        pending |= framer->bufferedBytes() > 0;
    }
    if (!pending)
        m_tick->stop();
}

void SessionFramer::onPeerRemoved(PeerId peer)
{
    const auto framer = m_framers.take(peer);
    if (framer)
        deliver(peer, framer.get(), framer->flush());
}

void SessionFramer::flushAll()
{
    const auto framers = m_framers;
    for (auto it = framers.begin(); it != framers.end(); ++it)
        deliver(it.key(), it->get(), it.value()->flush());
}

} // namespace sockeye
