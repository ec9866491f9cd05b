#include "impairedlink.h"

#include "netns.h"

#include <QFileInfo>
#include <QStandardPaths>

#include <atomic>
#include <csignal>
#include <unistd.h>

namespace sockeye::test {

ImpairedLink::ImpairedLink(const Impairment &impairment)
{
#ifndef SOCKEYE_NFQIMPAIR
    m_reason = QStringLiteral("nfqimpair was not built: install libnetfilter-queue-dev "
                              "(scripts/setup.sh --test) and configure again");
    Q_UNUSED(impairment)
#else
    static std::atomic<int> counter{0};
    m_reason = namespacesUnavailable();
    if (m_reason.isEmpty() && QStandardPaths::findExecutable(QStringLiteral("iptables")).isEmpty())
        m_reason = QStringLiteral("iptables is not installed (scripts/setup.sh --test)");
    if (!m_reason.isEmpty())
        return;
    const QString id = QStringLiteral("%1-%2").arg(::getpid()).arg(counter++);
    const QString ip = QStringLiteral("ip");
    QString error;
    const auto step = [&error](const QStringList &command) {
        return error.isEmpty() && runCommand(command, &error);
    };
    if (!step({ip, QStringLiteral("netns"), QStringLiteral("add"), QStringLiteral("sky-s") + id})) {
        m_reason = error;
        return;
    }
    m_server = QStringLiteral("sky-s") + id;
    if (!step({ip, QStringLiteral("netns"), QStringLiteral("add"), QStringLiteral("sky-c") + id})) {
        m_reason = error;
        return;
    }
    m_client = QStringLiteral("sky-c") + id;
    const auto in = [&ip](const QString &ns, QStringList command) {
        return QStringList{ip, QStringLiteral("netns"), QStringLiteral("exec"), ns} + command;
    };
    step({ip, QStringLiteral("link"), QStringLiteral("add"), QStringLiteral("sky0"),
          QStringLiteral("netns"), m_server, QStringLiteral("type"), QStringLiteral("veth"),
          QStringLiteral("peer"), QStringLiteral("name"), QStringLiteral("sky1"),
          QStringLiteral("netns"), m_client});
    for (const auto &[ns, dev, address] :
         {std::tuple{m_server, QStringLiteral("sky0"), serverAddress()},
          std::tuple{m_client, QStringLiteral("sky1"), clientAddress()}}) {
        step(in(ns, {ip, QStringLiteral("addr"), QStringLiteral("add"),
                     address + QStringLiteral("/24"), QStringLiteral("dev"), dev}));
        step(
            in(ns, {ip, QStringLiteral("link"), QStringLiteral("set"), dev, QStringLiteral("up")}));
        step(in(ns, {ip, QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("lo"),
                     QStringLiteral("up")}));
    }
    // Every packet across the link, both ways, passes through nfqimpair in the server's
    // namespace; without it running nothing passes, so a broken helper cannot pass for a link.
    for (const char *chain : {"INPUT", "OUTPUT"}) {
        step(in(m_server, {QStringLiteral("iptables"), QStringLiteral("-A"), QLatin1String(chain),
                           QLatin1String(chain[0] == 'I' ? "-i" : "-o"), QStringLiteral("sky0"),
                           QStringLiteral("-j"), QStringLiteral("NFQUEUE"),
                           QStringLiteral("--queue-num"), QStringLiteral("7")}));
    }
    if (!error.isEmpty()) {
        m_reason = QStringLiteral("could not set up the impaired link (%1)").arg(error);
        return;
    }
    m_impairer.reset(
        inServer(QStringLiteral(SOCKEYE_NFQIMPAIR),
                 {QStringLiteral("7"), QString::number(impairment.delayMs),
                  QString::number(impairment.jitterMs), QString::number(impairment.lossPercent),
                  QString::number(impairment.seed)}));
    if (!m_impairer->waitForOutput("READY"))
        m_reason = QStringLiteral("nfqimpair did not start: %1")
                       .arg(QString::fromLocal8Bit(m_impairer->errorOutput()));
#endif
}

ImpairedLink::~ImpairedLink()
{
    m_impairer.reset();
    for (const QString &ns : {m_server, m_client}) {
        if (!ns.isEmpty())
            runCommand(
                {QStringLiteral("ip"), QStringLiteral("netns"), QStringLiteral("delete"), ns},
                nullptr);
    }
}

QStringList ImpairedLink::serverLauncher() const
{
    return {QStringLiteral("ip"), QStringLiteral("netns"), QStringLiteral("exec"), m_server};
}

QStringList ImpairedLink::clientLauncher() const
{
    return {QStringLiteral("ip"), QStringLiteral("netns"), QStringLiteral("exec"), m_client};
}

ExternalPeer *ImpairedLink::inServer(const QString &program, const QStringList &args) const
{
    return new ExternalPeer(QStringLiteral("ip"),
                            serverLauncher().mid(1) + QStringList{program} + args);
}

ExternalPeer *ImpairedLink::inClient(const QString &program, const QStringList &args) const
{
    return new ExternalPeer(QStringLiteral("ip"),
                            clientLauncher().mid(1) + QStringList{program} + args);
}

QString ImpairedLink::stopImpairing()
{
    if (!m_impairer)
        return {};
    ::kill(pid_t(m_impairer->process().processId()), SIGTERM);
    m_impairer->waitForFinished();
    const QString stats =
        QString::fromLatin1(m_impairer->output()).section(QLatin1Char('\n'), 1, 1);
    m_impairer.reset();
    return stats;
}

} // namespace sockeye::test
