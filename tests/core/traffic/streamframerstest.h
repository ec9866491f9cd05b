#pragma once

// Shared by the StreamFramers tests: records to feed, what the framers report, and what one
// core framer cuts from the same bytes (the reference every face must agree with).

#include "traffic/framer.h"
#include "traffic/streamframers.h"
#include "traffic/trafficlog.h"

#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <iterator>
#include <memory>

namespace sockeye::streamtest {

// Record times (µs) long past: nothing here runs the event loop, so the framers' own timer
// never ticks and only the tick(now) calls of a test end idle frames.
constexpr qint64 T0 = 1'000'000'000'000;
constexpr SessionId S1 = 1;

inline QByteArray bin(const char *hex)
{
    return QByteArray::fromHex(hex);
}

inline TrafficRecord data(const QByteArray &bytes, qint64 us = T0, PeerId peer = 1,
                          Direction direction = Direction::Rx, SessionId session = S1)
{
    TrafficRecord r;
    r.timestampUs = us;
    r.session = session;
    r.peer = peer;
    r.direction = direction;
    r.kind = RecordKind::Data;
    r.bytes = bytes;
    return r;
}

inline TrafficRecord eventRecord(RecordKind kind, PeerId peer, SessionId session = S1,
                                 qint64 us = T0)
{
    TrafficRecord r;
    r.timestampUs = us;
    r.session = session;
    r.peer = peer;
    r.kind = kind;
    r.text = recordKindName(kind);
    return r;
}

/// The payloads of the data records of a log (the frames of a frames() log), in order.
inline QList<QByteArray> dataBytes(const TrafficLog &log)
{
    QList<QByteArray> bytes;
    for (qsizetype i = 0; i < log.size(); ++i) {
        if (log.at(i).isData())
            bytes << log.at(i).bytes;
    }
    return bytes;
}

inline QList<QByteArray> bytesOf(const QList<TrafficRecord> &records)
{
    QList<QByteArray> bytes;
    for (const TrafficRecord &r : records)
        bytes << r.bytes;
    return bytes;
}

inline QString hexList(const QList<QByteArray> &frames)
{
    QStringList parts;
    for (const QByteArray &f : frames)
        parts << QString::fromLatin1(f.toHex(' '));
    return QLatin1Char('[') + parts.join(QStringLiteral(" | ")) + QLatin1Char(']');
}

/// What a StreamFramers reports through its signals.
struct Reports
{
    explicit Reports(StreamFramers *framers)
    {
        QObject::connect(framers, &StreamFramers::frameCompleted, framers,
                         [this](const TrafficRecord &frame) { frames << frame; });
        QObject::connect(framers, &StreamFramers::framingProblem, framers,
                         [this](SessionId session, PeerId peer, const QString &message) {
                             problemStreams << qMakePair(session, peer);
                             problems << message;
                         });
    }
    QList<TrafficRecord> frames;
    QList<QPair<SessionId, PeerId>> problemStreams;
    QStringList problems;
};

/// What one core framer cuts from the bursts (each fed whole at its time), plus flush().
inline QList<QByteArray> referenceFrames(const QString &spec, const QList<QByteArray> &bursts,
                                         const QList<qint64> &times)
{
    QString error;
    const std::unique_ptr<Framer> framer = Framer::create(spec, &error);
    if (!framer)
        qFatal("bad spec in test: %s", qPrintable(error));
    QList<QByteArray> frames;
    for (qsizetype i = 0; i < bursts.size(); ++i)
        frames += framer->feed(bursts[i], times[i]);
    frames += framer->flush();
    return frames;
}

} // namespace sockeye::streamtest
