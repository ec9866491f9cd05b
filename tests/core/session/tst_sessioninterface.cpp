// The contract every session kind keeps, run against each one: a new kind joins with one row
// in kinds(). States, the send contract (all or nothing, with a sentence and an Error record),
// a welcome sent from peerAdded reaching the peer, what it bound, and closing a peer.
#include "externalpeer.h"
#include "session/sessionmanager.h"
#include "traffic/trafficlog.h"

#include <QSignalSpy>
#include <QTest>

#include <functional>
#include <memory>

using namespace sockeye;
using sockeye::test::ExternalPeer;
using sockeye::test::freeTcpPort;
using sockeye::test::freeUdpPort;

namespace {

/// The other end of a session of some kind: a python3 program that prints what it gets first
/// as "GOT <hex>" and stays until the session closes.
struct Kind
{
    SessionKind kind;
    Session::State running; ///< the state once it serves
    /// Sets the config for a counterpart on `port`.
    std::function<void(SessionConfig &, quint16 port)> configure;
    /// The counterpart's script: argv[1] is the port.
    QString script;
    bool counterpartFirst; ///< the counterpart must listen before the session starts
    bool binds;            ///< listens or binds on the configured port (boundPort/boundAddress)
    bool connections;      ///< its peers are connections disconnectPeer() closes
};

const QString PyTcpClient = QStringLiteral(R"(
import socket, sys, time
for _ in range(100):
    try:
        s = socket.create_connection(('127.0.0.1', int(sys.argv[1]))); break
    except OSError: time.sleep(0.05)
s.settimeout(5)
print('GOT', s.recv(100).hex(), flush=True)
s.recv(100)  # stays until the session closes
)");
const QString PyTcpServer = QStringLiteral(R"(
import socket, sys
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(('127.0.0.1', int(sys.argv[1]))); srv.listen(1)
print('LISTENING', flush=True)
c, _ = srv.accept(); c.settimeout(5)
print('GOT', c.recv(100).hex(), flush=True)
c.recv(100)  # stays until the session closes
)");
const QString PyUdpPeer = QStringLiteral(R"(
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(5)
s.sendto(b'hi', ('127.0.0.1', int(sys.argv[1])))
print('GOT', s.recvfrom(100)[0].hex(), flush=True)
)");

QList<Kind> kinds()
{
    return {
        {SessionKind::TcpServer, Session::State::Listening,
         [](SessionConfig &c, quint16 port) {
             c.bindAddress = QStringLiteral("127.0.0.1");
             c.bindPort = port;
         },
         PyTcpClient, false, true, true},
        {SessionKind::TcpClient, Session::State::Connected,
         [](SessionConfig &c, quint16 port) {
             c.remoteHost = QStringLiteral("127.0.0.1");
             c.remotePort = port;
         },
         PyTcpServer, true, false, true},
        {SessionKind::Udp, Session::State::Bound,
         [](SessionConfig &c, quint16 port) {
             c.bindAddress = QStringLiteral("127.0.0.1");
             c.bindPort = port;
         },
         PyUdpPeer, false, true, false},
    };
}

} // namespace

Q_DECLARE_METATYPE(Kind)

class tst_SessionInterface : public QObject
{
    Q_OBJECT
private slots:
    void contract_data();
    void contract();
};

void tst_SessionInterface::contract_data()
{
    QTest::addColumn<Kind>("kind");
    for (const Kind &k : kinds())
        QTest::newRow(qPrintable(sessionKindName(k.kind))) << k;
}

void tst_SessionInterface::contract()
{
    QFETCH(Kind, kind);
    SessionManager manager;
    SessionConfig config;
    config.kind = kind.kind;
    const quint16 port = kind.kind == SessionKind::Udp ? freeUdpPort() : freeTcpPort();
    kind.configure(config, port);
    Session *session = manager.createSession(config);
    QCOMPARE(session->state(), Session::State::Idle);
    QCOMPARE(session->boundPort(), quint16(0));
    QVERIFY(session->boundAddress().isNull());

    // Sending with nobody there: refused with a sentence and an Error record, nothing sent.
    QSignalSpy errors(session, &Session::errorOccurred);
    const SendResult refused = session->send("x");
    QVERIFY(!refused.ok());
    QVERIFY2(refused.message.startsWith(QLatin1String("Cannot ")), qPrintable(refused.message));
    QCOMPARE(errors.size(), 1);
    const TrafficLog *log = manager.log();
    QVERIFY(log->size() > 0);
    QCOMPARE(log->at(log->size() - 1).kind, RecordKind::Error);
    QCOMPARE(log->at(log->size() - 1).text, refused.message);
    QCOMPARE(log->totals().bytesOut, 0);

    // A welcome sent from peerAdded reaches the peer (it can be sent to by then).
    connect(session, &Session::peerAdded, session,
            [session](const Peer &peer) { (void)session->send("welcome", {peer.id}); });
    std::unique_ptr<ExternalPeer> counterpart;
    const auto startCounterpart = [&] {
        counterpart.reset(ExternalPeer::python(kind.script, {QString::number(port)}));
    };
    if (kind.counterpartFirst) {
        startCounterpart();
        QVERIFY(counterpart->waitForOutput("LISTENING"));
    }
    QVERIFY(session->start());
    QTRY_COMPARE_WITH_TIMEOUT(session->state(), kind.running, 10000);
    if (kind.binds) {
        QCOMPARE(session->boundPort(), port);
        QCOMPARE(session->boundAddress(), QHostAddress(QHostAddress::LocalHost));
    } else {
        QCOMPARE(session->boundPort(), quint16(0));
    }
    if (!kind.counterpartFirst)
        startCounterpart();
    QVERIFY2(counterpart->waitForOutput("GOT " + QByteArray("welcome").toHex()),
             counterpart->output().constData());
    QCOMPARE(session->peers().size(), 1);
    QCOMPARE(session->reconnectAttempt(), 0);

    // Closing the peer: a connection ends (the peer sees it), a UDP peer is not a connection.
    const PeerId peer = session->peers().constFirst().id;
    QCOMPARE(session->disconnectPeer(peer + 100), false);
    QCOMPARE(session->disconnectPeer(peer), kind.connections);
    if (kind.connections) {
        QTRY_VERIFY(session->peers().isEmpty());
        QVERIFY(counterpart->waitForFinished());
    } else {
        QCOMPARE(session->peers().size(), 1);
    }

    session->stop();
    QTRY_COMPARE(session->state(), Session::State::Idle);
}

QTEST_GUILESS_MAIN(tst_SessionInterface)
#include "tst_sessioninterface.moc"
