#include "session/sessionconfig.h"

#include <QJsonDocument>
#include <QTest>

using namespace sockeye;

class tst_SessionConfig : public QObject
{
    Q_OBJECT
private slots:
    void jsonRoundTrip_data();
    void jsonRoundTrip();
    void badJson_data();
    void badJson();
    void bindAddress_data();
    void bindAddress();
    void endpoint_data();
    void endpoint();
};

void tst_SessionConfig::jsonRoundTrip_data()
{
    QTest::addColumn<SessionConfig>("config");
    SessionConfig server;
    server.kind = SessionKind::TcpServer;
    server.name = QStringLiteral("PLC simulator");
    server.bindAddress = QStringLiteral("any6");
    server.bindPort = 502;
    server.maxClients = 10;
    QTest::newRow("server") << server;

    SessionConfig client;
    client.kind = SessionKind::TcpClient;
    client.remoteHost = QStringLiteral("device.local");
    client.remotePort = 7000;
    client.autoReconnect = true;
    client.reconnectMinMs = 100;
    client.clientBind = true;
    client.bindAddress = QStringLiteral("127.0.0.1");
    client.bindPort = 40000;
    QTest::newRow("client") << client;

    SessionConfig tuned = client;
    tuned.noDelay = true;
    tuned.keepAliveIdleS = 60;
    tuned.keepAliveIntervalS = 10;
    tuned.keepAliveCount = 5;
    tuned.receiveBufferBytes = 65536;
    tuned.sendBufferBytes = 1 << 20;
    QTest::newRow("client with socket options") << tuned;

    SessionConfig udp;
    udp.kind = SessionKind::Udp;
    udp.multicastGroups = {QStringLiteral("239.1.2.3"), QStringLiteral("ff02::1")};
    udp.multicastInterface = QStringLiteral("eth0");
    udp.multicastLoopback = false;
    QTest::newRow("udp with groups") << udp;
}

void tst_SessionConfig::jsonRoundTrip()
{
    QFETCH(SessionConfig, config);
    const QByteArray text = QJsonDocument(config.toJson()).toJson();
    QString error;
    const auto back = SessionConfig::fromJson(QJsonDocument::fromJson(text).object(), &error);
    QVERIFY2(back, qPrintable(error));
    QVERIFY(*back == config);
}

void tst_SessionConfig::badJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unknown kind") << QByteArray(R"({"kind":"sctp"})") << QStringLiteral("sctp");
    QTest::newRow("port too big") << QByteArray(R"({"kind":"udp","bindPort":70000})")
                                  << QStringLiteral("bindPort");
    QTest::newRow("negative port")
        << QByteArray(R"({"kind":"tcp-client","remotePort":-1})") << QStringLiteral("remotePort");
    QTest::newRow("bad bind address")
        << QByteArray(R"({"kind":"tcp-server","bindAddress":"999.1.1.1"})")
        << QStringLiteral("999.1.1.1");
    QTest::newRow("zero timeout") << QByteArray(R"({"kind":"tcp-client","connectTimeoutMs":0})")
                                  << QStringLiteral("connectTimeoutMs");
    QTest::newRow("keepalive idle over Linux's limit")
        << QByteArray(R"({"kind":"tcp-client","keepAliveIdleS":40000})")
        << QStringLiteral("keepAliveIdleS must be from 0 (keepalive off) to 32767");
    QTest::newRow("no keepalive probes")
        << QByteArray(R"({"kind":"tcp-server","keepAliveCount":0})")
        << QStringLiteral("keepAliveCount");
    QTest::newRow("a receive buffer of 10 bytes")
        << QByteArray(R"({"kind":"tcp-server","receiveBufferBytes":10})")
        << QStringLiteral("receiveBufferBytes must be 0 (the system's) or from 1024");
    QTest::newRow("a send buffer as text")
        << QByteArray(R"({"kind":"tcp-client","sendBufferBytes":"big"})")
        << QStringLiteral("sendBufferBytes");
}

void tst_SessionConfig::badJson()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, mentions);
    QString error;
    QVERIFY(!SessionConfig::fromJson(QJsonDocument::fromJson(json).object(), &error));
    QVERIFY2(error.contains(mentions), qPrintable(error));
}

void tst_SessionConfig::bindAddress_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QHostAddress>("expected");
    QTest::newRow("dual-stack") << QStringLiteral("any") << true << QHostAddress(QHostAddress::Any);
    QTest::newRow("empty is dual-stack") << QString() << true << QHostAddress(QHostAddress::Any);
    QTest::newRow("all IPv4") << QStringLiteral("any4") << true
                              << QHostAddress(QHostAddress::AnyIPv4);
    QTest::newRow("all IPv6") << QStringLiteral("any6") << true
                              << QHostAddress(QHostAddress::AnyIPv6);
    QTest::newRow("literal") << QStringLiteral(" 10.0.0.5 ") << true
                             << QHostAddress(QStringLiteral("10.0.0.5"));
    QTest::newRow("IPv6 literal") << QStringLiteral("fe80::1") << true
                                  << QHostAddress(QStringLiteral("fe80::1"));
    QTest::newRow("host name") << QStringLiteral("localhost") << false << QHostAddress();
    QTest::newRow("garbage") << QStringLiteral("1.2.3") << false << QHostAddress();
}

void tst_SessionConfig::bindAddress()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QHostAddress, expected);
    const auto parsed = parseBindAddress(text);
    QCOMPARE(parsed.has_value(), valid);
    if (valid)
        QCOMPARE(*parsed, expected);
}

void tst_SessionConfig::endpoint_data()
{
    QTest::addColumn<QHostAddress>("address");
    QTest::addColumn<QString>("expected");
    QTest::newRow("IPv4") << QHostAddress(QStringLiteral("127.0.0.1"))
                          << QStringLiteral("127.0.0.1:80");
    QTest::newRow("IPv6 in brackets")
        << QHostAddress(QStringLiteral("::1")) << QStringLiteral("[::1]:80");
    QTest::newRow("IPv4-mapped shown as IPv4")
        << QHostAddress(QStringLiteral("::ffff:10.0.0.1")) << QStringLiteral("10.0.0.1:80");
}

void tst_SessionConfig::endpoint()
{
    QFETCH(QHostAddress, address);
    QFETCH(QString, expected);
    QCOMPARE(endpointText(address, 80), expected);
}

QTEST_GUILESS_MAIN(tst_SessionConfig)
#include "tst_sessionconfig.moc"
