#include "clioptions.h"

#include "cliflags.h"

#include "payload/textcodec.h"
#include "traffic/framer.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QHostInfo>
#include <QJsonObject>
#include <QNetworkInterface>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <type_traits>
#include <utility>

namespace sockeye::cli {

std::optional<CliOptions> CliParser::fail(const QString &message)
{
    m_error = message;
    return std::nullopt;
}

bool CliParser::refuse(const QString &message)
{
    m_error = message;
    return false;
}

namespace {

using Command = CliOptions::Command;

struct CommandName
{
    Command command;
    const char *name;
};
constexpr CommandName Commands[] = {{Command::Listen, "listen"},
                                    {Command::Connect, "connect"},
                                    {Command::Export, "export"},
                                    {Command::Replay, "replay"},
                                    {Command::Run, "run"}};

/// "listen", "connect and replay", "listen, connect and replay".
QString commandList(std::initializer_list<Command> commands)
{
    QStringList names;
    for (Command c : commands) {
        for (const CommandName &n : Commands) {
            if (n.command == c)
                names << QLatin1String(n.name);
        }
    }
    const QString last = names.takeLast();
    return names.isEmpty() ? last
                           : names.join(QStringLiteral(", ")) + QStringLiteral(" and ") + last;
}

bool parsePort(const QString &text, quint16 *out)
{
    bool ok = false;
    const uint value = text.toUInt(&ok);
    if (!ok || value > 65535)
        return false;
    *out = quint16(value);
    return true;
}

} // namespace

std::optional<CliOptions> CliParser::parse(const QStringList &arguments)
{
    const Flags f;
    QCommandLineParser p;
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    p.addOptions(f.all());
    if (!p.parse(arguments)) {
        QString why = p.errorText(); // Qt's sentence ends with a period; ours follows it
        while (why.endsWith(QLatin1Char('.')))
            why.chop(1);
        return fail(tr("sockeye-cli: %1. Run sockeye-cli --help for usage.").arg(why));
    }
    if (p.isSet(f.help)) {
        m_output = usage();
        return std::nullopt;
    }
    if (p.isSet(f.version)) {
        m_output = QStringLiteral("sockeye-cli %1\n").arg(QStringLiteral(SOCKEYE_VERSION));
        return std::nullopt;
    }

    CliOptions o;
    const QStringList pos = p.positionalArguments();
    if (pos.isEmpty())
        return fail(tr("sockeye-cli: no command given: use listen, connect, export, replay or "
                       "run. Run sockeye-cli --help for usage."));
    const QString command = pos.constFirst();
    const CommandName *known = nullptr;
    for (const CommandName &n : Commands) {
        if (command == QLatin1String(n.name))
            known = &n;
    }
    if (!known)
        return fail(tr("sockeye-cli: unknown command \"%1\": use listen, connect, export, "
                       "replay or run.")
                        .arg(command));
    o.command = known->command;
    const bool ok = [&] {
        switch (o.command) {
        case Command::Listen:
            return readListen(pos, o);
        case Command::Connect:
            return readConnect(pos, o);
        case Command::Export:
            return readExport(pos, o, p.isSet(f.split));
        case Command::Replay:
            return readReplay(pos, o);
        case Command::Run:
            return readRun(pos, o);
        }
        return false;
    }();
    Finish finish; // how every payload sent is finished: --line-ending, --checksum
    if (!ok || !optionsApply(p, f, command, o.command) || !readCapture(p, f, o) ||
        !readEndpoint(p, f, o) || !readSocketOptions(p, f, o) || !readNumbers(p, f, o) ||
        !readOutput(p, f, o) || !readFinish(p, f, finish) || !readPayloads(p, f, finish, o) ||
        !readAutomation(p, f, finish, o) || !readTlsOptions(p, f, o))
        return std::nullopt;
    return o;
}

// The positional arguments of each command.

bool CliParser::readListen(const QStringList &pos, CliOptions &o)
{
    if (pos.size() != 2)
        return refuse(tr("sockeye-cli listen: give exactly one PORT (0 picks a free one)."));
    if (!parsePort(pos.at(1), &o.port))
        return refuse(
            tr("sockeye-cli listen: \"%1\" is not a port; use 0 to 65535.").arg(pos.at(1)));
    return true;
}

bool CliParser::readConnect(const QStringList &pos, CliOptions &o)
{
    if (pos.size() != 3)
        return refuse(tr("sockeye-cli connect: give HOST and PORT, e.g. connect 127.0.0.1 7000."));
    o.host = pos.at(1);
    if (!parsePort(pos.at(2), &o.port) || o.port == 0)
        return refuse(
            tr("sockeye-cli connect: \"%1\" is not a port; use 1 to 65535.").arg(pos.at(2)));
    return true;
}

bool CliParser::readExport(const QStringList &pos, CliOptions &o, bool split)
{
    if (pos.size() != 3)
        return refuse(tr("sockeye-cli export: give IN and OUT, e.g. export capture.pcapng "
                         "log.txt --format text."));
    o.captureIn = pos.at(1);
    o.exportOut = pos.at(2);
    if (o.exportOut == QLatin1String("-") && split)
        return refuse(tr("sockeye-cli export: --split writes one file per peer and direction; "
                         "give OUT a file name, not -."));
    if (!QFile::exists(o.captureIn))
        return refuse(tr("sockeye-cli %1: %2: no such file.").arg(pos.at(0), o.captureIn));
    return true;
}

bool CliParser::readReplay(const QStringList &pos, CliOptions &o)
{
    if (pos.size() != 4)
        return refuse(tr("sockeye-cli replay: give IN, HOST and PORT, e.g. replay "
                         "capture.pcapng 127.0.0.1 7000."));
    o.captureIn = pos.at(1);
    o.host = pos.at(2);
    if (!parsePort(pos.at(3), &o.port) || o.port == 0)
        return refuse(
            tr("sockeye-cli replay: \"%1\" is not a port; use 1 to 65535.").arg(pos.at(3)));
    if (!QFile::exists(o.captureIn))
        return refuse(tr("sockeye-cli %1: %2: no such file.").arg(pos.at(0), o.captureIn));
    return true;
}

bool CliParser::readRun(const QStringList &pos, CliOptions &o)
{
    if (pos.size() != 2)
        return refuse(tr("sockeye-cli run: give one WORKSPACE file, e.g. run lab.sockeye."));
    o.workspaceFile = pos.at(1);
    // Every problem is found before anything starts, named by file and field.
    QString error;
    if (!o.workspace.load(o.workspaceFile, &error))
        return refuse(tr("sockeye-cli run: %1").arg(error));
    if (o.workspace.sessions.isEmpty())
        return refuse(tr("sockeye-cli run: %1 holds no sessions; save one from the app first.")
                          .arg(o.workspaceFile));
    for (int i = 0; i < o.workspace.sessions.size(); ++i) {
        const QString problem = o.workspace.sessions.at(i).problem();
        if (!problem.isEmpty())
            return refuse(tr("sockeye-cli run: %1: sessions[%2].%3")
                              .arg(o.workspaceFile)
                              .arg(i)
                              .arg(problem));
    }
    return true;
}

bool CliParser::optionsApply(const QCommandLineParser &p, const Flags &f, const QString &command,
                             Command c)
{
    struct Scope
    {
        const QCommandLineOption *option;
        std::initializer_list<Command> commands;
    };
    const auto refused = [&](const Scope &scope) {
        if (!p.isSet(*scope.option) ||
            std::find(scope.commands.begin(), scope.commands.end(), c) != scope.commands.end())
            return false;
        m_error = tr("sockeye-cli %1: --%2 is for %3 only.")
                      .arg(command, scope.option->names().constLast(), commandList(scope.commands));
        return true;
    };
    for (const auto *option : {&f.echo, &f.welcome, &f.reply, &f.rules}) {
        if (refused({option, {Command::Listen}}))
            return false;
    }
    // A workspace says everything about its sessions; the command line only how to show them.
    for (const auto *option :
         {&f.udp, &f.bind, &f.framing, &f.timeout, &f.expect, &f.expectRegex, &f.record,
          &f.lineEnding, &f.checksum, &f.saveReceived, &f.saveFormat, &f.saveRotate}) {
        if (p.isSet(*option) && c == Command::Run)
            return refuse(tr("sockeye-cli run: --%1 does not apply: the workspace holds each "
                             "session's settings, framing and rules.")
                              .arg(option->names().constLast()));
    }
    const Scope scopes[] = {
        {&f.send, {Command::Connect}},
        {&f.sendFile, {Command::Connect}},
        {&f.interval, {Command::Connect}},
        {&f.repeat, {Command::Connect}},
        {&f.connectTimeout, {Command::Connect, Command::Replay}},
        {&f.close, {Command::Connect}},
        {&f.halfClose, {Command::Connect}},
        {&f.localPort, {Command::Connect}},
        {&f.noDelay, {Command::Listen, Command::Connect}},
        {&f.keepAlive, {Command::Listen, Command::Connect}},
        {&f.rcvbuf, {Command::Listen, Command::Connect}},
        {&f.sndbuf, {Command::Listen, Command::Connect}},
        {&f.stats, {Command::Listen, Command::Connect}},
        {&f.backlog, {Command::Listen}},
        {&f.statsInterval, {Command::Listen, Command::Connect}},
        {&f.record, {Command::Listen, Command::Connect, Command::Replay}},
        {&f.saveReceived, {Command::Listen, Command::Connect}},
        {&f.saveFormat, {Command::Listen, Command::Connect}},
        {&f.saveRotate, {Command::Listen, Command::Connect}},
        {&f.split, {Command::Export}},
        {&f.direction, {Command::Export}},
        {&f.fast, {Command::Replay}},
        {&f.speed, {Command::Replay}},
        {&f.stream, {Command::Replay}},
    };
    for (const Scope &scope : scopes) {
        if (refused(scope))
            return false;
    }
    return true;
}

bool CliParser::readCapture(const QCommandLineParser &p, const Flags &f, CliOptions &o)
{
    o.recordFile = p.value(f.record);
    if (p.isSet(f.saveFormat) || p.isSet(f.saveRotate)) {
        if (!p.isSet(f.saveReceived))
            return refuse(tr("sockeye-cli: --save-format and --save-rotate need --save-received "
                             "FILE."));
    }
    if (p.isSet(f.saveReceived)) {
        // The same checks as a saved session's: one reader for both.
        QJsonObject json{{QLatin1String("path"), p.value(f.saveReceived)},
                         {QLatin1String("on"), true}};
        if (p.isSet(f.saveFormat))
            json.insert(QLatin1String("format"), p.value(f.saveFormat));
        if (p.isSet(f.saveRotate)) {
            bool ok = false;
            const qint64 bytes = p.value(f.saveRotate).toLongLong(&ok);
            json.insert(QLatin1String("rotateBytes"),
                        ok ? QJsonValue(double(bytes)) : QJsonValue(p.value(f.saveRotate)));
        }
        QString why;
        o.receiveFile = ReceiveFileSettings::fromJson(json, &why);
        if (!o.receiveFile) {
            // "format: ..." names the JSON field; say the option instead.
            why.replace(QRegularExpression(QStringLiteral("^rotateBytes")),
                        QStringLiteral("--save-rotate"));
            why.replace(QRegularExpression(QStringLiteral("^format")),
                        QStringLiteral("--save-format"));
            return refuse(tr("sockeye-cli: %1").arg(why));
        }
    }
    o.exportSplit = p.isSet(f.split);
    o.replayFast = p.isSet(f.fast);
    if (p.isSet(f.direction)) {
        const QString d = p.value(f.direction);
        if (d == QLatin1String("rx"))
            o.exportDirection = Direction::Rx;
        else if (d == QLatin1String("tx"))
            o.exportDirection = Direction::Tx;
        else
            return refuse(tr("sockeye-cli: --direction %1 is unknown; use rx or tx.").arg(d));
    }
    return true;
}

bool CliParser::readEndpoint(const QCommandLineParser &p, const Flags &f, CliOptions &o)
{
    o.udp = p.isSet(f.udp);
    if (p.isSet(f.close)) {
        const auto mode = Session::closeModeFromName(p.value(f.close));
        if (!mode)
            return refuse(tr("sockeye-cli: --close %1 is unknown; use fin (an orderly close), "
                             "rst (a reset) or half (FIN, then print what comes until the peer "
                             "closes).")
                              .arg(p.value(f.close)));
        o.closeMode = *mode;
        o.closeAsked = true;
    }
    if (p.isSet(f.halfClose)) {
        if (p.isSet(f.close) && o.closeMode != Session::CloseMode::HalfClose)
            return refuse(tr("sockeye-cli: --half-close and --close %1 say different things; "
                             "give one of them.")
                              .arg(p.value(f.close)));
        o.closeMode = Session::CloseMode::HalfClose;
        o.closeAsked = true;
    }
    if (o.udp && (p.isSet(f.close) || p.isSet(f.halfClose)))
        return refuse(tr("sockeye-cli: --close and --half-close are for TCP; UDP has no "
                         "connection to close."));
    o.bindAddress = p.value(f.bind).trimmed();
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
            return refuse(tr("sockeye-cli: --bind %1: %2")
                              .arg(o.bindAddress,
                                   info.addresses().isEmpty()
                                       ? tr("no such host. Use an address of this machine, any, "
                                            "any4, any6 or a host name such as localhost.")
                                       : tr("that host is not this machine. Use one of its "
                                            "addresses, any, any4 or any6.")));
        o.bindAddress = local.toString();
    }
    if (o.command == Command::Listen && o.bindAddress.isEmpty())
        o.bindAddress = QStringLiteral("any");
    return true;
}

bool CliParser::readNumbers(const QCommandLineParser &p, const Flags &f, CliOptions &o)
{
    const auto number = [&](const QCommandLineOption &option, double min, double max, auto *out) {
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
        *out = static_cast<std::remove_pointer_t<decltype(out)>>(value);
        return true;
    };
    // Qt's timers count milliseconds in an int: at most 24.8 days. 2,000,000 s is 23 days.
    return number(f.interval, 0, 86400000, &o.intervalMs) && number(f.repeat, 1, 1e9, &o.repeat) &&
           number(f.connectTimeout, 1, 3600000, &o.connectTimeoutMs) &&
           number(f.timeout, 0, MaxWaitSeconds, &o.timeoutS) &&
           number(f.duration, 0, MaxWaitSeconds, &o.durationS) &&
           number(f.count, 1, 1e15, &o.count) && number(f.speed, 0.001, 1000, &o.replaySpeed) &&
           number(f.stream, 0, 1e6, &o.replayStream) && number(f.localPort, 1, 65535, &o.localPort);
}

bool CliParser::readOutput(const QCommandLineParser &p, const Flags &f, CliOptions &o)
{
    o.quiet = p.isSet(f.quiet);
    o.timestamps = p.isSet(f.timestamps);
    if (o.command == Command::Export && p.isSet(f.format)) {
        const auto format = Exporter::formatFromName(p.value(f.format));
        if (!format)
            return refuse(tr("sockeye-cli export: --format %1 is unknown; use text, hex, dump, "
                             "csv, raw or pcapng.")
                              .arg(p.value(f.format)));
        o.exportFormat = *format;
    } else if (p.isSet(f.format)) {
        const QString name = p.value(f.format);
        if (name == QLatin1String("text"))
            o.format = OutputFormat::Text;
        else if (name == QLatin1String("hex"))
            o.format = OutputFormat::Hex;
        else if (name == QLatin1String("dump"))
            o.format = OutputFormat::Dump;
        else if (name == QLatin1String("raw"))
            o.format = OutputFormat::Raw;
        else
            return refuse(
                tr("sockeye-cli: --format %1 is unknown; use text, hex, dump or raw.").arg(name));
    }
    if (p.isSet(f.encoding)) {
        o.encoding = TextCodec::canonicalName(p.value(f.encoding));
        if (o.encoding.isEmpty())
            return refuse(
                tr("sockeye-cli: --encoding %1 is unknown; use one of %2.")
                    .arg(p.value(f.encoding), TextCodec::encodings().join(QStringLiteral(", "))));
    }
    if (p.isSet(f.framing)) {
        QString error;
        const auto framer = Framer::create(p.value(f.framing), &error);
        if (!error.isEmpty())
            return refuse(tr("sockeye-cli: --framing: %1").arg(error));
        o.framing = framer ? framer->spec() : QString();
    }
    return true;
}

bool CliParser::readFinish(const QCommandLineParser &p, const Flags &f, Finish &finish)
{
    if (p.isSet(f.lineEnding)) {
        const auto parsed = PayloadSpec::lineEndingFromName(p.value(f.lineEnding));
        if (!parsed)
            return refuse(tr("sockeye-cli: --line-ending %1 is unknown; use none, cr, lf or crlf.")
                              .arg(p.value(f.lineEnding)));
        finish.ending = *parsed;
    }
    if (p.isSet(f.checksum)) {
        PayloadError error;
        finish.checksum = Checksum::fromString(p.value(f.checksum), &error);
        if (error.isError())
            return refuse(tr("sockeye-cli: --checksum: %1").arg(error.message));
    }
    return true;
}

std::optional<PayloadSpec> CliParser::payload(const QString &syntax, const QString &what,
                                              const QString &encoding, const Finish &finish)
{
    PayloadSpec spec = PayloadSpec::fromSyntax(syntax);
    spec.setEncoding(encoding);
    spec.setLineEnding(finish.ending);
    spec.setChecksum(finish.checksum);
    const PayloadError error = spec.validate();
    if (error.isError()) {
        // The message's position counts from the payload's text, after any prefix.
        m_error = tr("sockeye-cli: %1 \"%2\": %3").arg(what, syntax, error.message);
        return std::nullopt;
    }
    return spec;
}

bool CliParser::readPayloads(const QCommandLineParser &p, const Flags &f, const Finish &finish,
                             CliOptions &o)
{
    for (const QString &s : p.values(f.send)) {
        if (s == QLatin1String("-")) {
            // Streamed as the peer takes it, never held whole: as --send-file is.
            if (!o.sendFile.isEmpty() || p.isSet(f.sendFile))
                return refuse(tr("sockeye-cli: --send - and --send-file both stream a file; "
                                 "give one of them."));
            if (p.isSet(f.lineEnding) || p.isSet(f.checksum))
                return refuse(tr("sockeye-cli: --send - streams standard input as it is; "
                                 "--line-ending and --checksum apply to payloads only. Put them "
                                 "in the data, or send a payload instead."));
            o.sendFile = QStringLiteral("-");
            continue;
        }
        const auto spec = payload(s, QStringLiteral("--send"), o.encoding, finish);
        if (!spec)
            return false;
        o.sends << *spec;
    }
    if (p.isSet(f.sendFile)) {
        o.sendFile = p.value(f.sendFile);
        // Said before connecting: nothing is sent when the file cannot be read.
        const QFileInfo info(o.sendFile);
        if (!info.exists())
            return refuse(tr("sockeye-cli: --send-file %1: no such file.").arg(o.sendFile));
        if (info.isDir())
            return refuse(
                tr("sockeye-cli: --send-file %1: is a directory; give a file.").arg(o.sendFile));
        QFile probe(o.sendFile);
        if (!probe.open(QIODevice::ReadOnly))
            return refuse(
                tr("sockeye-cli: --send-file %1: %2.").arg(o.sendFile, probe.errorString()));
    }

    if (p.isSet(f.expect) && p.isSet(f.expectRegex))
        return refuse(tr("sockeye-cli: use --expect or --expect-regex, not both."));
    if (p.isSet(f.expect)) {
        auto spec = payload(p.value(f.expect), QStringLiteral("--expect"), o.encoding, finish);
        if (!spec)
            return false;
        spec->setLineEnding(PayloadSpec::LineEnding::None); // match what was typed
        spec->setChecksum(Checksum());
        o.expect = spec;
    }
    if (p.isSet(f.expectRegex)) {
        o.expectRegex = p.value(f.expectRegex);
        const QRegularExpression re(o.expectRegex);
        if (!re.isValid())
            return refuse(tr("sockeye-cli: --expect-regex: invalid at position %1: %2.")
                              .arg(re.patternErrorOffset() + 1)
                              .arg(re.errorString()));
    }
    return true;
}

bool CliParser::readAutomation(const QCommandLineParser &p, const Flags &f, const Finish &finish,
                               CliOptions &o)
{
    // Automation rules, in order: --rules file, --reply, --echo; --welcome on connect.
    if (p.isSet(f.rules)) {
        QString error;
        QString fileFraming;
        const auto loaded =
            AutomationController::readRulesFile(p.value(f.rules), &error, &fileFraming);
        if (!loaded)
            return refuse(tr("sockeye-cli: --rules: %1").arg(error));
        o.rules += *loaded;
        // The file's framing, unless --framing says otherwise.
        if (!p.isSet(f.framing) && !fileFraming.isEmpty())
            o.framing = fileFraming;
    }
    for (const QString &r : p.values(f.reply)) {
        qsizetype split = -1;
        for (qsizetype i = 0; i < r.size(); ++i) {
            if (r.at(i) == QLatin1Char('=') && (i == 0 || r.at(i - 1) != QLatin1Char('\\'))) {
                split = i;
                break;
            }
        }
        if (split <= 0)
            return refuse(tr("sockeye-cli: --reply \"%1\": write MATCH=PAYLOAD, e.g. "
                             "--reply 'text:PING=text:PONG\\r\\n'.")
                              .arg(r));
        QString match = r.left(split);
        match.replace(QLatin1String("\\="), QLatin1String("="));
        QString error;
        auto rule = ReplyRule::fromMatchSyntax(match, r.mid(split + 1), &error);
        if (!rule)
            return refuse(tr("sockeye-cli: --reply \"%1\": %2").arg(r, error));
        rule->reply.setEncoding(o.encoding);
        rule->reply.setLineEnding(finish.ending);
        rule->reply.setChecksum(finish.checksum);
        const PayloadError compileError = rule->compile();
        if (compileError.isError())
            return refuse(tr("sockeye-cli: --reply \"%1\": %2").arg(r, compileError.message));
        o.rules << *rule;
    }
    if (p.isSet(f.echo))
        o.rules << ReplyRule::echo();
    if (p.isSet(f.welcome)) {
        const auto spec =
            payload(p.value(f.welcome), QStringLiteral("--welcome"), o.encoding, finish);
        if (!spec)
            return false;
        o.rules << ReplyRule::welcome(*spec);
    }
    return true;
}

} // namespace sockeye::cli
