#pragma once

#include "traffic/displayformat.h"
#include "traffic/trafficrecord.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

namespace sockeye {

/**
 * How the traffic view turns a record into display lines: text in an encoding (a line per LF,
 * at most TextBytesPerLine bytes), hex (HexBytesPerLine bytes a line) or a hex dump; one line
 * for an event. Formats one line at a time, so only what is on screen costs anything: a record
 * may be megabytes long. Lines and text line starts are cached by record sequence for the
 * current mode and encoding; changing either clears the caches.
 */
class LineFormatter
{
    Q_GADGET
    Q_DECLARE_TR_FUNCTIONS(sockeye::TrafficView)

public:
    /// Stream: each peer's bytes as continuous text (StreamLines lays it out; a record alone
    /// formats as in Log). Log: a record's text, a line per LF. Hex, HexDump: its bytes.
    enum class Mode { Stream, Log, Hex, HexDump };
    Q_ENUM(Mode)

    static constexpr int HexBytesPerLine = 32;
    static constexpr int DumpBytesPerLine = DisplayFormat::BytesPerLine;
    static constexpr int TextBytesPerLine = 128;
    /// Widths of the prefix columns, in characters.
    static constexpr int TimeColumnChars = 13; ///< "HH:mm:ss.zzz "
    static constexpr int ArrowColumnChars = 2;
    static constexpr int PeerColumnChars = 23;

    /// Each returns whether the setting changed; the line counts of every record then may have.
    bool setMode(Mode mode);
    [[nodiscard]] Mode mode() const { return m_mode; }
    bool setEncoding(const QString &encoding);
    [[nodiscard]] QString encoding() const { return m_encoding; }
    /// Only the prefix changes with it, never a line count.
    bool setShowTimestamps(bool show);
    [[nodiscard]] bool showTimestamps() const { return m_showTimestamps; }

    /// The display lines a record takes in the current mode.
    [[nodiscard]] int countLines(const TrafficRecord &record) const;
    /// One display line; formats only that line's bytes.
    [[nodiscard]] QString formatLine(const TrafficRecord &record, int line) const;
    /// formatLine(), cached by (sequence, line).
    [[nodiscard]] QString cachedLine(const TrafficRecord &record, int line);
    /// Every line of a record.
    [[nodiscard]] QStringList formatRecord(const TrafficRecord &record) const;
    /// Where each display line of a text record starts in its bytes (cached by sequence).
    [[nodiscard]] const QList<qsizetype> &textStarts(const TrafficRecord &record) const;

    /// "12:00:01.250 ▼ 127.0.0.1:5000": time (when shown), arrow, and for data the peer.
    [[nodiscard]] QString prefixText(const TrafficRecord &record, const QString &peer) const;
    [[nodiscard]] static QString timeText(const TrafficRecord &record);
    /// What a data record without bytes shows (an empty datagram), in every text mode.
    [[nodiscard]] static QString emptyText() { return tr("(empty)"); }
    /// ▼ received, ▲ sent, • an event.
    [[nodiscard]] static QChar arrow(Direction direction);
    /// The prefix columns' width (time, arrow, peer and a gap), in characters.
    [[nodiscard]] int prefixChars() const;
    /// The widest line the current mode makes, in characters.
    [[nodiscard]] int lineChars() const;

    void clearCaches();
    /// Clears the caches when they hold more than their limit (rows left, entries stayed).
    void trimCaches();

private:
    Mode m_mode = Mode::Log;
    QString m_encoding = QStringLiteral("UTF-8");
    bool m_showTimestamps = true;
    QHash<QPair<quint64, int>, QString> m_lineCache;
    mutable QHash<quint64, QList<qsizetype>> m_textStartsCache;
};

} // namespace sockeye
