#pragma once

// sockeye-cli as a child process, for the end-to-end tests. Header-only: each test target
// defines SOCKEYE_CLI, the path of the built program.

#include <QDeadlineTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <csignal>
#include <sys/types.h>

namespace sockeye::test {

/// sockeye-cli as a child process.
class CliProcess
{
public:
    /// `launcher` runs it through another program (e.g. `ip netns exec NS`).
    explicit CliProcess(const QStringList &arguments, const QByteArray &input = {},
                        bool closeInput = true, const QStringList &launcher = {})
    {
        if (launcher.isEmpty())
            m_process.start(QStringLiteral(SOCKEYE_CLI), arguments);
        else
            m_process.start(launcher.constFirst(),
                            launcher.mid(1) + QStringList{QStringLiteral(SOCKEYE_CLI)} + arguments);
        m_process.waitForStarted();
        if (!input.isEmpty())
            m_process.write(input);
        if (closeInput)
            m_process.closeWriteChannel();
    }
    ~CliProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }
    /// Waits for the "Listening on ... port N" line and returns N.
    quint16 listeningPort()
    {
        static const QRegularExpression re(QStringLiteral("port (\\d+)"));
        QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired()) {
            drain();
            const auto m = re.match(QString::fromUtf8(m_err));
            if (m.hasMatch())
                return quint16(m.captured(1).toUInt());
            m_process.waitForReadyRead(50);
        }
        return 0;
    }
    /// Waits until stderr contains `needle`.
    bool waitForErr(const QByteArray &needle, int timeoutMs = 10000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!deadline.hasExpired()) {
            drain();
            if (m_err.contains(needle))
                return true;
            m_process.waitForReadyRead(50);
        }
        return false;
    }
    void write(const QByteArray &bytes) { m_process.write(bytes); }
    void closeInput() { m_process.closeWriteChannel(); }
    /// Waits for the exit; returns the exit code (-1 on a time-out or crash).
    int wait(int timeoutMs = 15000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (m_process.state() != QProcess::NotRunning && !deadline.hasExpired())
            QTest::qWait(10);
        drain();
        if (m_process.state() != QProcess::NotRunning)
            return -1;
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }
    QByteArray out()
    {
        drain();
        return m_out;
    }
    QByteArray err()
    {
        drain();
        return m_err;
    }
    void signal(int sig) { ::kill(pid_t(m_process.processId()), sig); }
    [[nodiscard]] qint64 pid() const { return m_process.processId(); }

private:
    void drain()
    {
        m_out += m_process.readAllStandardOutput();
        m_err += m_process.readAllStandardError();
    }
    QProcess m_process;
    QByteArray m_out;
    QByteArray m_err;
};

} // namespace sockeye::test
