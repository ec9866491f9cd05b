#include "app/benchprobe.h"
#include "app/commandline.h"
#include "app/languagemenu.h"
#include "app/mainwindow.h"
#include "i18n/language.h"
#include "session/sessionmanager.h"
#include "session/socketbudget.h"
#include "session/systemlimits.h"
#include "traffic/trafficlog.h"

#include <QApplication>
#include <QTabWidget>

#include <cstdio>

int main(int argc, char *argv[])
{
    // Qt's own event dispatcher instead of GLib's: an echo round trip through the GUI takes
    // ~26 us instead of ~90 us (p99 0.1 ms instead of 3.4 ms; bench/run.py, latency). GTK's
    // native dialogs need GLib's loop, so dialogs are Qt's own then. SOCKEYE_GLIB=1 keeps GLib.
    if (qEnvironmentVariableIsEmpty("SOCKEYE_GLIB") && !qEnvironmentVariableIsSet("QT_NO_GLIB")) {
        qputenv("QT_NO_GLIB", "1");
        QCoreApplication::setAttribute(Qt::AA_DontUseNativeDialogs);
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Sockeye"));
    QApplication::setOrganizationName(QStringLiteral("Sockeye"));
    QApplication::setApplicationVersion(QStringLiteral(SOCKEYE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.github.sockeye_net.Sockeye"));
    // --lang wins over View > Language; before parsing, so --help is translated too.
    sockeye::Language::setUp(app.arguments(), sockeye::Language::saved());

    const sockeye::CommandLine commandLine = sockeye::CommandLine::parse(app.arguments());
    if (!commandLine.error.isEmpty()) {
        std::fprintf(stderr, "sockeye: %s\nTry 'sockeye --help'.\n", qPrintable(commandLine.error));
        return 2;
    }
    if (commandLine.exitNow) {
        std::fputs(qPrintable(commandLine.output), stdout);
        return 0;
    }

    // Sessions from the command line or files replace the last run's list for this launch.
    const bool fromArguments =
        !commandLine.sessions.isEmpty() || !commandLine.workspaceFiles.isEmpty();
    sockeye::MainWindow window(!fromArguments);
    if (commandLine.logBudgetBytes > 0)
        window.manager()->log()->setByteBudget(commandLine.logBudgetBytes);
    sockeye::LanguageMenu::addTo(&window); // View > Language
    for (const sockeye::SessionConfig &config : commandLine.sessions)
        window.addSession(config, true);
    for (const QString &file : commandLine.workspaceFiles)
        window.openWorkspace(file);
    if (fromArguments && !window.pages().isEmpty())
        window.tabs()->setCurrentIndex(0);
    if (window.pages().isEmpty())
        window.addSession(window.defaultConfig(sockeye::SessionKind::TcpServer));
    sockeye::BenchProbe::installIfRequested(&window); // inert unless bench/run.py asks
    sockeye::raiseOpenFileLimit();                    // a server may hold thousands of clients
    sockeye::SocketBudget::install(); // thousands of sockets ready at once never freeze the window
    window.show();
    return app.exec();
}
