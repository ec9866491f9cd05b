#pragma once

// CliParser's option table, shared by its parse functions (clioptions.cpp) and nothing else.

#include "clioptions.h"

#include <QCommandLineOption>

namespace sockeye::cli {

/// Every option of every command, declared once. Each command's parse function reads the ones it
/// takes; optionsApply() refuses the others with a sentence naming the commands they are for.
struct CliParser::Flags
{
    QCommandLineOption help{{QStringLiteral("h"), QStringLiteral("help")}, CliParser::tr("Help.")};
    QCommandLineOption version{QStringLiteral("version"), CliParser::tr("Version.")};
    QCommandLineOption udp{QStringLiteral("udp"), CliParser::tr("UDP instead of TCP.")};
    QCommandLineOption bind{QStringLiteral("bind"), CliParser::tr("Address."),
                            QStringLiteral("ADDR")};
    QCommandLineOption echo{QStringLiteral("echo"), CliParser::tr("Echo.")};
    QCommandLineOption welcome{QStringLiteral("welcome"), CliParser::tr("Welcome."),
                               QStringLiteral("P")};
    QCommandLineOption reply{QStringLiteral("reply"), CliParser::tr("Reply."),
                             QStringLiteral("MATCH=P")};
    QCommandLineOption rules{QStringLiteral("rules"), CliParser::tr("Rules."),
                             QStringLiteral("FILE")};
    QCommandLineOption send{QStringLiteral("send"), CliParser::tr("Send."), QStringLiteral("P")};
    QCommandLineOption sendFile{QStringLiteral("send-file"), CliParser::tr("File."),
                                QStringLiteral("F")};
    QCommandLineOption interval{QStringLiteral("interval"), CliParser::tr("Interval."),
                                QStringLiteral("MS")};
    QCommandLineOption repeat{QStringLiteral("repeat"), CliParser::tr("Repeat."),
                              QStringLiteral("N")};
    QCommandLineOption expect{QStringLiteral("expect"), CliParser::tr("Expect."),
                              QStringLiteral("P")};
    QCommandLineOption expectRegex{QStringLiteral("expect-regex"), CliParser::tr("Expect."),
                                   QStringLiteral("RE")};
    QCommandLineOption timeout{QStringLiteral("timeout"), CliParser::tr("Timeout."),
                               QStringLiteral("S")};
    QCommandLineOption close{QStringLiteral("close"), CliParser::tr("Close."),
                             QStringLiteral("MODE")};
    QCommandLineOption halfClose{QStringLiteral("half-close"), CliParser::tr("Half-close.")};
    QCommandLineOption noDelay{QStringLiteral("nodelay"), CliParser::tr("No delay.")};
    QCommandLineOption keepAlive{QStringLiteral("keepalive"), CliParser::tr("Keepalive."),
                                 QStringLiteral("IDLE,INTERVAL,COUNT")};
    QCommandLineOption rcvbuf{QStringLiteral("rcvbuf"), CliParser::tr("Receive buffer."),
                              QStringLiteral("N")};
    QCommandLineOption sndbuf{QStringLiteral("sndbuf"), CliParser::tr("Send buffer."),
                              QStringLiteral("N")};
    QCommandLineOption backlog{QStringLiteral("backlog"), CliParser::tr("Backlog."),
                               QStringLiteral("N")};
    QCommandLineOption stats{QStringLiteral("stats"), CliParser::tr("Statistics.")};
    QCommandLineOption statsInterval{QStringLiteral("stats-interval"), CliParser::tr("Interval."),
                                     QStringLiteral("S")};
    QCommandLineOption localPort{QStringLiteral("local-port"), CliParser::tr("Local port."),
                                 QStringLiteral("N")};
    QCommandLineOption connectTimeout{QStringLiteral("connect-timeout"), CliParser::tr("Timeout."),
                                      QStringLiteral("MS")};
    QCommandLineOption format{QStringLiteral("format"), CliParser::tr("Format."),
                              QStringLiteral("F")};
    QCommandLineOption timestamps{QStringLiteral("timestamps"), CliParser::tr("Timestamps.")};
    QCommandLineOption framing{QStringLiteral("framing"), CliParser::tr("Framing."),
                               QStringLiteral("SPEC")};
    QCommandLineOption lineEnding{QStringLiteral("line-ending"), CliParser::tr("Line ending."),
                                  QStringLiteral("E")};
    QCommandLineOption checksum{QStringLiteral("checksum"), CliParser::tr("Checksum."),
                                QStringLiteral("NAME")};
    QCommandLineOption encoding{QStringLiteral("encoding"), CliParser::tr("Encoding."),
                                QStringLiteral("NAME")};
    QCommandLineOption count{QStringLiteral("count"), CliParser::tr("Count."), QStringLiteral("N")};
    QCommandLineOption duration{QStringLiteral("duration"), CliParser::tr("Duration."),
                                QStringLiteral("S")};
    QCommandLineOption quiet{{QStringLiteral("q"), QStringLiteral("quiet")},
                             CliParser::tr("Quiet.")};
    QCommandLineOption record{QStringLiteral("record"), CliParser::tr("Record."),
                              QStringLiteral("FILE")};
    QCommandLineOption saveReceived{QStringLiteral("save-received"),
                                    CliParser::tr("Save received."), QStringLiteral("FILE")};
    QCommandLineOption saveFormat{QStringLiteral("save-format"), CliParser::tr("Save format."),
                                  QStringLiteral("F")};
    QCommandLineOption saveRotate{QStringLiteral("save-rotate"), CliParser::tr("Save rotate."),
                                  QStringLiteral("BYTES")};
    QCommandLineOption split{QStringLiteral("split"), CliParser::tr("Split.")};
    QCommandLineOption direction{QStringLiteral("direction"), CliParser::tr("Direction."),
                                 QStringLiteral("D")};
    QCommandLineOption fast{QStringLiteral("fast"), CliParser::tr("Fast.")};
    QCommandLineOption speed{QStringLiteral("speed"), CliParser::tr("Speed."), QStringLiteral("X")};
    QCommandLineOption stream{QStringLiteral("stream"), CliParser::tr("Stream."),
                              QStringLiteral("N")};
    QCommandLineOption tls{QStringLiteral("tls"), CliParser::tr("TLS.")};
    QCommandLineOption ca{QStringLiteral("ca"), CliParser::tr("CA file."), QStringLiteral("FILE")};
    QCommandLineOption cert{QStringLiteral("cert"), CliParser::tr("Certificate."),
                            QStringLiteral("FILE")};
    QCommandLineOption key{QStringLiteral("key"), CliParser::tr("Key."), QStringLiteral("FILE")};
    QCommandLineOption keyPass{QStringLiteral("key-pass"), CliParser::tr("Passphrase."),
                               QStringLiteral("env:VAR|file:PATH")};
    QCommandLineOption insecure{QStringLiteral("insecure"), CliParser::tr("Do not verify.")};
    QCommandLineOption alpn{QStringLiteral("alpn"), CliParser::tr("ALPN."), QStringLiteral("LIST")};
    QCommandLineOption sni{QStringLiteral("sni"), CliParser::tr("Server name."),
                           QStringLiteral("NAME")};
    QCommandLineOption selfSigned{QStringLiteral("self-signed"), CliParser::tr("Self-signed.")};
    QCommandLineOption requireClientCert{QStringLiteral("require-client-cert"),
                                         CliParser::tr("Mutual TLS.")};
    // Read by Language::setUp() in main() before parsing; declared here to be accepted.
    QCommandLineOption lang{QStringLiteral("lang"), CliParser::tr("Language."),
                            QStringLiteral("LANG")};

    [[nodiscard]] QList<QCommandLineOption> all() const
    {
        return {help,
                version,
                udp,
                bind,
                echo,
                welcome,
                reply,
                rules,
                send,
                sendFile,
                interval,
                repeat,
                expect,
                expectRegex,
                timeout,
                connectTimeout,
                format,
                timestamps,
                framing,
                lineEnding,
                checksum,
                encoding,
                count,
                duration,
                quiet,
                record,
                split,
                direction,
                fast,
                speed,
                stream,
                lang,
                close,
                halfClose,
                localPort,
                noDelay,
                keepAlive,
                rcvbuf,
                sndbuf,
                stats,
                statsInterval,
                backlog,
                saveReceived,
                saveFormat,
                saveRotate,
                tls,
                ca,
                cert,
                key,
                keyPass,
                insecure,
                alpn,
                sni,
                selfSigned,
                requireClientCert};
    }
};

} // namespace sockeye::cli
