#pragma once

#include "traffic/trafficrecord.h"

#include <QHash>
#include <QObject>

#include <memory>

class QTimer;

namespace sockeye {

class Framer;
class Session;

/**
 * Turns what a session receives into frames, one Framer per peer (the stream of one TCP
 * connection must not mix with another's). Without a framing spec each received chunk is a
 * frame. Drives the idle framer's clock with a timer and flushes a peer's partial frame when
 * it disconnects. Used by the Responder and by sockeye-cli, so both see the same frames.
 */
class SessionFramer : public QObject
{
    Q_OBJECT
public:
    explicit SessionFramer(Session *session, QObject *parent = nullptr);
    ~SessionFramer() override;

    /// Sets the framing ("" or "none": each chunk is a frame). Returns the error sentence for
    /// a bad spec (and keeps the previous framing), or "".
    QString setSpec(const QString &spec);
    [[nodiscard]] QString spec() const { return m_spec; }
    /// Emits what every peer has buffered as final frames.
    void flushAll();

signals:
    void frameReceived(sockeye::PeerId peer, const QByteArray &frame);
    /// The stream had a problem the framer could skip (oversized frame, bad length field).
    void framingError(sockeye::PeerId peer, const QString &message);

private:
    void onData(PeerId peer, const QByteArray &bytes);
    void onPeerRemoved(PeerId peer);
    void onTick();
    Framer *framerFor(PeerId peer);
    void deliver(PeerId peer, Framer *framer, const QList<QByteArray> &frames);

    Session *m_session;
    QString m_spec;
    QTimer *m_tick;
    QHash<PeerId, std::shared_ptr<Framer>> m_framers;
};

} // namespace sockeye
