#pragma once

#include <QString>
#include <QStringList>

namespace sockeye::test {

/// Runs a set-up command (ip, iptables) to its end; false with the command and its output in
/// `error` when it fails.
bool runCommand(const QStringList &command, QString *error);
/// Why this process cannot make network namespaces (not root, no iproute2), or "".
QString namespacesUnavailable();

/**
 * A network namespace the test creates for itself (needs root and iproute2): only a loopback
 * interface, up, with multicast enabled and routed, so broadcast, multicast and unreachable
 * networks can be tested without sending a packet outside this machine. Deleted when destroyed.
 */
class NetNamespace
{
public:
    NetNamespace();
    ~NetNamespace();
    NetNamespace(const NetNamespace &) = delete;
    NetNamespace &operator=(const NetNamespace &) = delete;

    /// Empty when the namespace exists; otherwise why it could not be made (for QSKIP).
    [[nodiscard]] QString unavailableReason() const { return m_reason; }
    [[nodiscard]] QString name() const { return m_name; }

    /// Runs one test function of the current test binary inside the namespace, with
    /// SOCKEYE_IN_NETNS=1 set; returns its exit code and puts its output in `output`.
    int runTestFunction(const QString &function, QString *output, int timeoutMs = 60000) const;

    /// True in the child that runTestFunction() started.
    static bool insideTestNamespace();

private:
    QString m_name;
    QString m_reason;
};

} // namespace sockeye::test
