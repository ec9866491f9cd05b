#pragma once

#include "payload/payloadcontext.h"
#include "replyrule.h"
#include "traffic/trafficrecord.h"

#include <QObject>

namespace sockeye {

class Session;
class StreamFramers;

/**
 * Answers a session's peers automatically: each received frame goes through the rules in
 * order and the first enabled rule that matches sends its reply (after its delay) to the
 * sender or to every peer. Connect rules (welcome) fire when a peer connects. Frames come from
 * the session's StreamFramers, the same the traffic view and sockeye-cli show, so the framing
 * spec (idle:MS, delim:P, ...) decides what a request is. A frame is the exact bytes received;
 * a rule matches it with or without its trailing delimiter, and echo and `{req:...}` get it
 * whole. While a delayed reply waits, the peers it is for are held open (Session::holdOpen()):
 * one that sent its request and then closed its side still gets the answer.
 */
class Responder : public QObject
{
    Q_OBJECT
public:
    /// Listens to the frames `framers` cuts of what `session` receives, and to its new peers.
    Responder(Session *session, StreamFramers *framers, QObject *parent = nullptr);

    /// Replaces the rules; each must have compiled (fromJson/fromMatchSyntax do that).
    void setRules(const QList<ReplyRule> &rules);
    [[nodiscard]] const QList<ReplyRule> &rules() const { return m_rules; }
    /// How often rule `index` has matched since setRules().
    [[nodiscard]] quint64 matchCount(int index) const { return m_counts.value(index); }

signals:
    void ruleMatched(int index, sockeye::PeerId peer);
    /// A reply could not be built or sent; the sentence says why.
    void replyFailed(int index, const QString &message);

private:
    void onFrame(const TrafficRecord &frame);
    void onPeerAdded(PeerId peer);
    void fire(int index, PeerId peer, const QByteArray &frame);
    void sendReply(int index, PeerId peer, const QByteArray &frame);

    Session *m_session;
    StreamFramers *m_framers;
    QList<ReplyRule> m_rules;
    QList<quint64> m_counts;
    PayloadContext m_context;
    quint64 m_generation = 0; // replies scheduled under older rules are dropped
};

} // namespace sockeye
