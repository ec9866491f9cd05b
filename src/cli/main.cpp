#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("sockeye-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SOCKEYE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Sockeye network debugging assistant, headless."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("command"),
                                 QCoreApplication::translate("main", "listen | connect"));
    parser.process(app);

    const QStringList args = parser.positionalArguments();
    const QString message =
        args.isEmpty()
            ? QCoreApplication::translate("main", "sockeye-cli: no command given. Run "
                                                  "sockeye-cli --help for usage.")
            : QCoreApplication::translate("main", "sockeye-cli: unknown command \"%1\". Run "
                                                  "sockeye-cli --help for usage.")
                  .arg(args.constFirst());
    std::fprintf(stderr, "%s\n", qPrintable(message));
    return 2;
}
