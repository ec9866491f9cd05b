#pragma once

#include <QByteArray>
#include <QProcess>
#include <QStringList>

namespace sockeye::test {

/**
 * A peer we did not write (socat, ncat, python3) running as a child process: what it prints is
 * collected, what we write goes to its standard input. Killed when destroyed.
 */
class ExternalPeer
{
public:
    ExternalPeer(const QString &program, const QStringList &arguments);
    ~ExternalPeer();
    ExternalPeer(const ExternalPeer &) = delete;
    ExternalPeer &operator=(const ExternalPeer &) = delete;

    /// python3 -c script args...
    static ExternalPeer *python(const QString &script, const QStringList &arguments = {});

    [[nodiscard]] bool started() const { return m_started; }
    /// Waits until standard output holds at least `bytes` bytes.
    bool waitForOutputSize(qsizetype bytes, int timeoutMs = 10000);
    /// Waits until standard output contains `needle`.
    bool waitForOutput(const QByteArray &needle, int timeoutMs = 10000);
    bool waitForFinished(int timeoutMs = 10000);
    [[nodiscard]] QByteArray output();
    [[nodiscard]] QByteArray errorOutput();
    [[nodiscard]] int exitCode() const { return m_process.exitCode(); }
    void write(const QByteArray &bytes);
    void closeWriteChannel() { m_process.closeWriteChannel(); }
    QProcess &process() { return m_process; }

    /// Is this program on the PATH?
    static bool available(const QString &program);

private:
    void drain();

    QProcess m_process;
    QByteArray m_output;
    bool m_started = false;
};

/// A python3 script for ExternalPeer::python(): a TCP server on 127.0.0.1 that prints
/// "PORT <n>", accepts one client and, once it closes, prints "GOT <hex of all it sent>".
QString pythonHexSinkScript();

/// A port on 127.0.0.1 that was free a moment ago (for peers that need to be told a port).
quint16 freeTcpPort();
quint16 freeUdpPort();

/// Is something listening on TCP `port` (any address)? Read from /proc/net/tcp{,6}, not by
/// connecting, so a peer that accepts one client only (socat TCP-LISTEN without fork, ncat -l)
/// keeps that one for the test.
bool isTcpListening(quint16 port);
/// Polls isTcpListening(): for a peer we started, instead of sleeping until it listens.
bool waitUntilListening(quint16 port, int timeoutMs = 10000);

} // namespace sockeye::test
