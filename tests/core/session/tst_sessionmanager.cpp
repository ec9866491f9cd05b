#include "session/sessionmanager.h"
#include "session/tcpclientsession.h"
#include "session/tcpserversession.h"
#include "session/udpsession.h"
#include "traffic/trafficlog.h"

#include <QSignalSpy>
#include <QTest>

using namespace sockeye;

class tst_SessionManager : public QObject
{
    Q_OBJECT
private slots:
    void createsEachKind_data();
    void createsEachKind();
    void idsAreStableAndNeverReused();
    void severalSessionsAtOnce();
};

void tst_SessionManager::createsEachKind_data()
{
    QTest::addColumn<SessionKind>("kind");
    QTest::newRow("TCP server") << SessionKind::TcpServer;
    QTest::newRow("TCP client") << SessionKind::TcpClient;
    QTest::newRow("UDP") << SessionKind::Udp;
}

void tst_SessionManager::createsEachKind()
{
    QFETCH(SessionKind, kind);
    SessionManager manager;
    QSignalSpy added(&manager, &SessionManager::sessionAdded);
    SessionConfig config;
    config.kind = kind;
    Session *s = manager.createSession(config);
    QVERIFY(s);
    QCOMPARE(s->kind(), kind);
    QCOMPARE(s->log(), manager.log());
    QCOMPARE(added.count(), 1);
    switch (kind) {
    case SessionKind::TcpServer:
        QVERIFY(qobject_cast<TcpServerSession *>(s));
        break;
    case SessionKind::TcpClient:
        QVERIFY(qobject_cast<TcpClientSession *>(s));
        break;
    case SessionKind::Udp:
        QVERIFY(qobject_cast<UdpSession *>(s));
        break;
    }
}

void tst_SessionManager::idsAreStableAndNeverReused()
{
    SessionManager manager;
    SessionConfig config;
    const SessionId a = manager.createSession(config)->id();
    const SessionId b = manager.createSession(config)->id();
    QVERIFY(a != b);
    QSignalSpy removed(&manager, &SessionManager::sessionRemoved);
    manager.removeSession(a);
    QCOMPARE(removed.count(), 1);
    QVERIFY(!manager.session(a));
    QCOMPARE(manager.session(b)->id(), b);
    const SessionId c = manager.createSession(config)->id();
    QVERIFY(c != a && c != b);
    QCOMPARE(manager.sessions().size(), 2);
}

void tst_SessionManager::severalSessionsAtOnce()
{
    // A server, a client connected to it and a UDP pair, all in one manager and one log.
    SessionManager manager;
    SessionConfig serverConfig;
    serverConfig.bindAddress = QStringLiteral("127.0.0.1");
    auto *server = static_cast<TcpServerSession *>(manager.createSession(serverConfig));
    QVERIFY(server->start());

    SessionConfig clientConfig;
    clientConfig.kind = SessionKind::TcpClient;
    clientConfig.remoteHost = QStringLiteral("127.0.0.1");
    clientConfig.remotePort = server->serverPort();
    Session *client = manager.createSession(clientConfig);
    QVERIFY(client->start());

    SessionConfig udpConfig;
    udpConfig.kind = SessionKind::Udp;
    udpConfig.bindAddress = QStringLiteral("127.0.0.1");
    auto *udpA = static_cast<UdpSession *>(manager.createSession(udpConfig));
    auto *udpB = static_cast<UdpSession *>(manager.createSession(udpConfig));
    QVERIFY(udpA->start());
    QVERIFY(udpB->start());

    QTRY_COMPARE(client->state(), Session::State::Connected);
    QVERIFY(client->send("over tcp").ok());
    QVERIFY(udpA->sendTo(QStringLiteral("127.0.0.1"), udpB->localPort(), "over udp").ok());
    QTRY_COMPARE(server->counters().bytesIn, qint64(8));
    QTRY_COMPARE(udpB->counters().bytesIn, qint64(8));
    QCOMPARE(client->counters().bytesOut, qint64(8));
    QCOMPARE(manager.log()->totals().bytesIn, qint64(16));
    QCOMPARE(manager.log()->totals().bytesOut, qint64(16));
}

QTEST_GUILESS_MAIN(tst_SessionManager)
#include "tst_sessionmanager.moc"
