#include "externalpeer.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>
#include <QUdpSocket>

namespace sockeye::test {

ExternalPeer::ExternalPeer(const QString &program, const QStringList &arguments)
{
    m_process.start(program, arguments);
    m_started = m_process.waitForStarted(5000);
}

ExternalPeer::~ExternalPeer()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(3000);
    }
}

ExternalPeer *ExternalPeer::python(const QString &script, const QStringList &arguments)
{
    return new ExternalPeer(QStringLiteral("python3"),
                            QStringList{QStringLiteral("-u"), QStringLiteral("-c"), script} +
                                arguments);
}

bool ExternalPeer::available(const QString &program)
{
    return !QStandardPaths::findExecutable(program).isEmpty();
}

void ExternalPeer::drain()
{
    m_output += m_process.readAllStandardOutput();
}

bool ExternalPeer::waitForOutputSize(qsizetype bytes, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    drain();
    while (m_output.size() < bytes && !deadline.hasExpired()) {
        QTest::qWait(5);
        drain();
    }
    return m_output.size() >= bytes;
}

bool ExternalPeer::waitForOutput(const QByteArray &needle, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    drain();
    while (!m_output.contains(needle) && !deadline.hasExpired()) {
        QTest::qWait(5);
        drain();
    }
    return m_output.contains(needle);
}

bool ExternalPeer::waitForFinished(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (m_process.state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(5);
    drain();
    return m_process.state() == QProcess::NotRunning;
}

QByteArray ExternalPeer::output()
{
    drain();
    return m_output;
}

QByteArray ExternalPeer::errorOutput()
{
    return m_process.readAllStandardError();
}

void ExternalPeer::write(const QByteArray &bytes)
{
    m_process.write(bytes);
}

QString pythonHexSinkScript()
{
    return QStringLiteral(R"(
import socket
srv = socket.socket(); srv.bind(('127.0.0.1', 0)); srv.listen(1)
print('PORT', srv.getsockname()[1], flush=True)
c, _ = srv.accept()
got = b''
while True:
    d = c.recv(65536)
    if not d: break
    got += d
print('GOT', got.hex(), flush=True)
)");
}

namespace {

// The kernel may hand out the port it just freed again, so a test asking for two ports (a
// server's and a client's local one) could get the same number twice. Ports handed out
// recently in this process are skipped.
bool handedOutRecently(quint16 port)
{
    static QList<quint16> recent;
    if (recent.contains(port))
        return true;
    recent.append(port);
    if (recent.size() > 64)
        recent.removeFirst();
    return false;
}

// A port below the kernel's ephemeral range (ip_local_port_range, 32768-60999 by default): the
// outgoing connections of tests running in parallel take their local ports from that range,
// so a port picked inside it could be taken between the pick and a peer's bind.
quint16 candidatePort()
{
    static const int low = [] {
        QFile range(QStringLiteral("/proc/sys/net/ipv4/ip_local_port_range"));
        const int first = range.open(QIODevice::ReadOnly)
                              ? range.readAll().simplified().split(' ').value(0).toInt()
                              : 0;
        return first > 12000 ? first : 32768;
    }();
    return quint16(10000 + QRandomGenerator::global()->bounded(low - 10000));
}

bool hasIpv6Loopback()
{
    static const bool has = [] {
        QTcpServer probe;
        return probe.listen(QHostAddress::LocalHostIPv6, 0);
    }();
    return has;
}

} // namespace

quint16 freeTcpPort()
{
    for (int attempt = 0; attempt < 200; ++attempt) {
        const quint16 port = candidatePort();
        QTcpServer v4;
        QTcpServer v6; // the IPv6 cases use ::1
        if (port != 0 && v4.listen(QHostAddress::LocalHost, port) &&
            (v6.listen(QHostAddress::LocalHostIPv6, port) || !hasIpv6Loopback()) &&
            !handedOutRecently(port))
            return port;
    }
    return 0;
}

quint16 freeUdpPort()
{
    for (int attempt = 0; attempt < 200; ++attempt) {
        const quint16 port = candidatePort();
        QUdpSocket socket;
        if (port != 0 && socket.bind(QHostAddress::LocalHost, port) && !handedOutRecently(port))
            return port;
    }
    return 0;
}

bool isTcpListening(quint16 port)
{
    // /proc/net/tcp rows: "sl local_address rem_address st ...", addresses as HEXIP:HEXPORT,
    // state 0A is LISTEN.
    const QByteArray wanted = ":" + QByteArray::number(port, 16).toUpper().rightJustified(4, '0');
    for (const char *table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
        QFile file{QString::fromLatin1(table)};
        if (!file.open(QIODevice::ReadOnly))
            continue;
        // Read whole: /proc files say their size is 0. The first line is the header.
        for (const QByteArray &row : file.readAll().split('\n').mid(1)) {
            const QList<QByteArray> fields = row.simplified().split(' ');
            if (fields.size() > 3 && fields.at(3) == "0A" && fields.at(1).endsWith(wanted))
                return true;
        }
    }
    return false;
}

bool waitUntilListening(quint16 port, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!isTcpListening(port)) {
        if (deadline.hasExpired())
            return false;
        QTest::qWait(5);
    }
    return true;
}

} // namespace sockeye::test
