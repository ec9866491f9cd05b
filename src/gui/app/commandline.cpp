#include "app/commandline.h"

#include "traffic/trafficlog.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace sockeye {

namespace {
bool parsePort(const QString &text, quint16 *port)
{
    bool ok = false;
    const uint value = text.toUInt(&ok);
    if (!ok || value > 65535)
        return false;
    *port = quint16(value);
    return true;
}

// Splits "host:port", "[v6]:port"; `hostRequired` false also accepts a bare port.
bool splitEndpoint(const QString &text, bool hostRequired, QString *host, QString *portText)
{
    const QString t = text.trimmed();
    if (t.startsWith(QLatin1Char('['))) {
        const qsizetype close = t.indexOf(QLatin1Char(']'));
        if (close < 0 || close + 1 >= t.size() || t.at(close + 1) != QLatin1Char(':'))
            return false;
        *host = t.mid(1, close - 1);
        *portText = t.mid(close + 2);
        return true;
    }
    const qsizetype colon = t.lastIndexOf(QLatin1Char(':'));
    if (colon < 0) {
        if (hostRequired)
            return false;
        host->clear();
        *portText = t;
        return true;
    }
    if (t.indexOf(QLatin1Char(':')) != colon)
        return false; // a bare IPv6 address needs brackets
    *host = t.left(colon);
    *portText = t.mid(colon + 1);
    return true;
}
} // namespace

bool CommandLine::parseListen(const QString &text, QString *address, quint16 *port, QString *error)
{
    QString host;
    QString portText;
    if (!splitEndpoint(text, false, &host, &portText) || !parsePort(portText, port)) {
        *error = tr("\"%1\" is not [ADDRESS:]PORT; write e.g. 7000, 127.0.0.1:7000 or "
                    "[::1]:7000.")
                     .arg(text);
        return false;
    }
    if (host.isEmpty()) {
        *address = QStringLiteral("any");
        return true;
    }
    if (!parseBindAddress(host)) {
        *error = tr("\"%1\" is not a local address; use an IP address of this machine, any, "
                    "any4 or any6.")
                     .arg(host);
        return false;
    }
    *address = host;
    return true;
}

bool CommandLine::parseConnect(const QString &text, QString *host, quint16 *port, QString *error)
{
    QString portText;
    if (!splitEndpoint(text, true, host, &portText) || host->isEmpty() ||
        !parsePort(portText, port) || *port == 0) {
        *error = tr("\"%1\" is not HOST:PORT; write e.g. localhost:7000 or [::1]:7000.").arg(text);
        return false;
    }
    return true;
}

CommandLine CommandLine::parse(const QStringList &arguments)
{
    CommandLine result;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Sockeye: a network debugging assistant for TCP servers, TCP clients and UDP."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption server(QStringLiteral("tcp-server"),
                                    tr("Open and start a TCP server on [ADDR:]PORT "
                                       "(repeatable)."),
                                    tr("[ADDR:]PORT"));
    const QCommandLineOption client(QStringLiteral("tcp-client"),
                                    tr("Open a TCP client and connect to HOST:PORT "
                                       "(repeatable)."),
                                    tr("HOST:PORT"));
    const QCommandLineOption udp(QStringLiteral("udp"),
                                 tr("Open and bind a UDP socket on [ADDR:]PORT (repeatable)."),
                                 tr("[ADDR:]PORT"));
    // Read by Language::setUp() before parsing; declared here for --help and to be accepted.
    const QCommandLineOption lang(QStringLiteral("lang"),
                                  tr("Language of the user interface: en or zh_CN (default: the "
                                     "setting in View > Language, else the system's)."),
                                  tr("LANG"));
    const QCommandLineOption logSize(
        QStringLiteral("log-size"),
        tr("Keep at most MIB mebibytes of traffic in memory (1 to %1, default %2); past it the "
           "oldest records are dropped, and the traffic view says how many.")
            .arg(MaxLogMiB)
            .arg(TrafficLog::DefaultByteBudget / (1024 * 1024)),
        tr("MIB"));
    parser.addOption(server);
    parser.addOption(client);
    parser.addOption(logSize);
    parser.addOption(udp);
    parser.addOption(lang);
    parser.addPositionalArgument(QStringLiteral("files"),
                                 tr("Workspace files (*.sockeye) to open."),
                                 tr("[FILE.sockeye...]"));

    if (!parser.parse(arguments)) {
        result.error = parser.errorText();
        return result;
    }
    if (parser.isSet(helpOption)) {
        result.output = parser.helpText();
        result.exitNow = true;
        return result;
    }
    if (parser.isSet(versionOption)) {
        result.output = QCoreApplication::applicationName() + QLatin1Char(' ') +
                        QCoreApplication::applicationVersion() + QLatin1Char('\n');
        result.exitNow = true;
        return result;
    }
    for (const QString &value : parser.values(server)) {
        SessionConfig config;
        config.kind = SessionKind::TcpServer;
        if (!parseListen(value, &config.bindAddress, &config.bindPort, &result.error))
            return result;
        result.sessions << config;
    }
    for (const QString &value : parser.values(client)) {
        SessionConfig config;
        config.kind = SessionKind::TcpClient;
        if (!parseConnect(value, &config.remoteHost, &config.remotePort, &result.error))
            return result;
        result.sessions << config;
    }
    for (const QString &value : parser.values(udp)) {
        SessionConfig config;
        config.kind = SessionKind::Udp;
        if (!parseListen(value, &config.bindAddress, &config.bindPort, &result.error))
            return result;
        result.sessions << config;
    }
    if (parser.isSet(logSize)) {
        bool ok = false;
        const int mib = parser.value(logSize).toInt(&ok);
        if (!ok || mib < 1 || mib > MaxLogMiB) {
            result.error = tr("--log-size must be a whole number of mebibytes from 1 to %1, not "
                              "'%2'.")
                               .arg(MaxLogMiB)
                               .arg(parser.value(logSize));
            return result;
        }
        result.logBudgetBytes = qint64(mib) * 1024 * 1024;
    }
    result.workspaceFiles = parser.positionalArguments();
    return result;
}

} // namespace sockeye
