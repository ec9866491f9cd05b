#pragma once

#include "trafficrecord.h"

#include <QHash>
#include <QObject>
#include <QPair>

#include <deque>
#include <memory>

class QTimer;

namespace sockeye {

class Framer;
class TrafficLog;

/**
 * A session's one framing: the data records of a TrafficLog cut into frames, one core Framer
 * per stream (session, peer and direction), fed every record as it arrives, with one idle clock
 * (the records' timestamps, ticked by a timer). Every consumer of frames takes them from here:
 * the traffic view (frames()), the auto-reply rules and echo (Responder), and sockeye-cli's
 * output (frameCompleted()), so they can never disagree about where a frame ends. A frame is
 * the exact bytes received, delimiters included; body() leaves a trailing delimiter out.
 *
 * frameCompleted() reports each frame once, as it completes; without a framing spec every data
 * record is a frame (and frames() stays empty: the view shows the records as read).
 *
 * The frames also go to a TrafficLog of their own (frames()), each a data record with its
 * stream's session, peer and direction and the time of the record that completed it; events
 * are copied in between, so a TrafficModel and TrafficView show, filter, search and export
 * frames like records. Memory stays bounded: a frame is dropped once the first record it came
 * from leaves the source log (and the frames' log has the source's budget). Changing the
 * framing rebuilds the frames from the records still in the log (without reporting them again);
 * clearing the source clears the frames and keeps the partial frames being assembled, so a
 * request split across a Clear is still answered. A connection's close flushes its partial
 * frame.
 */
class StreamFramers : public QObject
{
    Q_OBJECT
public:
    /// Frames the records of `session` (0: every session) of `source`.
    explicit StreamFramers(TrafficLog *source, SessionId session = 0, QObject *parent = nullptr);
    ~StreamFramers() override;

    /// Sets the framing (see Framer::create; "" or "none": each record is a frame, frames()
    /// stays empty) and rebuilds. Returns the error sentence for a bad spec (the framing is then
    /// unchanged).
    QString setSpec(const QString &spec);
    [[nodiscard]] QString spec() const { return m_spec; }

    [[nodiscard]] TrafficLog *source() const { return m_source; }
    [[nodiscard]] SessionId session() const { return m_session; }
    /// The frames (and events) so far; empty without a framing.
    [[nodiscard]] TrafficLog *frames() const { return m_frames; }
    /// Frames not finished yet (bytes buffered in the framers), over every stream.
    [[nodiscard]] qsizetype bufferedBytes() const;
    /// True while frameCompleted() reports what a connection's end flushed: nobody is there to
    /// answer it.
    [[nodiscard]] bool endingStream() const { return m_endingStream; }
    /// The frame without its trailer (a trailing delimiter), as Framer::body().
    [[nodiscard]] QByteArrayView body(QByteArrayView frame) const;

    /// Ends every stream now: buffered bytes become last frames (as when connections close).
    void flushAll();
    /// Gives the idle framers the time `nowUs` (normally done by a timer).
    void tick(qint64 nowUs);

signals:
    /// A frame completed (received or sent: see its direction), or a data record without a
    /// framing (then the record itself, with its sequence; a cut frame has sequence 0). Not
    /// emitted again when a new spec rebuilds the frames of the past.
    void frameCompleted(const sockeye::TrafficRecord &frame);
    /// The stream had a problem the framer could skip (oversized frame, bad length field).
    void framingProblem(sockeye::SessionId session, sockeye::PeerId peer, const QString &message);
    /// setSpec() changed the framing.
    void specChanged(const QString &spec);

private:
    struct Stream
    {
        std::unique_ptr<Framer> framer;
        quint64 pendingFrom = 0; ///< source sequence where the buffered partial frame began
        qint64 lastUs = 0;
        SessionId session = 0;
        PeerId peer = NoPeer;
        Direction direction = Direction::None;
    };
    using StreamKey = QPair<PeerKey, int>; ///< and the direction

    void rebuild();
    void clearFrames();
    void onRecord(const TrafficRecord &record);
    void onSourceEvicted();
    void flushPeer(SessionId session, PeerId peer);
    /// Drops the framers of a peer that left (NoPeer: of every peer of the session).
    void forgetStreams(SessionId session, PeerId peer);
    void emitFrames(Stream &stream, const QList<QByteArray> &frames, quint64 firstOrigin,
                    quint64 laterOrigin, qint64 timestampUs);
    void append(const TrafficRecord &record, quint64 origin);
    Stream *streamFor(const TrafficRecord &record);

    TrafficLog *m_source;
    TrafficLog *m_frames;
    SessionId m_session;
    QString m_spec;
    std::unique_ptr<Framer> m_prototype; ///< answers body(); never fed
    QTimer *m_tick;
    QHash<StreamKey, std::shared_ptr<Stream>> m_streams;
    /// (frame sequence, first source sequence it came from), in the frames' order.
    std::deque<QPair<quint64, quint64>> m_origins;
    bool m_rebuilding = false; ///< frames of the past are not reported again
    bool m_endingStream = false;
};

} // namespace sockeye
