#pragma once

#include "session/sessionconfig.h"

#include <QCoreApplication>
#include <QList>
#include <QStringList>

namespace sockeye {

/**
 * The `sockeye` command line: sessions to open and start at launch and workspace files.
 *
 *     sockeye [--tcp-server [ADDR:]PORT]... [--tcp-client HOST:PORT]... [--udp [ADDR:]PORT]...
 *             [--log-size MIB] [FILE.sockeye]...
 */
class CommandLine
{
    Q_DECLARE_TR_FUNCTIONS(sockeye::CommandLine)

public:
    QList<SessionConfig> sessions; ///< started at launch, in the order servers, clients, UDP
    QStringList workspaceFiles;
    qint64 logBudgetBytes = 0; ///< --log-size; 0: the traffic log's default budget
    static constexpr int MaxLogMiB = 65536;
    QString error;  ///< what was wrong with the arguments (exit code 2)
    QString output; ///< --help / --version text to print (exit code 0)
    bool exitNow = false;

    /// Parses the arguments (argv, including the program name).
    [[nodiscard]] static CommandLine parse(const QStringList &arguments);

    /// "[ADDR:]PORT" for listening: "7000", "127.0.0.1:7000", "[::1]:7000", ":7000".
    [[nodiscard]] static bool parseListen(const QString &text, QString *address, quint16 *port,
                                          QString *error);
    /// "HOST:PORT" to connect to: "localhost:7000", "[::1]:7000".
    [[nodiscard]] static bool parseConnect(const QString &text, QString *host, quint16 *port,
                                           QString *error);
};

} // namespace sockeye
