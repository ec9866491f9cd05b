#pragma once

#include "externalpeer.h"

#include <QString>
#include <QStringList>

#include <memory>

namespace sockeye::test {

/**
 * Two network namespaces joined by a veth pair, the link between them impaired by nfqimpair
 * (delay, jitter that reorders, loss; both directions), for what no loopback shows: a TCP
 * stream that must come through retransmissions and reordering whole. Needs root, iproute2,
 * iptables and the nfqimpair helper (built when libnetfilter-queue-dev is installed). Nothing
 * leaves the machine: the namespaces have no other interface. Deleted when destroyed.
 */
class ImpairedLink
{
public:
    struct Impairment
    {
        int delayMs = 10;
        int jitterMs = 10; ///< up to this much more per packet: later packets overtake
        double lossPercent = 1;
        int seed = 1;
    };

    explicit ImpairedLink(const Impairment &impairment);
    ~ImpairedLink();
    ImpairedLink(const ImpairedLink &) = delete;
    ImpairedLink &operator=(const ImpairedLink &) = delete;

    /// Empty when the link is up and impaired; otherwise why not (for QSKIP or QFAIL).
    [[nodiscard]] QString unavailableReason() const { return m_reason; }

    static QString serverAddress() { return QStringLiteral("10.203.0.1"); }
    static QString clientAddress() { return QStringLiteral("10.203.0.2"); }

    /// The command that runs a program in the server's or the client's namespace.
    [[nodiscard]] QStringList serverLauncher() const;
    [[nodiscard]] QStringList clientLauncher() const;
    /// A program run in the server's or the client's namespace, as an ExternalPeer.
    [[nodiscard]] ExternalPeer *inServer(const QString &program, const QStringList &args) const;
    [[nodiscard]] ExternalPeer *inClient(const QString &program, const QStringList &args) const;

    /// Stops impairing and returns what nfqimpair did: "passed N dropped N reordered N".
    QString stopImpairing();

private:
    QString m_server;
    QString m_client;
    QString m_reason;
    std::unique_ptr<ExternalPeer> m_impairer;
};

} // namespace sockeye::test
