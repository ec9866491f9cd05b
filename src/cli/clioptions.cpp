#include "clioptions.h"

#include "payload/textcodec.h"
#include "traffic/framer.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QHostInfo>
#include <QNetworkInterface>

#include <cmath>
#include <cstdio>

namespace sockeye::cli {

QString CliParser::usage()
{
    return tr(
        "Usage:\n"
        "  sockeye-cli listen [--udp] [--bind ADDR] PORT [--echo] [--welcome P]\n"
        "                     [--reply MATCH=P]... [--rules FILE] [common options]\n"
        "  sockeye-cli connect [--udp] [--bind ADDR] HOST PORT [--send P]... [--send-file F]\n"
        "                     [--interval MS] [--repeat N] [--expect P | --expect-regex RE]\n"
        "                     [--timeout S] [--connect-timeout MS] [common options]\n"
        "  sockeye-cli export IN OUT [--format text|hex|dump|csv|raw|pcapng] [--split]\n"
        "                     [--direction rx|tx] [--encoding NAME]\n"
        "  sockeye-cli replay IN HOST PORT [--udp] [--fast | --speed X] [--stream N]\n"
        "                     [common options]\n"
        "  sockeye-cli run WORKSPACE.sockeye [--duration S] [--count N] [--format F]\n"
        "                     [--timestamps] [--encoding NAME] [--quiet]\n"
        "\n"
        "listen, connect and replay take --record FILE: everything the session sends and\n"
        "receives is written to FILE as pcapng (for Wireshark) while it runs.\n"
        "export reads a pcapng or pcap capture IN and writes OUT: a text log, hex, hex dump,\n"
        "CSV (time,session,peer,direction,length,hex,event), raw bytes (--split: one file per\n"
        "peer and direction, named after OUT) or pcapng. --direction keeps one direction.\n"
        "replay sends the client side of conversation N (default 0) of IN to HOST PORT, with\n"
        "the recorded gaps (--speed 2: twice as fast) or --fast, and prints what comes back.\n"
        "run starts every session of a workspace saved in the app (servers, clients, UDP)\n"
        "with its framing, rules, echo and welcome, and prints what they receive as listen\n"
        "does (--timestamps adds the session's name). It runs until --duration, --count or\n"
        "Ctrl+C; a session that cannot start ends it with exit code 3.\n"
        "\n"
        "Common options:\n"
        "  --format text|hex|dump|raw  how received data goes to stdout (raw: the exact bytes)\n"
        "  --timestamps                prefix each frame with its time and peer\n"
        "  --framing SPEC              idle:MS | delim:P | fixed:N | prefix:SPEC "
        "(docs/PAYLOAD.md)\n"
        "  --line-ending none|cr|lf|crlf  appended to every payload sent\n"
        "  --checksum NAME             appended to every payload sent (e.g. crc16-modbus)\n"
        "  --encoding NAME             for text payloads and text output (UTF-8, GBK, ...)\n"
        "  --count N                   stop after N received frames\n"
        "  --duration S                stop after S seconds\n"
        "  --quiet                     no messages on stderr but errors\n"
        "  --lang en|zh_CN             language of messages (default: the system's)\n"
        "\n"
        "P is a payload: hex:01 03 00 00, text:Hello\\r\\n (escapes), lit:as typed, or plain\n"
        "text with escapes. --send - streams standard input as it is (raw bytes), after the\n"
        "other payloads; like --send-file it is read only as fast as the peer takes it.\n"
        "MATCH is exact:P, prefix:P, contains:P, regex:RE, hex:01 03 ?? ?? (whole frame,\n"
        "?? any byte) or any; plain text means contains. Split at the first '=' (write \\= for\n"
        "a literal '=' in MATCH). In a reply, {req:OFFSET:LEN} copies request bytes.\n"
        "\n"
        "stdout carries only received data; messages go to stderr.\n"
        "Exit codes: 0 done or expectation met, 1 expectation not met or timed out,\n"
        "2 usage error, 3 network error.\n");
}

std::optional<CliOptions> CliParser::fail(const QString &message)
{
    m_error = message;
    return std::nullopt;
}

std::optional<CliOptions> CliParser::parse(const QStringList &arguments)
{
    QCommandLineParser p;
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, tr("Help."));
    const QCommandLineOption version(QStringLiteral("version"), tr("Version."));
    const QCommandLineOption udp(QStringLiteral("udp"), tr("UDP instead of TCP."));
    const QCommandLineOption bind(QStringLiteral("bind"), tr("Address."), QStringLiteral("ADDR"));
    const QCommandLineOption echo(QStringLiteral("echo"), tr("Echo."));
    const QCommandLineOption welcome(QStringLiteral("welcome"), tr("Welcome."),
                                     QStringLiteral("P"));
    const QCommandLineOption reply(QStringLiteral("reply"), tr("Reply."),
                                   QStringLiteral("MATCH=P"));
    const QCommandLineOption rules(QStringLiteral("rules"), tr("Rules."), QStringLiteral("FILE"));
    const QCommandLineOption send(QStringLiteral("send"), tr("Send."), QStringLiteral("P"));
    const QCommandLineOption sendFile(QStringLiteral("send-file"), tr("File."),
                                      QStringLiteral("F"));
    const QCommandLineOption interval(QStringLiteral("interval"), tr("Interval."),
                                      QStringLiteral("MS"));
    const QCommandLineOption repeat(QStringLiteral("repeat"), tr("Repeat."), QStringLiteral("N"));
    const QCommandLineOption expect(QStringLiteral("expect"), tr("Expect."), QStringLiteral("P"));
    const QCommandLineOption expectRegex(QStringLiteral("expect-regex"), tr("Expect."),
                                         QStringLiteral("RE"));
    const QCommandLineOption timeout(QStringLiteral("timeout"), tr("Timeout."),
                                     QStringLiteral("S"));
    const QCommandLineOption connectTimeout(QStringLiteral("connect-timeout"), tr("Timeout."),
                                            QStringLiteral("MS"));
    const QCommandLineOption format(QStringLiteral("format"), tr("Format."), QStringLiteral("F"));
    const QCommandLineOption timestamps(QStringLiteral("timestamps"), tr("Timestamps."));
    const QCommandLineOption framing(QStringLiteral("framing"), tr("Framing."),
                                     QStringLiteral("SPEC"));
    const QCommandLineOption lineEnding(QStringLiteral("line-ending"), tr("Line ending."),
                                        QStringLiteral("E"));
    const QCommandLineOption checksum(QStringLiteral("checksum"), tr("Checksum."),
                                      QStringLiteral("NAME"));
    const QCommandLineOption encoding(QStringLiteral("encoding"), tr("Encoding."),
                                      QStringLiteral("NAME"));
    const QCommandLineOption count(QStringLiteral("count"), tr("Count."), QStringLiteral("N"));
    const QCommandLineOption duration(QStringLiteral("duration"), tr("Duration."),
                                      QStringLiteral("S"));
    const QCommandLineOption quiet({QStringLiteral("q"), QStringLiteral("quiet")}, tr("Quiet."));
    const QCommandLineOption record(QStringLiteral("record"), tr("Record."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption splitOption(QStringLiteral("split"), tr("Split."));
    const QCommandLineOption direction(QStringLiteral("direction"), tr("Direction."),
                                       QStringLiteral("D"));
    const QCommandLineOption fast(QStringLiteral("fast"), tr("Fast."));
    const QCommandLineOption speed(QStringLiteral("speed"), tr("Speed."), QStringLiteral("X"));
    const QCommandLineOption stream(QStringLiteral("stream"), tr("Stream."), QStringLiteral("N"));
    p.addOptions({record, splitOption, direction, fast, speed, stream});
    // Read by Language::setUp() in main() before parsing; declared here to be accepted.
    const QCommandLineOption lang(QStringLiteral("lang"), tr("Language."), QStringLiteral("LANG"));
    p.addOptions({help,     version,        udp,      bind,       echo,    welcome,    reply,
                  rules,    send,           sendFile, interval,   repeat,  expect,     expectRegex,
                  timeout,  connectTimeout, format,   timestamps, framing, lineEnding, checksum,
                  encoding, count,          duration, quiet});
    p.addOption(lang);
    if (!p.parse(arguments)) {
        QString why = p.errorText(); // Qt's sentence ends with a period; ours follows it
        while (why.endsWith(QLatin1Char('.')))
            why.chop(1);
        return fail(tr("sockeye-cli: %1. Run sockeye-cli --help for usage.").arg(why));
    }
    if (p.isSet(help)) {
        m_output = usage();
        return std::nullopt;
    }
    if (p.isSet(version)) {
        m_output = QStringLiteral("sockeye-cli %1\n").arg(QStringLiteral(SOCKEYE_VERSION));
        return std::nullopt;
    }

    CliOptions o;
    const QStringList pos = p.positionalArguments();
    if (pos.isEmpty())
        return fail(tr("sockeye-cli: no command given: use listen, connect, export, replay or "
                       "run. Run sockeye-cli --help for usage."));
    const QString command = pos.constFirst();
    const auto parsePort = [&](const QString &text, quint16 *out) {
        bool ok = false;
        const uint value = text.toUInt(&ok);
        if (!ok || value > 65535)
            return false;
        *out = quint16(value);
        return true;
    };
    if (command == QLatin1String("listen")) {
        o.command = CliOptions::Command::Listen;
        if (pos.size() != 2)
            return fail(tr("sockeye-cli listen: give exactly one PORT (0 picks a free one)."));
        if (!parsePort(pos.at(1), &o.port))
            return fail(
                tr("sockeye-cli listen: \"%1\" is not a port; use 0 to 65535.").arg(pos.at(1)));
    } else if (command == QLatin1String("connect")) {
        o.command = CliOptions::Command::Connect;
        if (pos.size() != 3)
            return fail(
                tr("sockeye-cli connect: give HOST and PORT, e.g. connect 127.0.0.1 7000."));
        o.host = pos.at(1);
        if (!parsePort(pos.at(2), &o.port) || o.port == 0)
            return fail(
                tr("sockeye-cli connect: \"%1\" is not a port; use 1 to 65535.").arg(pos.at(2)));
    } else if (command == QLatin1String("export")) {
        o.command = CliOptions::Command::Export;
        if (pos.size() != 3)
            return fail(tr("sockeye-cli export: give IN and OUT, e.g. export capture.pcapng "
                           "log.txt --format text."));
        o.captureIn = pos.at(1);
        o.exportOut = pos.at(2);
    } else if (command == QLatin1String("replay")) {
        o.command = CliOptions::Command::Replay;
        if (pos.size() != 4)
            return fail(tr("sockeye-cli replay: give IN, HOST and PORT, e.g. replay "
                           "capture.pcapng 127.0.0.1 7000."));
        o.captureIn = pos.at(1);
        o.host = pos.at(2);
        if (!parsePort(pos.at(3), &o.port) || o.port == 0)
            return fail(
                tr("sockeye-cli replay: \"%1\" is not a port; use 1 to 65535.").arg(pos.at(3)));
    } else if (command == QLatin1String("run")) {
        o.command = CliOptions::Command::Run;
        if (pos.size() != 2)
            return fail(tr("sockeye-cli run: give one WORKSPACE file, e.g. run lab.sockeye."));
        o.workspaceFile = pos.at(1);
        // Every problem is found before anything starts, named by file and field.
        QString error;
        if (!o.workspace.load(o.workspaceFile, &error))
            return fail(tr("sockeye-cli run: %1").arg(error));
        if (o.workspace.sessions.isEmpty())
            return fail(tr("sockeye-cli run: %1 holds no sessions; save one from the app first.")
                            .arg(o.workspaceFile));
        for (int i = 0; i < o.workspace.sessions.size(); ++i) {
            const QString problem = o.workspace.sessions.at(i).problem();
            if (!problem.isEmpty())
                return fail(tr("sockeye-cli run: %1: sessions[%2].%3")
                                .arg(o.workspaceFile)
                                .arg(i)
                                .arg(problem));
        }
    } else {
        return fail(tr("sockeye-cli: unknown command \"%1\": use listen, connect, export, "
                       "replay or run.")
                        .arg(command));
    }
    if (o.command == CliOptions::Command::Export && o.exportOut == QLatin1String("-") &&
        p.isSet(splitOption))
        return fail(tr("sockeye-cli export: --split writes one file per peer and direction; "
                       "give OUT a file name, not -."));
    if (!o.captureIn.isEmpty() && !QFile::exists(o.captureIn))
        return fail(tr("sockeye-cli %1: %2: no such file.").arg(command, o.captureIn));

    const bool listen = o.command == CliOptions::Command::Listen;
    const auto onlyFor = [&](const QCommandLineOption &option, bool allowed, const char *cmd) {
        if (p.isSet(option) && !allowed) {
            m_error = tr("sockeye-cli %1: --%2 is for %3 only.")
                          .arg(command, option.names().constLast(), QLatin1String(cmd));
            return false;
        }
        return true;
    };
    for (const auto *option : {&echo, &welcome, &reply, &rules}) {
        if (!onlyFor(*option, listen, "listen"))
            return std::nullopt;
    }
    const bool exporting = o.command == CliOptions::Command::Export;
    const bool replay = o.command == CliOptions::Command::Replay;
    const bool run = o.command == CliOptions::Command::Run;
    // A workspace says everything about its sessions; the command line only how to show them.
    for (const auto *option : {&udp, &bind, &framing, &timeout, &expect, &expectRegex, &record,
                               &lineEnding, &checksum}) {
        if (p.isSet(*option) && run)
            return fail(tr("sockeye-cli run: --%1 does not apply: the workspace holds each "
                           "session's settings, framing and rules.")
                            .arg(option->names().constLast()));
    }
    for (const auto *option : {&send, &sendFile, &interval, &repeat}) {
        if (!onlyFor(*option, o.command == CliOptions::Command::Connect, "connect"))
            return std::nullopt;
    }
    if (!onlyFor(connectTimeout, !listen && !exporting && !run, "connect and replay") ||
        !onlyFor(record, !exporting, "listen, connect and replay") ||
        !onlyFor(splitOption, exporting, "export") || !onlyFor(direction, exporting, "export") ||
        !onlyFor(fast, replay, "replay") || !onlyFor(speed, replay, "replay") ||
        !onlyFor(stream, replay, "replay"))
        return std::nullopt;
    o.recordFile = p.value(record);
    o.exportSplit = p.isSet(splitOption);
    o.replayFast = p.isSet(fast);
    if (p.isSet(direction)) {
        const QString d = p.value(direction);
        if (d == QLatin1String("rx"))
            o.exportDirection = Direction::Rx;
        else if (d == QLatin1String("tx"))
            o.exportDirection = Direction::Tx;
        else
            return fail(tr("sockeye-cli: --direction %1 is unknown; use rx or tx.").arg(d));
    }

    o.udp = p.isSet(udp);
    o.bindAddress = p.value(bind).trimmed();
    // "[::1]" is how an address is written beside a port; bare, it is ::1.
    if (o.bindAddress.startsWith(QLatin1Char('[')) && o.bindAddress.endsWith(QLatin1Char(']')))
        o.bindAddress = o.bindAddress.mid(1, o.bindAddress.size() - 2);
    if (!o.bindAddress.isEmpty() && !parseBindAddress(o.bindAddress)) {
        // A host name (localhost): one of its addresses, which must be this machine's.
        const QHostInfo info = QHostInfo::fromName(o.bindAddress);
        QHostAddress local;
        for (const QHostAddress &candidate : info.addresses()) {
            if (QNetworkInterface::allAddresses().contains(candidate) &&
                (local.isNull() || candidate.protocol() == QAbstractSocket::IPv4Protocol))
                local = candidate;
        }
        if (local.isNull())
            return fail(tr("sockeye-cli: --bind %1: %2")
                            .arg(o.bindAddress,
                                 info.addresses().isEmpty()
                                     ? tr("no such host. Use an address of this machine, any, "
                                          "any4, any6 or a host name such as localhost.")
                                     : tr("that host is not this machine. Use one of its "
                                          "addresses, any, any4 or any6.")));
        o.bindAddress = local.toString();
    }
    if (listen && o.bindAddress.isEmpty())
        o.bindAddress = QStringLiteral("any");
    o.quiet = p.isSet(quiet);
    o.timestamps = p.isSet(timestamps);

    const auto number = [&](const QCommandLineOption &option, double min, double max, double *out) {
        if (!p.isSet(option))
            return true;
        bool ok = false;
        const double value = p.value(option).toDouble(&ok);
        // NaN passes every comparison and inf overflows the timers: neither is a number here.
        if (!ok || !std::isfinite(value) || value < min || value > max) {
            m_error = tr("sockeye-cli: --%1 %2 is out of range; use a number from %3 to %4.")
                          .arg(option.names().constLast(), p.value(option))
                          .arg(QString::number(min, 'g', 12), QString::number(max, 'g', 12));
            return false;
        }
        *out = value;
        return true;
    };
    double value = 0;
    if (!number(interval, 0, 86400000, &value))
        return std::nullopt;
    if (p.isSet(interval))
        o.intervalMs = int(value);
    if (!number(repeat, 1, 1e9, &value))
        return std::nullopt;
    if (p.isSet(repeat))
        o.repeat = int(value);
    if (!number(connectTimeout, 1, 3600000, &value))
        return std::nullopt;
    if (p.isSet(connectTimeout))
        o.connectTimeoutMs = int(value);
    // Qt's timers count milliseconds in an int: at most 24.8 days. 2,000,000 s is 23 days.
    if (!number(timeout, 0, MaxWaitSeconds, &o.timeoutS) ||
        !number(duration, 0, MaxWaitSeconds, &o.durationS))
        return std::nullopt;
    if (!number(count, 1, 1e15, &value))
        return std::nullopt;
    if (p.isSet(count))
        o.count = quint64(value);
    if (!number(speed, 0.001, 1000, &o.replaySpeed))
        return std::nullopt;
    if (!number(stream, 0, 1e6, &value))
        return std::nullopt;
    if (p.isSet(stream))
        o.replayStream = int(value);

    if (exporting && p.isSet(format)) {
        const auto f = Exporter::formatFromName(p.value(format));
        if (!f)
            return fail(tr("sockeye-cli export: --format %1 is unknown; use text, hex, dump, csv, "
                           "raw or pcapng.")
                            .arg(p.value(format)));
        o.exportFormat = *f;
    } else if (p.isSet(format)) {
        const QString f = p.value(format);
        if (f == QLatin1String("text"))
            o.format = OutputFormat::Text;
        else if (f == QLatin1String("hex"))
            o.format = OutputFormat::Hex;
        else if (f == QLatin1String("dump"))
            o.format = OutputFormat::Dump;
        else if (f == QLatin1String("raw"))
            o.format = OutputFormat::Raw;
        else
            return fail(
                tr("sockeye-cli: --format %1 is unknown; use text, hex, dump or raw.").arg(f));
    }
    if (p.isSet(encoding)) {
        o.encoding = TextCodec::canonicalName(p.value(encoding));
        if (o.encoding.isEmpty())
            return fail(
                tr("sockeye-cli: --encoding %1 is unknown; use one of %2.")
                    .arg(p.value(encoding), TextCodec::encodings().join(QStringLiteral(", "))));
    }
    if (p.isSet(framing)) {
        QString error;
        const auto framer = Framer::create(p.value(framing), &error);
        if (!error.isEmpty())
            return fail(tr("sockeye-cli: --framing: %1").arg(error));
        o.framing = framer ? framer->spec() : QString();
    }

    // How every payload we send is finished.
    PayloadSpec::LineEnding ending = PayloadSpec::LineEnding::None;
    if (p.isSet(lineEnding)) {
        const auto parsed = PayloadSpec::lineEndingFromName(p.value(lineEnding));
        if (!parsed)
            return fail(tr("sockeye-cli: --line-ending %1 is unknown; use none, cr, lf or crlf.")
                            .arg(p.value(lineEnding)));
        ending = *parsed;
    }
    Checksum sum;
    if (p.isSet(checksum)) {
        PayloadError error;
        sum = Checksum::fromString(p.value(checksum), &error);
        if (error.isError())
            return fail(tr("sockeye-cli: --checksum: %1").arg(error.message));
    }
    const auto payload = [&](const QString &syntax, const QString &what,
                             std::optional<PayloadSpec> *out) {
        PayloadSpec spec = PayloadSpec::fromSyntax(syntax);
        spec.setEncoding(o.encoding);
        spec.setLineEnding(ending);
        spec.setChecksum(sum);
        const PayloadError error = spec.validate();
        if (error.isError()) {
            // The message's position counts from the payload's text, after any prefix.
            m_error = tr("sockeye-cli: %1 \"%2\": %3").arg(what, syntax, error.message);
            return false;
        }
        *out = spec;
        return true;
    };

    for (const QString &s : p.values(send)) {
        if (s == QLatin1String("-")) {
            // Streamed as the peer takes it, never held whole: as --send-file is.
            if (!o.sendFile.isEmpty() || p.isSet(sendFile))
                return fail(tr("sockeye-cli: --send - and --send-file both stream a file; give "
                               "one of them."));
            if (p.isSet(lineEnding) || p.isSet(checksum))
                return fail(tr("sockeye-cli: --send - streams standard input as it is; "
                               "--line-ending and --checksum apply to payloads only. Put them in "
                               "the data, or send a payload instead."));
            o.sendFile = QStringLiteral("-");
            continue;
        }
        std::optional<PayloadSpec> spec;
        if (!payload(s, QStringLiteral("--send"), &spec))
            return std::nullopt;
        o.sends << *spec;
    }
    if (p.isSet(sendFile)) {
        o.sendFile = p.value(sendFile);
        // Said before connecting: nothing is sent when the file cannot be read.
        const QFileInfo info(o.sendFile);
        if (!info.exists())
            return fail(tr("sockeye-cli: --send-file %1: no such file.").arg(o.sendFile));
        if (info.isDir())
            return fail(
                tr("sockeye-cli: --send-file %1: is a directory; give a file.").arg(o.sendFile));
        QFile probe(o.sendFile);
        if (!probe.open(QIODevice::ReadOnly))
            return fail(
                tr("sockeye-cli: --send-file %1: %2.").arg(o.sendFile, probe.errorString()));
    }

    if (p.isSet(expect) && p.isSet(expectRegex))
        return fail(tr("sockeye-cli: use --expect or --expect-regex, not both."));
    if (p.isSet(expect)) {
        std::optional<PayloadSpec> spec;
        if (!payload(p.value(expect), QStringLiteral("--expect"), &spec))
            return std::nullopt;
        spec->setLineEnding(PayloadSpec::LineEnding::None); // match what was typed
        spec->setChecksum(Checksum());
        o.expect = spec;
    }
    if (p.isSet(expectRegex)) {
        o.expectRegex = p.value(expectRegex);
        QRegularExpression re(o.expectRegex);
        if (!re.isValid())
            return fail(tr("sockeye-cli: --expect-regex: invalid at position %1: %2.")
                            .arg(re.patternErrorOffset())
                            .arg(re.errorString()));
    }

    // Automation rules, in order: --rules file, --reply, --echo; --welcome on connect.
    if (p.isSet(rules)) {
        QString error;
        QString fileFraming;
        const auto loaded =
            AutomationController::readRulesFile(p.value(rules), &error, &fileFraming);
        if (!loaded)
            return fail(tr("sockeye-cli: --rules: %1").arg(error));
        o.rules += *loaded;
        // The file's framing, unless --framing says otherwise.
        if (!p.isSet(framing) && !fileFraming.isEmpty())
            o.framing = fileFraming;
    }
    for (const QString &r : p.values(reply)) {
        qsizetype split = -1;
        for (qsizetype i = 0; i < r.size(); ++i) {
            if (r.at(i) == QLatin1Char('=') && (i == 0 || r.at(i - 1) != QLatin1Char('\\'))) {
                split = i;
                break;
            }
        }
        if (split <= 0)
            return fail(tr("sockeye-cli: --reply \"%1\": write MATCH=PAYLOAD, e.g. "
                           "--reply 'text:PING=text:PONG\\r\\n'.")
                            .arg(r));
        QString match = r.left(split);
        match.replace(QLatin1String("\\="), QLatin1String("="));
        QString error;
        auto rule = ReplyRule::fromMatchSyntax(match, r.mid(split + 1), &error);
        if (!rule)
            return fail(tr("sockeye-cli: --reply \"%1\": %2").arg(r, error));
        rule->reply.setEncoding(o.encoding);
        rule->reply.setLineEnding(ending);
        rule->reply.setChecksum(sum);
        const PayloadError compileError = rule->compile();
        if (compileError.isError())
            return fail(tr("sockeye-cli: --reply \"%1\": %2").arg(r, compileError.message));
        o.rules << *rule;
    }
    if (p.isSet(echo))
        o.rules << ReplyRule::echo();
    if (p.isSet(welcome)) {
        std::optional<PayloadSpec> spec;
        if (!payload(p.value(welcome), QStringLiteral("--welcome"), &spec))
            return std::nullopt;
        o.rules << ReplyRule::welcome(*spec); // validated above
    }
    return o;
}

} // namespace sockeye::cli
