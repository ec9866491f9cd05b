#include "streamframers.h"

#include "framer.h"
#include "trafficlog.h"

#include <QTimer>

namespace sockeye {

namespace {
// The idle framer's clock: a frame ends at most this long after its gap has passed.
constexpr int TickMs = 5;
} // namespace

StreamFramers::StreamFramers(TrafficLog *source, SessionId session, QObject *parent)
    : QObject(parent)
    , m_source(source)
    , m_frames(new TrafficLog(this))
    , m_session(session)
    , m_tick(new QTimer(this))
{
    Q_ASSERT(source);
    m_frames->setByteBudget(source->byteBudget());
    m_tick->setInterval(TickMs);
    connect(m_tick, &QTimer::timeout, this, [this] { tick(nowUs()); });
    connect(source, &TrafficLog::recordAppended, this,
            [this](const TrafficRecord &record) { onRecord(record); });
    connect(source, &TrafficLog::recordsEvicted, this, [this] { onSourceEvicted(); });
    connect(source, &TrafficLog::cleared, this, [this] { clearFrames(); });
    connect(m_frames, &TrafficLog::recordsEvicted, this, [this] {
        const quint64 firstFrame = m_frames->firstSequence();
        while (!m_origins.empty() && m_origins.front().first < firstFrame)
            m_origins.pop_front();
    });
    connect(source, &TrafficLog::sessionCleared, this, [this](SessionId cleared) {
        if (m_session == cleared)
            clearFrames();
        else if (m_session == 0)
            rebuild(); // the other sessions' frames stay; only a rebuild tells them apart
    });
}

StreamFramers::~StreamFramers() = default;

QString StreamFramers::setSpec(const QString &spec)
{
    QString error;
    const std::unique_ptr<Framer> probe = Framer::create(spec, &error);
    if (!error.isEmpty())
        return error;
    const QString canonical = probe ? probe->spec() : QString();
    if (canonical == m_spec)
        return {};
    m_spec = canonical;
    m_prototype = Framer::create(m_spec, nullptr);
    rebuild();
    emit specChanged(m_spec);
    return {};
}

qsizetype StreamFramers::bufferedBytes() const
{
    qsizetype total = 0;
    for (const auto &stream : m_streams)
        total += stream->framer->bufferedBytes();
    return total;
}

QByteArrayView StreamFramers::body(QByteArrayView frame) const
{
    return m_prototype ? m_prototype->body(frame) : frame;
}

void StreamFramers::rebuild()
{
    m_streams.clear();
    m_origins.clear();
    m_tick->stop();
    m_frames->setByteBudget(m_source->byteBudget());
    m_frames->clear();
    if (m_spec.isEmpty())
        return;
    m_rebuilding = true;
    const qsizetype n = m_source->size();
    for (qsizetype i = 0; i < n; ++i)
        onRecord(m_source->at(i));
    m_rebuilding = false;
}

void StreamFramers::clearFrames()
{
    m_origins.clear();
    m_frames->setByteBudget(m_source->byteBudget());
    m_frames->clear();
    // What the framers hold began in records that are gone now; it counts from the next one.
    const quint64 next = m_source->nextSequence();
    for (const auto &stream : std::as_const(m_streams))
        stream->pendingFrom = next;
}

StreamFramers::Stream *StreamFramers::streamFor(const TrafficRecord &record)
{
    const StreamKey key(record.peerKey(), int(record.direction));
    auto it = m_streams.find(key);
    if (it == m_streams.end()) {
        auto stream = std::make_shared<Stream>();
        stream->framer = Framer::create(m_spec, nullptr);
        if (!stream->framer)
            return nullptr;
        stream->session = record.session;
        stream->peer = record.peer;
        stream->direction = record.direction;
        it = m_streams.insert(key, stream);
    }
    return it->get();
}

void StreamFramers::append(const TrafficRecord &record, quint64 origin)
{
    const TrafficRecord &stored = m_frames->append(record);
    m_origins.emplace_back(stored.sequence, origin);
}

void StreamFramers::emitFrames(Stream &stream, const QList<QByteArray> &frames, quint64 firstOrigin,
                               quint64 laterOrigin, qint64 timestampUs)
{
    for (qsizetype i = 0; i < frames.size(); ++i) {
        TrafficRecord frame;
        frame.timestampUs = timestampUs;
        frame.session = stream.session;
        frame.peer = stream.peer;
        frame.direction = stream.direction;
        frame.kind = RecordKind::Data;
        frame.bytes = frames.at(i);
        append(frame, i == 0 ? firstOrigin : laterOrigin);
        if (!m_rebuilding)
            emit frameCompleted(frame);
    }
    const QStringList errors = stream.framer->takeErrors();
    for (const QString &error : errors) {
        if (!m_rebuilding)
            emit framingProblem(stream.session, stream.peer, error);
        TrafficRecord info;
        info.timestampUs = timestampUs;
        info.session = stream.session;
        info.peer = stream.peer;
        info.kind = RecordKind::Info;
        info.text = tr("Framing: %1").arg(error);
        append(info, laterOrigin);
    }
}

void StreamFramers::onRecord(const TrafficRecord &record)
{
    if (m_session != 0 && record.session != m_session)
        return;
    if (m_spec.isEmpty()) {
        if (record.isData() && !m_rebuilding)
            emit frameCompleted(record);
        return;
    }
    if (!record.isData()) {
        // A connection's end flushes its partial frames before the event is shown.
        if (record.kind == RecordKind::ClosedByPeer || record.kind == RecordKind::Reset ||
            record.kind == RecordKind::Closed || record.kind == RecordKind::Stopped) {
            m_endingStream = true;
            flushPeer(record.session, record.peer);
            m_endingStream = false;
            forgetStreams(record.session, record.peer); // a server's 100,000th client too
        }
        TrafficRecord copy = record;
        copy.sequence = 0;
        append(copy, record.sequence);
        return;
    }
    Stream *stream = streamFor(record);
    if (!stream)
        return;
    const bool wasEmpty = stream->framer->bufferedBytes() == 0;
    const quint64 firstOrigin = wasEmpty ? record.sequence : stream->pendingFrom;
    const QList<QByteArray> frames = stream->framer->feed(record.bytes, record.timestampUs);
    stream->lastUs = record.timestampUs;
    emitFrames(*stream, frames, firstOrigin, record.sequence, record.timestampUs);
    if (stream->framer->bufferedBytes() > 0) {
        if (wasEmpty || !frames.isEmpty())
            stream->pendingFrom = record.sequence;
        if (!m_tick->isActive())
            m_tick->start();
    }
}

void StreamFramers::flushPeer(SessionId session, PeerId peer)
{
    for (const auto &stream : std::as_const(m_streams)) {
        if (stream->session != session || (peer != NoPeer && stream->peer != peer))
            continue;
        // Always flushed, even with nothing buffered: a length-prefix framer reports the bytes
        // it skipped at flush() only.
        emitFrames(*stream, stream->framer->flush(), stream->pendingFrom, stream->pendingFrom,
                   stream->lastUs);
    }
}

void StreamFramers::forgetStreams(SessionId session, PeerId peer)
{
    for (auto it = m_streams.begin(); it != m_streams.end();) {
        const Stream &stream = *it.value();
        if (stream.session == session && (peer == NoPeer || stream.peer == peer))
            it = m_streams.erase(it);
        else
            ++it;
    }
}

void StreamFramers::flushAll()
{
    for (const auto &stream : std::as_const(m_streams))
        emitFrames(*stream, stream->framer->flush(), stream->pendingFrom, stream->pendingFrom,
                   stream->lastUs); // always: see flushPeer()
}

void StreamFramers::tick(qint64 nowUs)
{
    bool waiting = false;
    for (const auto &stream : std::as_const(m_streams)) {
        if (stream->framer->bufferedBytes() == 0)
            continue;
        const QList<QByteArray> frames = stream->framer->tick(nowUs);
        if (!frames.isEmpty())
            emitFrames(*stream, frames, stream->pendingFrom, stream->pendingFrom, stream->lastUs);
        waiting = waiting || stream->framer->bufferedBytes() > 0;
    }
    // Only the idle framer ends frames with time; the others wait for bytes.
    if (!waiting || !m_spec.startsWith(QLatin1String("idle")))
        m_tick->stop();
}

void StreamFramers::onSourceEvicted()
{
    // Frames the budget already took, then frames whose first record left the source.
    const quint64 firstFrame = m_frames->firstSequence();
    while (!m_origins.empty() && m_origins.front().first < firstFrame)
        m_origins.pop_front();
    const quint64 firstSource = m_source->firstSequence();
    quint64 keepFrom = 0;
    while (!m_origins.empty() && m_origins.front().second < firstSource) {
        keepFrom = m_origins.front().first + 1;
        m_origins.pop_front();
    }
    if (keepFrom > 0)
        m_frames->evictBefore(keepFrom);
    // A partial frame whose first record was evicted (its bytes wait in the framer, at most
    // a frame's worth) now counts from the oldest record still there.
    for (const auto &stream : std::as_const(m_streams)) {
        if (stream->framer->bufferedBytes() > 0 && stream->pendingFrom < firstSource)
            stream->pendingFrom = firstSource;
    }
}

} // namespace sockeye
