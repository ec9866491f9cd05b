#pragma once

#include "traffic/trafficlog.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace sockeye::test {

/// Every byte the log holds in one direction, concatenated in order.
inline QByteArray loggedBytes(const TrafficLog &log, Direction direction = Direction::Rx)
{
    QByteArray all;
    for (qsizetype i = 0; i < log.size(); ++i) {
        if (log.at(i).isData() && log.at(i).direction == direction)
            all += log.at(i).bytes;
    }
    return all;
}

/// Whether any record's text (an event's sentence) contains `text`.
inline bool logSays(const TrafficLog &log, const QString &text)
{
    for (qsizetype i = 0; i < log.size(); ++i) {
        if (log.at(i).text.contains(text))
            return true;
    }
    return false;
}

/// Every event's sentence, one per line: what a failing test prints to say what happened.
inline QString loggedText(const TrafficLog &log)
{
    QStringList lines;
    for (qsizetype i = 0; i < log.size(); ++i) {
        if (!log.at(i).isData())
            lines << log.at(i).text;
    }
    return lines.join(QLatin1Char('\n'));
}

/// The kinds of the log's event records, in order.
inline QList<RecordKind> loggedEvents(const TrafficLog &log)
{
    QList<RecordKind> kinds;
    for (qsizetype i = 0; i < log.size(); ++i) {
        if (!log.at(i).isData())
            kinds << log.at(i).kind;
    }
    return kinds;
}

} // namespace sockeye::test
