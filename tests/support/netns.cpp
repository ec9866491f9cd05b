#include "netns.h"

#include <QCoreApplication>
#include <QProcess>
#include <QStandardPaths>

#include <atomic>
#include <unistd.h>

namespace sockeye::test {

bool runCommand(const QStringList &command, QString *error)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(command.constFirst(), command.mid(1));
    if (!p.waitForFinished(10000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        if (error)
            *error = command.join(QLatin1Char(' ')) + QStringLiteral(": ") +
                     QString::fromLocal8Bit(p.readAll()).trimmed();
        return false;
    }
    return true;
}

QString namespacesUnavailable()
{
    if (::geteuid() != 0)
        return QStringLiteral("network namespaces need root; run the tests as root (CI does)");
    if (QStandardPaths::findExecutable(QStringLiteral("ip")).isEmpty())
        return QStringLiteral("iproute2's ip command is not installed");
    return {};
}

NetNamespace::NetNamespace()
{
    static std::atomic<int> counter{0};
    m_reason = namespacesUnavailable();
    if (!m_reason.isEmpty())
        return;
    const QString ip = QStandardPaths::findExecutable(QStringLiteral("ip"));
    const QString name = QStringLiteral("sockeye-%1-%2").arg(::getpid()).arg(counter++);
    QString error;
    if (!runCommand({ip, QStringLiteral("netns"), QStringLiteral("add"), name}, &error)) {
        m_reason = QStringLiteral("the kernel refused a network namespace (%1)").arg(error);
        return;
    }
    m_name = name;
    const QStringList exec{ip, QStringLiteral("netns"), QStringLiteral("exec"), name, ip};
    if (!runCommand(exec + QStringList{QStringLiteral("link"), QStringLiteral("set"),
                                       QStringLiteral("lo"), QStringLiteral("up"),
                                       QStringLiteral("multicast"), QStringLiteral("on")},
                    &error) ||
        !runCommand(exec + QStringList{QStringLiteral("route"), QStringLiteral("add"),
                                       QStringLiteral("224.0.0.0/4"), QStringLiteral("dev"),
                                       QStringLiteral("lo")},
                    &error) ||
        !runCommand(exec + QStringList{QStringLiteral("route"), QStringLiteral("add"),
                                       QStringLiteral("255.255.255.255/32"), QStringLiteral("dev"),
                                       QStringLiteral("lo")},
                    &error)) {
        m_reason = QStringLiteral("could not set up the namespace's loopback (%1)").arg(error);
    }
}

NetNamespace::~NetNamespace()
{
    if (!m_name.isEmpty())
        runCommand(
            {QStringLiteral("ip"), QStringLiteral("netns"), QStringLiteral("delete"), m_name},
            nullptr);
}

bool NetNamespace::insideTestNamespace()
{
    return qEnvironmentVariableIsSet("SOCKEYE_IN_NETNS");
}

int NetNamespace::runTestFunction(const QString &function, QString *output, int timeoutMs) const
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SOCKEYE_IN_NETNS"), QStringLiteral("1"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral("ip"), {QStringLiteral("netns"), QStringLiteral("exec"), m_name,
                                   QCoreApplication::applicationFilePath(), function});
    const bool finished = p.waitForFinished(timeoutMs);
    if (output)
        *output = QString::fromLocal8Bit(p.readAll());
    if (!finished) {
        p.kill();
        p.waitForFinished();
        return -1;
    }
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

} // namespace sockeye::test
