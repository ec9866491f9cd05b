#pragma once

#include "traffic/linelayout.h"
#include "traffic/trafficrecord.h"

#include <QHash>
#include <QList>
#include <QString>

#include <functional>

namespace sockeye {

/**
 * The stream display: each peer's bytes in one direction as continuous text, the way a terminal
 * shows them. A device that writes `temp=`, `21`, `.5`, `\r\n` in four reads shows one line
 * `temp=21.5`. Lines break after LF (a CR before it is part of the break) and every
 * TextBytesPerLine bytes, never inside a UTF-8 sequence; a new block (with the peer in the margin)
 * starts when the peer or the direction changes, after an event, or after an idle gap.
 *
 * A display line belongs to the record it starts in, so a record whose bytes only continue the
 * line before it takes no line of its own. Whether a record continues that line, and how long
 * the line already is, is its carry: the LineLayout keeps each record's carry beside its line
 * count, so a line is laid out once, in order, and an evicted record's successor keeps its place.
 */
class StreamLines
{
public:
    static constexpr int TextBytesPerLine = 128;
    /// Records further apart than this start a new block even from the same peer and direction.
    static constexpr qint64 IdleGapUs = 500 * 1000;

    /// Carries, besides an open line's length in bytes (>= 0):
    static constexpr int BlockStart = -2; ///< the record starts a block (its peer is shown)
    static constexpr int FreshLine = -1;  ///< the record's first byte starts a line

    using RecordAt = std::function<const TrafficRecord *(int row)>;
    using CarryAt = std::function<int(int row)>;

    /// Whether `next` continues the stream of `previous` (same peer and direction, close in time).
    [[nodiscard]] static bool continues(const TrafficRecord &previous, const TrafficRecord &next);

    /// The lines a record takes and the carry it hands on. `previousCarry` is the carry the
    /// record before it handed on (LineLayout::NoCarry for the first row); `framed`: every
    /// record is a frame and starts a line of its own.
    [[nodiscard]] static LineLayout::RowLayout layoutRow(const TrafficRecord *previous,
                                                         const TrafficRecord &record,
                                                         int previousCarry, bool utf8, bool framed);

    /// Scans `bytes` for the lines that start in it, given the carry it receives: counts them in
    /// `count`, lists where they start in `starts` (either may be null), stops after `maxStarts`
    /// of them (-1: never). Returns the carry it hands on (meaningful only for a whole scan).
    static int scan(QByteArrayView bytes, int carryIn, bool utf8, QList<qsizetype> *starts,
                    int *count, int maxStarts = -1);

    struct Line
    {
        QString text;     ///< decoded, without its line break
        int lastRow = -1; ///< the last row that has bytes on the line
        bool blockHead = false;
    };

    /// Line `line` of row `row`, reading on into the rows after it while the line is open.
    /// `carryAt` gives the carry each row received (the layout's).
    [[nodiscard]] Line line(int row, int line, const RecordAt &recordAt, const CarryAt &carryAt,
                            int rows, const QString &encoding);

    void clearCache() { m_starts.clear(); }

private:
    struct Starts
    {
        int carryIn = 0;
        QList<qsizetype> starts;
    };
    const QList<qsizetype> &startsOf(const TrafficRecord &record, int carryIn, bool utf8);

    QHash<quint64, Starts> m_starts; ///< by record sequence
};

} // namespace sockeye
