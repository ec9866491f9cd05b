#pragma once

#include "automation/automationcontroller.h"
#include "automation/replyrule.h"
#include "payload/payloadspec.h"
#include "session/session.h"
#include "traffic/exporter.h"
#include "traffic/receivefile.h"
#include "workspace/workspace.h"

#include <QCoreApplication>
#include <QStringList>

#include <optional>

class QCommandLineParser;

namespace sockeye::cli {

/// Exit codes of sockeye-cli.
enum ExitCode {
    ExitOk = 0,      ///< done, or the expectation was met
    ExitNotMet = 1,  ///< expectation not met, or timed out
    ExitUsage = 2,   ///< bad command line or input
    ExitNetwork = 3, ///< a network error
};

enum class OutputFormat { Text, Hex, Dump, Raw };

/// The longest --timeout and --duration (23 days: Qt's timers stop at 24.8).
inline constexpr double MaxWaitSeconds = 2'000'000;

/// Everything the command line asked for, checked.
struct CliOptions
{
    enum class Command { Listen, Connect, Export, Replay, Run };
    Command command = Command::Connect;
    bool udp = false;
    QString bindAddress; ///< listen: where; connect: local bind ("" = none)
    QString host;        ///< connect
    quint16 port = 0;
    quint16 localPort = 0; ///< connect: the local port to connect from (0: the kernel picks)
    /// TCP socket options (--nodelay, --keepalive, --rcvbuf, --sndbuf), as SessionConfig has
    /// them; only those fields of it are read.
    SessionConfig socketOptions;
    /// --tls and its options (listen, connect).
    TlsSettings tls;
    bool stats = false;        ///< --stats: each connection's TCP_INFO at its end
    double statsIntervalS = 0; ///< --stats-interval: and this often while it lasts (0: never)
    int connectTimeoutMs = 5000;
    /// connect: how the connection ends once the payloads are sent (--close, --half-close).
    Session::CloseMode closeMode = Session::CloseMode::Fin;
    bool closeAsked = false; ///< --close or --half-close given: applies even with no payload

    // Automation (listen).
    QList<ReplyRule> rules;

    // Sending (connect).
    QList<PayloadSpec> sends;
    QString sendFile;    ///< streamed after `sends`; "-" is standard input
    int intervalMs = -1; ///< -1: send back to back
    int repeat = 1;

    // Waiting.
    std::optional<PayloadSpec> expect;
    QString expectRegex;
    double timeoutS = -1; ///< -1: none (10 s when expecting)
    quint64 count = 0;    ///< stop after N frames (0: no limit)
    double durationS = -1;

    // Output.
    OutputFormat format = OutputFormat::Text;
    bool timestamps = false;
    QString framing;
    QString encoding = QStringLiteral("UTF-8");
    bool quiet = false;

    // Recording (listen, connect, replay): a pcapng file written while the session runs.
    QString recordFile;
    // Receive to file (listen, connect): what the session receives, raw or as a text log.
    std::optional<ReceiveFileSettings> receiveFile;

    // export IN OUT; replay IN HOST PORT.
    QString captureIn;
    QString exportOut;
    Exporter::Format exportFormat = Exporter::Format::Text;
    bool exportSplit = false;                    ///< raw: one file per peer and direction
    Direction exportDirection = Direction::None; ///< keep only rx or tx
    bool replayFast = false;
    double replaySpeed = 1.0;
    int replayStream = 0; ///< which conversation of the capture (0: the first with data)

    // run WORKSPACE: read and checked by the parser.
    QString workspaceFile;
    Workspace workspace;
};

/// Parses argv. On failure returns nothing and sets `error` (the one-line message) or, for
/// --help/--version, `exitNow` with the text to print on stdout.
class CliParser
{
    Q_DECLARE_TR_FUNCTIONS(CliParser)

public:
    std::optional<CliOptions> parse(const QStringList &arguments);
    [[nodiscard]] QString error() const { return m_error; }
    [[nodiscard]] QString output() const { return m_output; }

    /// The usage text (also for --help).
    [[nodiscard]] static QString usage();

private:
    struct Flags;
    /// How every payload sent is finished (--line-ending, --checksum).
    struct Finish
    {
        PayloadSpec::LineEnding ending = PayloadSpec::LineEnding::None;
        Checksum checksum;
    };

    std::optional<CliOptions> fail(const QString &message);
    bool refuse(const QString &message); ///< sets the error; false

    // One function per command for its positional arguments.
    bool readListen(const QStringList &pos, CliOptions &o);
    bool readConnect(const QStringList &pos, CliOptions &o);
    bool readExport(const QStringList &pos, CliOptions &o, bool split);
    bool readReplay(const QStringList &pos, CliOptions &o);
    bool readRun(const QStringList &pos, CliOptions &o);
    /// Refuses an option the command does not take, naming the commands it is for.
    bool optionsApply(const QCommandLineParser &p, const Flags &f, const QString &command,
                      CliOptions::Command c);
    // The options, by theme; each reads only what applies (optionsApply() ran first).
    bool readCapture(const QCommandLineParser &p, const Flags &f, CliOptions &o);
    bool readEndpoint(const QCommandLineParser &p, const Flags &f, CliOptions &o);
    bool readSocketOptions(const QCommandLineParser &p, const Flags &f, CliOptions &o);
    bool readTlsOptions(const QCommandLineParser &p, const Flags &f, CliOptions &o);
    bool readNumbers(const QCommandLineParser &p, const Flags &f, CliOptions &o);
    bool readOutput(const QCommandLineParser &p, const Flags &f, CliOptions &o);
    bool readFinish(const QCommandLineParser &p, const Flags &f, Finish &finish);
    bool readPayloads(const QCommandLineParser &p, const Flags &f, const Finish &finish,
                      CliOptions &o);
    bool readAutomation(const QCommandLineParser &p, const Flags &f, const Finish &finish,
                        CliOptions &o);
    std::optional<PayloadSpec> payload(const QString &syntax, const QString &what,
                                       const QString &encoding, const Finish &finish);

    QString m_error;
    QString m_output;
};

} // namespace sockeye::cli
