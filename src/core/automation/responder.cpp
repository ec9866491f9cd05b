#include "responder.h"

#include "session/session.h"
#include "traffic/streamframers.h"

#include <QTimer>

namespace sockeye {

Responder::Responder(Session *session, StreamFramers *framers, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_framers(framers)
{
    connect(framers, &StreamFramers::frameCompleted, this, &Responder::onFrame);
    connect(session, &Session::peerAdded, this, [this](const Peer &peer) { onPeerAdded(peer.id); });
}

void Responder::setRules(const QList<ReplyRule> &rules)
{
    m_rules = rules;
    m_counts = QList<quint64>(rules.size(), 0);
    ++m_generation;
}

void Responder::onFrame(const TrafficRecord &frame)
{
    // A partial frame flushed by the connection's end has nobody to answer.
    if (frame.direction != Direction::Rx || frame.session != m_session->id() ||
        m_framers->endingStream())
        return;
    const QByteArrayView body = m_framers->body(frame.bytes);
    for (int i = 0; i < m_rules.size(); ++i) {
        const ReplyRule &rule = m_rules.at(i);
        if (rule.trigger == ReplyRule::Trigger::Frame && rule.matches(frame.bytes, body)) {
            fire(i, frame.peer, frame.bytes);
            return; // first match wins
        }
    }
}

void Responder::onPeerAdded(PeerId peer)
{
    for (int i = 0; i < m_rules.size(); ++i) {
        const ReplyRule &rule = m_rules.at(i);
        if (rule.enabled && rule.trigger == ReplyRule::Trigger::Connect)
            fire(i, peer, QByteArray());
    }
}

void Responder::fire(int index, PeerId peer, const QByteArray &frame)
{
    ++m_counts[index];
    emit ruleMatched(index, peer);
    const int delay = m_rules.at(index).delayMs;
    if (delay <= 0) {
        sendReply(index, peer, frame);
        return;
    }
    // A peer that sent its request and then its FIN (shutdown(SHUT_WR)) still waits for the
    // answer: its connection is held open until the reply is written (TCP only).
    QList<PeerId> held;
    if (m_rules.at(index).target == ReplyRule::Target::Sender) {
        held << peer;
    } else {
        for (const Peer &p : m_session->peers())
            held << p.id;
    }
    if (!held.isEmpty())
        m_session->holdOpen(held, true);
    const quint64 generation = m_generation;
    QTimer::singleShot(delay, this, [this, index, peer, frame, generation, held] {
        if (generation == m_generation)
            sendReply(index, peer, frame);
        if (!held.isEmpty())
            m_session->holdOpen(held, false);
    });
}

void Responder::sendReply(int index, PeerId peer, const QByteArray &frame)
{
    const ReplyRule &rule = m_rules.at(index);
    const EncodeResult reply = rule.replyFor(frame, m_context);
    if (!reply.ok()) {
        emit replyFailed(
            index,
            tr("Rule \"%1\" could not build its reply: %2").arg(rule.name, reply.error.message));
        return;
    }
    QList<PeerId> targets;
    if (rule.target == ReplyRule::Target::Sender) {
        if (!m_session->peer(peer))
            return; // the sender left before the delay ran out
        targets << peer;
    }
    const SendResult result = m_session->send(reply.bytes, targets);
    if (!result.ok())
        emit replyFailed(index, result.message);
}

} // namespace sockeye
