#include "cliapp.h"
#include "clioptions.h"
#include "i18n/language.h"
#include "session/socketbudget.h"
#include "session/systemlimits.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace {
int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto n = ::write(signalPipe[1], &byte, 1);
}
} // namespace

int main(int argc, char *argv[])
{
    // Qt's own event dispatcher instead of GLib's: the CLI needs no GLib integration, and an
    // echo round trip on loopback takes ~40 us instead of ~120 us (bench/run.py, latency).
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("sockeye-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SOCKEYE_VERSION));
    sockeye::Language::setUp(QCoreApplication::arguments()); // --lang, else the system locale

    sockeye::cli::CliParser parser;
    const auto options = parser.parse(QCoreApplication::arguments());
    if (!options) {
        if (!parser.output().isEmpty()) {
            std::fputs(qPrintable(parser.output()), stdout);
            return sockeye::cli::ExitOk;
        }
        std::fprintf(stderr, "%s\n", qPrintable(parser.error()));
        return sockeye::cli::ExitUsage;
    }

    sockeye::cli::CliApp cli(*options);
    // Ctrl+C and SIGTERM end the run through the event loop, so output is flushed.
    if (::pipe(signalPipe) == 0) {
        auto *notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &cli,
                         &sockeye::cli::CliApp::interrupt);
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
    }
    std::signal(SIGPIPE, SIG_IGN);
    QObject::connect(
        &cli, &sockeye::cli::CliApp::finished, &app, [](int code) { QCoreApplication::exit(code); },
        Qt::QueuedConnection);
    sockeye::raiseOpenFileLimit();    // a listener may hold thousands of clients
    sockeye::SocketBudget::install(); // timers (--duration, --interval) run amid a burst
    cli.start();
    return app.exec();
}
