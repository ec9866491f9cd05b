// TlsSettings as JSON (in a session's config and workspaces) and its ALPN list: what round-trips,
// what is refused with which sentence, and that the passphrase is never written.
#include "session/sessionconfig.h"
#include "tls/tlssettings.h"

#include <QJsonDocument>
#include <QTest>

using sockeye::SessionConfig;
using sockeye::SessionKind;
using sockeye::TlsSettings;

class tst_TlsSettings : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip();
    void passphraseNeverWritten();
    void plainSessionWritesNoTls();
    void refused_data();
    void refused();
    void alpn_data();
    void alpn();
};

void tst_TlsSettings::roundTrip()
{
    SessionConfig c;
    c.kind = SessionKind::TcpClient;
    c.remoteHost = QStringLiteral("broker.local");
    c.remotePort = 8883;
    c.tls.enabled = true;
    c.tls.verifyPeer = false;
    c.tls.caFile = QStringLiteral("/etc/ca.pem");
    c.tls.serverName = QStringLiteral("broker");
    c.tls.alpn = {QStringLiteral("mqtt"), QStringLiteral("x-amzn-mqtt-ca")};
    c.tls.certFile = QStringLiteral("/home/u/dev.crt");
    c.tls.keyFile = QStringLiteral("/home/u/dev.key");
    const auto back = SessionConfig::fromJson(c.toJson());
    QVERIFY(back);
    QCOMPARE(back->tls.toJson(), c.tls.toJson());
    QCOMPARE(back->tls.alpn, c.tls.alpn);
    QVERIFY(!back->tls.verifyPeer);
    QCOMPARE(back->displayName(), QStringLiteral("TLS client broker.local:8883"));
}

void tst_TlsSettings::passphraseNeverWritten()
{
    SessionConfig c;
    c.tls.enabled = true;
    c.tls.keyPassphrase = QStringLiteral("hunter2-secret");
    const QByteArray json = QJsonDocument(c.toJson()).toJson();
    QVERIFY(!json.contains("hunter2"));
    QVERIFY(!json.contains("assphrase"));
}

void tst_TlsSettings::plainSessionWritesNoTls()
{
    // Workspaces saved before TLS existed stay as they were.
    QVERIFY(!SessionConfig().toJson().contains(QLatin1String("tls")));
}

void tst_TlsSettings::refused_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("enabled not a boolean")
        << QByteArray(R"({"kind":"tcp-client","tls":{"enabled":"yes"}})")
        << QStringLiteral("tls.enabled must be true or false.");
    QTest::newRow("a path too long")
        << QByteArray(R"({"kind":"tcp-client","tls":{"caFile":")") + QByteArray(5000, 'a') +
               QByteArray(R"("}})")
        << QStringLiteral("tls.caFile must be text of at most 4096 characters.");
    QTest::newRow("an empty ALPN name")
        << QByteArray(R"({"kind":"tcp-client","tls":{"alpn":["h2",""]}})")
        << QStringLiteral("tls.alpn: \"h2,\" is not a protocol list: give names separated by "
                          "commas, e.g. h2,http/1.1 (each 1 to 255 bytes).");
    QTest::newRow("TLS over UDP")
        << QByteArray(R"({"kind":"udp","tls":{"enabled":true}})")
        << QStringLiteral("tls.enabled: TLS runs over TCP; a UDP session cannot use it.");
}

void tst_TlsSettings::refused()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QString why;
    QVERIFY(!SessionConfig::fromJson(QJsonDocument::fromJson(json).object(), &why));
    QCOMPARE(why, error);
}

void tst_TlsSettings::alpn_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("list"); // empty with ok false: refused
    QTest::addColumn<bool>("ok");
    QTest::newRow("two, spaces trimmed")
        << QStringLiteral(" h2 , http/1.1")
        << QStringList{QStringLiteral("h2"), QStringLiteral("http/1.1")} << true;
    QTest::newRow("none") << QString() << QStringList{} << true;
    QTest::newRow("a trailing comma") << QStringLiteral("h2,") << QStringList{} << false;
    QTest::newRow("256 bytes") << QString(256, QLatin1Char('a')) << QStringList{} << false;
    QTest::newRow("17 protocols") << QStringLiteral("a,").repeated(16) + QStringLiteral("a")
                                  << QStringList{} << false;
}

void tst_TlsSettings::alpn()
{
    QFETCH(QString, text);
    QFETCH(QStringList, list);
    QFETCH(bool, ok);
    QString why;
    const auto parsed = TlsSettings::parseAlpn(text, &why);
    QCOMPARE(bool(parsed), ok);
    if (ok)
        QCOMPARE(*parsed, list);
    else
        QVERIFY(!why.isEmpty());
}

QTEST_GUILESS_MAIN(tst_TlsSettings)
#include "tst_tlssettings.moc"
