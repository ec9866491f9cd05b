#include <QApplication>
#include <QLabel>
#include <QMainWindow>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Sockeye"));
    QApplication::setOrganizationName(QStringLiteral("Sockeye"));
    QApplication::setApplicationVersion(QStringLiteral(SOCKEYE_VERSION));

    QMainWindow window;
    window.setWindowTitle(QStringLiteral("Sockeye"));
    auto *label = new QLabel(QApplication::translate(
        "main", "Sockeye core is ready; the desktop interface is being built."));
    label->setAlignment(Qt::AlignCenter);
    window.setCentralWidget(label);
    window.resize(900, 600);
    window.show();
    return app.exec();
}
