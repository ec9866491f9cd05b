#include "benchprobe.h"
#include "commandline.h"
#include "i18n/language.h"
#include "languagemenu.h"
#include "mainwindow.h"
#include "session/systemlimits.h"

#include <QApplication>
#include <QTabWidget>

#include <cstdio>

int main(int argc, char *argv[])
{
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
    sockeye::LanguageMenu::addTo(&window); // View > Language
    for (const sockeye::SessionConfig &config : commandLine.sessions)
        window.addSession(config, true);
    for (const QString &file : commandLine.workspaceFiles)
        window.openWorkspace(file);
    if (fromArguments && !window.panels().isEmpty())
        window.tabs()->setCurrentIndex(0);
    if (window.panels().isEmpty())
        window.addSession(window.defaultConfig(sockeye::SessionKind::TcpServer));
    sockeye::BenchProbe::installIfRequested(&window); // inert unless bench/run.py asks
    sockeye::raiseOpenFileLimit(); // a server may hold thousands of clients
    window.show();
    return app.exec();
}
