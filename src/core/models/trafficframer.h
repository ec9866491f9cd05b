#pragma once

#include "traffic/trafficrecord.h"

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
 * The data records of a TrafficLog cut into frames for display: one core Framer per stream
 * (session, peer and direction), fed every record as it arrives, so the frames are exactly
 * those the framers cut (the CLI's --framing and the auto-reply rules see the same ones).
 *
 * The frames go to a TrafficLog of their own (frames()), each a data record with its stream's
 * session, peer and direction and the time of the record that completed it; events are copied
 * in between, so a TrafficModel and TrafficView show, filter, search and export frames like
 * records. Memory stays bounded: a frame is dropped once the first record it came from leaves
 * the source log (and the frames' log has the source's budget). Changing the framing, or the
 * source being cleared, rebuilds the frames from the records still in the log. A connection's
 * close flushes its partial frame; the idle framer's clock runs on a timer.
 */
class TrafficFramer : public QObject
{
    Q_OBJECT
public:
    /// Frames the records of `session` (0: every session) of `source`.
    explicit TrafficFramer(TrafficLog *source, SessionId session = 0, QObject *parent = nullptr);
    ~TrafficFramer() override;

    /// Sets the framing (see Framer::create; "" or "none": no framing, frames() stays empty)
    /// and rebuilds. Returns the error sentence for a bad spec (the framing is then unchanged).
    QString setSpec(const QString &spec);
    [[nodiscard]] QString spec() const { return m_spec; }

    [[nodiscard]] TrafficLog *source() const { return m_source; }
    /// The frames (and events) so far.
    [[nodiscard]] TrafficLog *frames() const { return m_frames; }
    /// Frames not finished yet (bytes buffered in the framers), over every stream.
    [[nodiscard]] qsizetype bufferedBytes() const;

    /// Ends every stream now: buffered bytes become last frames (as when connections close).
    void flushAll();
    /// Gives the idle framers the time `nowUs` (normally done by a timer).
    void tick(qint64 nowUs);

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
    using StreamKey = QPair<quint64, int>;

    void rebuild();
    void onRecord(const TrafficRecord &record);
    void onSourceEvicted();
    void flushPeer(SessionId session, PeerId peer);
    void emitFrames(Stream &stream, const QList<QByteArray> &frames, quint64 firstOrigin,
                    quint64 laterOrigin, qint64 timestampUs);
    void append(TrafficRecord record, quint64 origin);
    Stream *streamFor(const TrafficRecord &record);

    TrafficLog *m_source;
    TrafficLog *m_frames;
    SessionId m_session;
    QString m_spec;
    QTimer *m_tick;
    QHash<StreamKey, std::shared_ptr<Stream>> m_streams;
    /// (frame sequence, first source sequence it came from), in the frames' order.
    std::deque<QPair<quint64, quint64>> m_origins;
};

} // namespace sockeye
