// Small helpers the export tests share: running tshark/editcap and reading their answers.
#pragma once

#include "externalpeer.h"

#include <QByteArray>
#include <QList>
#include <QProcess>
#include <QStringList>

namespace sockeye::test {

/// Runs a program to its end; returns its standard output (and its error output in `err`).
inline QByteArray runTool(const QString &program, const QStringList &arguments,
                          QByteArray *err = nullptr, int *exitCode = nullptr)
{
    QProcess p;
    p.start(program, arguments);
    p.waitForFinished(120000);
    if (err)
        *err = p.readAllStandardError();
    if (exitCode)
        *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return p.readAllStandardOutput();
}

inline bool haveTshark()
{
    return ExternalPeer::available(QStringLiteral("tshark")) &&
           ExternalPeer::available(QStringLiteral("editcap"));
}

inline const char *noTshark()
{
    return "tshark and editcap are needed for this test: run scripts/setup.sh --test "
           "(apt-get install tshark)";
}

/// One TCP stream as `tshark -qz follow,tcp,raw,N` shows it: the two nodes (address:port as
/// tshark writes them) and the bytes each sent.
struct FollowedStream
{
    QString node0;
    QString node1;
    QByteArray from0;
    QByteArray from1;
};

inline FollowedStream followTcp(const QString &file, int stream)
{
    FollowedStream s;
    const QByteArray out =
        runTool(QStringLiteral("tshark"), {QStringLiteral("-r"), file, QStringLiteral("-qz"),
                                           QStringLiteral("follow,tcp,raw,%1").arg(stream)});
    for (const QByteArray &line : out.split('\n')) {
        if (line.startsWith("Node 0: "))
            s.node0 = QString::fromLatin1(line.mid(8).trimmed());
        else if (line.startsWith("Node 1: "))
            s.node1 = QString::fromLatin1(line.mid(8).trimmed());
        else if (line.startsWith('\t'))
            s.from1 += QByteArray::fromHex(line.trimmed());
        else if (!line.isEmpty() && !line.startsWith('=') && !line.startsWith("Follow") &&
                 !line.startsWith("Filter") && !line.startsWith("Node"))
            s.from0 += QByteArray::fromHex(line.trimmed());
    }
    return s;
}

/// tshark's field extraction, one list of fields per packet.
inline QList<QStringList> fields(const QString &file, const QStringList &names,
                                 const QString &filter = {})
{
    QStringList args{QStringLiteral("-r"), file, QStringLiteral("-T"), QStringLiteral("fields")};
    if (!filter.isEmpty())
        args << QStringLiteral("-Y") << filter;
    for (const QString &n : names)
        args << QStringLiteral("-e") << n;
    QList<QStringList> rows;
    for (const QByteArray &line : runTool(QStringLiteral("tshark"), args).split('\n')) {
        if (!line.isEmpty())
            rows << QString::fromUtf8(line).split(QLatin1Char('\t'));
    }
    return rows;
}

/// Packets tshark finds malformed, with a bad checksum, or with an expert warning or error;
/// empty when the capture is clean. Checksum checks are on (they are off by default). A RST
/// is an expert warning by design ("Connection reset"); that alone is allowed.
inline QStringList problems(const QString &file)
{
    const QString filter = QStringLiteral(
        "_ws.malformed or ip.checksum.status == 0 or tcp.checksum.status == 0 or "
        "udp.checksum.status == 0 or ((_ws.expert.severity >= 0x600000 or tcp.analysis.flags) "
        "and not (tcp.flags.reset == 1 and not tcp.analysis.retransmission and not "
        "tcp.analysis.lost_segment and not tcp.analysis.ack_lost_segment and not "
        "tcp.analysis.out_of_order))");
    const QByteArray out =
        runTool(QStringLiteral("tshark"),
                {QStringLiteral("-r"), file, QStringLiteral("-o"),
                 QStringLiteral("tcp.check_checksum:TRUE"), QStringLiteral("-o"),
                 QStringLiteral("udp.check_checksum:TRUE"), QStringLiteral("-o"),
                 QStringLiteral("ip.check_checksum:TRUE"), QStringLiteral("-Y"), filter});
    QStringList lines;
    for (const QByteArray &line : out.split('\n')) {
        if (!line.trimmed().isEmpty())
            lines << QString::fromUtf8(line);
    }
    return lines;
}

/// Bytes that are easy to check and not text: (i * 7 + seed) mod 251.
inline QByteArray pattern(qsizetype size, int seed = 3)
{
    QByteArray out(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        out[i] = char((i * 7 + seed) % 251);
    return out;
}

} // namespace sockeye::test
