#include "automation/periodicsender.h"
#include "workspace/sessionsetup.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace sockeye;

namespace {

QJsonObject object(const char *json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        qFatal("bad JSON in test: %s", qPrintable(error.errorString()));
    return document.object();
}

SessionConfig server()
{
    SessionConfig c;
    c.kind = SessionKind::TcpServer;
    c.name = QStringLiteral("Modbus slave");
    c.bindAddress = QStringLiteral("127.0.0.1");
    c.bindPort = 5020;
    c.maxClients = 16;
    c.backlog = 128;
    return c;
}

SessionConfig client()
{
    SessionConfig c;
    c.kind = SessionKind::TcpClient;
    c.remoteHost = QStringLiteral("10.0.0.5");
    c.remotePort = 502;
    c.autoReconnect = true;
    c.reconnectMinMs = 250;
    c.clientBind = true;
    c.bindAddress = QStringLiteral("any4");
    c.bindPort = 40000;
    return c;
}

SessionConfig udp()
{
    SessionConfig c;
    c.kind = SessionKind::Udp;
    c.bindAddress = QStringLiteral("any6");
    c.bindPort = 9000;
    c.remoteHost = QStringLiteral("ff02::1");
    c.remotePort = 9001;
    c.multicastGroups = {QStringLiteral("239.1.2.3"), QStringLiteral("ff12::1234")};
    c.multicastInterface = QStringLiteral("lo");
    c.multicastLoopback = false;
    return c;
}

SessionSetup setup(const SessionConfig &config, bool start, const QString &framing,
                   const QJsonObject &automation, const QJsonObject &view)
{
    SessionSetup s;
    s.config = config;
    s.start = start;
    s.framing = framing;
    s.automation = automation;
    s.view = view;
    return s;
}

} // namespace

Q_DECLARE_METATYPE(sockeye::SessionConfig)
Q_DECLARE_METATYPE(sockeye::SessionSetup)

class tst_SessionSetup : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip_data();
    void roundTrip();
    void legacyForms_data();
    void legacyForms();
    void framingError_data();
    void framingError();
    void badFields_data();
    void badFields();
    void periodic_data();
    void periodic();
};

void tst_SessionSetup::roundTrip_data()
{
    QTest::addColumn<SessionSetup>("original");
    QTest::addColumn<QStringList>("keys"); // what toJson() writes

    const QJsonObject rules = object(R"({"echo": false, "rules": [{"match": "exact:PING",
                                         "reply": "PONG", "enabled": true}]})");
    QTest::newRow("tcp server, running, framed, with rules")
        << setup(server(), true, QStringLiteral("prefix:2be,offset=4"), rules,
                 object(R"({"mode": "hex", "timestamps": true})"))
        << QStringList{QStringLiteral("automation"), QStringLiteral("config"),
                       QStringLiteral("framing"), QStringLiteral("start"), QStringLiteral("view")};
    QTest::newRow("tcp client, stopped, lines")
        << setup(client(), false, QStringLiteral("delim:\\r\\n"), object(R"({"echo": true})"),
                 QJsonObject())
        << QStringList{QStringLiteral("automation"), QStringLiteral("config"),
                       QStringLiteral("framing"), QStringLiteral("start")};
    QTest::newRow("udp, running, idle gaps")
        << setup(udp(), true, QStringLiteral("idle:20"), QJsonObject(),
                 object(R"({"encoding": "GBK"})"))
        << QStringList{QStringLiteral("config"), QStringLiteral("framing"), QStringLiteral("start"),
                       QStringLiteral("view")};
    QTest::newRow("nothing but the config")
        << setup(SessionConfig(), false, QString(), QJsonObject(), QJsonObject())
        << QStringList{QStringLiteral("config"), QStringLiteral("start")};
    // Kept as stored, so the app can show it marked; framingError() reports it.
    QTest::newRow("a framing that does not parse is kept")
        << setup(client(), false, QStringLiteral("cobs:1"), QJsonObject(), QJsonObject())
        << QStringList{QStringLiteral("config"), QStringLiteral("framing"),
                       QStringLiteral("start")};
}

void tst_SessionSetup::roundTrip()
{
    QFETCH(SessionSetup, original);
    QFETCH(QStringList, keys);

    const QJsonObject json = original.toJson();
    QStringList written = json.keys();
    written.sort();
    QCOMPARE(written, keys);
    QCOMPARE(json.value(QLatin1String("config")).toObject(), original.config.toJson());

    // Through text, as a file keeps it.
    const QJsonObject reread = QJsonDocument::fromJson(QJsonDocument(json).toJson()).object();
    QString error = QStringLiteral("untouched");
    const std::optional<SessionSetup> read = SessionSetup::fromJson(reread, &error);
    QVERIFY2(read, qPrintable(error));
    QVERIFY(read->config == original.config);
    QCOMPARE(read->config.kind, original.config.kind);
    QCOMPARE(read->start, original.start);
    QCOMPARE(read->framing, original.framing);
    QCOMPARE(read->automation, original.automation);
    QCOMPARE(read->view, original.view);
    QCOMPARE(read->framingField, QStringLiteral("framing"));
    QCOMPARE(read->framingError().isEmpty(), original.framingError().isEmpty());
    QCOMPARE(read->toJson(), json);
}

void tst_SessionSetup::legacyForms_data()
{
    QTest::addColumn<QJsonObject>("json");
    QTest::addColumn<SessionConfig>("config");
    QTest::addColumn<bool>("start");
    QTest::addColumn<QString>("framing");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonObject>("automation"); // what is left of it
    QTest::addColumn<QJsonObject>("view");

    const SessionConfig defaults;
    QTest::newRow("framing under automation")
        << object(R"({"config": {"kind": "tcp-server"}, "start": true,
                      "automation": {"framing": "delim:\\n", "echo": true}})")
        << defaults << true << QStringLiteral("delim:\\n") << QStringLiteral("automation.framing")
        << object(R"({"echo": true})") << QJsonObject();
    QTest::newRow("framing under view")
        << object(R"({"config": {"kind": "tcp-server"},
                      "view": {"framing": "fixed:8", "mode": "hex"}})")
        << defaults << false << QStringLiteral("fixed:8") << QStringLiteral("view.framing")
        << QJsonObject() << object(R"({"mode": "hex"})");
    QTest::newRow("automation's framing wins over the view's")
        << object(R"({"config": {"kind": "tcp-server"},
                      "automation": {"framing": "delim:\\r\\n"},
                      "view": {"framing": "idle:20", "mode": "text"}})")
        << defaults << false << QStringLiteral("delim:\\r\\n")
        << QStringLiteral("automation.framing") << QJsonObject() << object(R"({"mode": "text"})");
    QTest::newRow("the framing key wins over both")
        << object(R"({"config": {"kind": "tcp-server"}, "framing": "prefix:1",
                      "automation": {"framing": "delim:\\r\\n", "echo": false},
                      "view": {"framing": "idle:20"}})")
        << defaults << false << QStringLiteral("prefix:1") << QStringLiteral("framing")
        << object(R"({"echo": false})") << QJsonObject();
    QTest::newRow("a stored framing is trimmed")
        << object(R"({"config": {"kind": "tcp-server"}, "view": {"framing": "  fixed:8 "}})")
        << defaults << false << QStringLiteral("fixed:8") << QStringLiteral("view.framing")
        << QJsonObject() << QJsonObject();
    SessionConfig modbus;
    modbus.kind = SessionKind::TcpClient;
    modbus.remoteHost = QStringLiteral("10.0.0.5");
    modbus.remotePort = 502;
    QTest::newRow("session list entry: the config with the keys beside it")
        << object(R"({"kind": "tcp-client", "remoteHost": "10.0.0.5", "remotePort": 502,
                      "start": true, "automation": {"framing": "prefix:2be,offset=4",
                      "rules": []}, "view": {"framing": "delim:\\n", "mode": "hex"}})")
        << modbus << true << QStringLiteral("prefix:2be,offset=4")
        << QStringLiteral("automation.framing") << object(R"({"rules": []})")
        << object(R"({"mode": "hex"})");
    SessionConfig listener;
    listener.kind = SessionKind::Udp;
    listener.bindPort = 9000;
    QTest::newRow("session list entry with the framing in its view")
        << object(R"({"kind": "udp", "bindPort": 9000, "view": {"framing": "delim:\\r\\n"}})")
        << listener << false << QStringLiteral("delim:\\r\\n") << QStringLiteral("view.framing")
        << QJsonObject() << QJsonObject();
    QTest::newRow("session list entry without a framing")
        << object(R"({"kind": "udp", "bindPort": 9000, "start": false})") << listener << false
        << QString() << QStringLiteral("framing") << QJsonObject() << QJsonObject();
}

void tst_SessionSetup::legacyForms()
{
    QFETCH(QJsonObject, json);
    QFETCH(SessionConfig, config);
    QFETCH(bool, start);
    QFETCH(QString, framing);
    QFETCH(QString, field);
    QFETCH(QJsonObject, automation);
    QFETCH(QJsonObject, view);

    QString error;
    const std::optional<SessionSetup> read = SessionSetup::fromJson(json, &error);
    QVERIFY2(read, qPrintable(error));
    QVERIFY2(read->config == config,
             QJsonDocument(read->config.toJson()).toJson(QJsonDocument::Compact).constData());
    QCOMPARE(read->start, start);
    QCOMPARE(read->framing, framing);
    QCOMPARE(read->framingField, field);
    QCOMPARE(read->framingError(), QString());
    QCOMPARE(read->automation, automation);
    QCOMPARE(read->view, view);

    // Saved again it is in this form: the framing under its own key, and nowhere else.
    const QJsonObject saved = read->toJson();
    QVERIFY(saved.value(QLatin1String("config")).isObject());
    QCOMPARE(saved.value(QLatin1String("framing")).toString(), framing);
    QVERIFY(
        !saved.value(QLatin1String("automation")).toObject().contains(QLatin1String("framing")));
    QVERIFY(!saved.value(QLatin1String("view")).toObject().contains(QLatin1String("framing")));
    const std::optional<SessionSetup> again = SessionSetup::fromJson(saved, &error);
    QVERIFY2(again, qPrintable(error));
    QVERIFY(again->config == config);
    QCOMPARE(again->framing, framing);
    QCOMPARE(again->framingField, QStringLiteral("framing"));
    QCOMPARE(again->start, start);
}

void tst_SessionSetup::framingError_data()
{
    QTest::addColumn<QJsonObject>("json");
    QTest::addColumn<QString>("framing"); // as kept
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("reason"); // part of the sentence; "": no error

    QTest::newRow("a good framing")
        << object(R"({"config": {"kind": "udp"}, "framing": "delim:\\n"})")
        << QStringLiteral("delim:\\n") << QStringLiteral("framing") << QString();
    QTest::newRow("unknown kind, cobs:1")
        << object(R"({"config": {"kind": "udp"}, "framing": "cobs:1"})") << QStringLiteral("cobs:1")
        << QStringLiteral("framing") << QStringLiteral("Unknown framing 'cobs'");
    QTest::newRow("zero length, fixed:0")
        << object(R"({"config": {"kind": "udp"}, "framing": "fixed:0"})")
        << QStringLiteral("fixed:0") << QStringLiteral("framing")
        << QStringLiteral("The frame length '0' must be a number of bytes");
    QTest::newRow("a number instead of a string")
        << object(R"({"config": {"kind": "udp"}, "framing": 20})") << QString()
        << QStringLiteral("framing") << QStringLiteral("must be a framing spec");
    QTest::newRow("an object instead of a string")
        << object(R"({"config": {"kind": "udp"}, "framing": {"kind": "delim"}})") << QString()
        << QStringLiteral("framing") << QStringLiteral("must be a framing spec");
    QTest::newRow("cobs:1 under automation")
        << object(R"({"config": {"kind": "udp"}, "automation": {"framing": "cobs:1"}})")
        << QStringLiteral("cobs:1") << QStringLiteral("automation.framing")
        << QStringLiteral("Unknown framing 'cobs'");
    QTest::newRow("fixed:0 under view")
        << object(R"({"config": {"kind": "udp"}, "view": {"framing": "fixed:0"}})")
        << QStringLiteral("fixed:0") << QStringLiteral("view.framing")
        << QStringLiteral("The frame length '0'");
    QTest::newRow("a number under view")
        << object(R"({"config": {"kind": "udp"}, "view": {"framing": 20}})") << QString()
        << QStringLiteral("view.framing") << QStringLiteral("must be a framing spec");
    QTest::newRow("cobs:1 in a session list entry")
        << object(R"({"kind": "tcp-server", "automation": {"framing": "cobs:1"}})")
        << QStringLiteral("cobs:1") << QStringLiteral("automation.framing")
        << QStringLiteral("Unknown framing 'cobs'");
}

void tst_SessionSetup::framingError()
{
    QFETCH(QJsonObject, json);
    QFETCH(QString, framing);
    QFETCH(QString, field);
    QFETCH(QString, reason);

    // A bad framing is no bad entry: the session is read, its framing reported by field.
    QString error;
    const std::optional<SessionSetup> read = SessionSetup::fromJson(json, &error);
    QVERIFY2(read, qPrintable(error));
    QCOMPARE(read->framing, framing);
    QCOMPARE(read->framingField, field);
    const QString why = read->framingError();
    if (reason.isEmpty()) {
        QCOMPARE(why, QString());
        return;
    }
    QVERIFY2(why.startsWith(field + QStringLiteral(": ")), qPrintable(why));
    QVERIFY2(why.contains(reason), qPrintable(why));
    QVERIFY2(why.endsWith(QLatin1Char('.')), qPrintable(why));
}

void tst_SessionSetup::badFields_data()
{
    QTest::addColumn<QJsonObject>("json");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("reason"); // part of the sentence

    QTest::newRow("config not an object") << object(R"({"config": 5})") << QStringLiteral("config")
                                          << QStringLiteral("must be an object");
    QTest::newRow("config a list")
        << object(R"({"config": [{"kind": "udp"}]})") << QStringLiteral("config")
        << QStringLiteral("must be an object");
    QTest::newRow("config of a bad kind") << object(R"({"config": {"kind": "sctp"}})")
                                          << QStringLiteral("config") << QStringLiteral("\"sctp\"");
    QTest::newRow("config without a kind")
        << object(R"({"config": {"bindPort": 7}, "start": true})") << QStringLiteral("config")
        << QStringLiteral("Unknown session kind");
    QTest::newRow("config with a bad port")
        << object(R"({"config": {"kind": "udp", "bindPort": 70000}})") << QStringLiteral("config")
        << QStringLiteral("bindPort");
    QTest::newRow("session list entry of a bad kind")
        << object(R"({"kind": "serial", "view": {"mode": "hex"}})") << QStringLiteral("config")
        << QStringLiteral("\"serial\"");
    QTest::newRow("start not a bool") << object(R"({"config": {"kind": "udp"}, "start": "yes"})")
                                      << QStringLiteral("start") << QStringLiteral("true or false");
    QTest::newRow("start a number") << object(R"({"config": {"kind": "udp"}, "start": 1})")
                                    << QStringLiteral("start") << QStringLiteral("true or false");
    QTest::newRow("automation not an object")
        << object(R"({"config": {"kind": "udp"}, "automation": [{"match": "any"}]})")
        << QStringLiteral("automation") << QStringLiteral("must be an object");
    QTest::newRow("automation a string")
        << object(R"({"config": {"kind": "udp"}, "automation": "echo"})")
        << QStringLiteral("automation") << QStringLiteral("must be an object");
    QTest::newRow("view not an object")
        << object(R"({"config": {"kind": "udp"}, "view": 3})") << QStringLiteral("view")
        << QStringLiteral("must be an object");
    QTest::newRow("periodic not an object")
        << object(R"({"config": {"kind": "udp"}, "periodic": "every second"})")
        << QStringLiteral("periodic") << QStringLiteral("must be an object");
    QTest::newRow("session list entry with automation not an object")
        << object(R"({"kind": "udp", "automation": true})") << QStringLiteral("automation")
        << QStringLiteral("must be an object");
}

void tst_SessionSetup::badFields()
{
    QFETCH(QJsonObject, json);
    QFETCH(QString, field);
    QFETCH(QString, reason);

    QString error;
    QVERIFY(!SessionSetup::fromJson(json, &error));
    QVERIFY2(error.startsWith(field + QStringLiteral(": ")), qPrintable(error));
    QVERIFY2(error.contains(reason), qPrintable(error));
    QVERIFY2(error.endsWith(QLatin1Char('.')), qPrintable(error));
    // Without a place for the sentence it fails all the same.
    QVERIFY(!SessionSetup::fromJson(json));
}

void tst_SessionSetup::periodic_data()
{
    QTest::addColumn<QJsonObject>("periodic");
    QTest::addColumn<QString>("problem"); // "": applies; else the start of problem()

    QTest::newRow("a payload every 250 ms, 10 times, running")
        << object(R"({"payload": {"payload": "hex:01 03", "checksum": "crc16-modbus"},
                      "intervalMs": 250, "count": 10, "running": true})")
        << QString();
    QTest::newRow("until stopped, stopped when saved")
        << object(R"({"payload": {"payload": "text:tick\n"}, "intervalMs": 1000, "count": 0,
                      "running": false})")
        << QString();
    QTest::newRow("without a payload")
        << object(R"({"intervalMs": 5})") << QStringLiteral("periodic.payload: must be an object");
    QTest::newRow("a payload that does not parse")
        << object(R"({"payload": {"payload": "hex:0G"}})") << QStringLiteral("periodic.payload: ");
    QTest::newRow("an interval of 0 ms")
        << object(R"({"payload": {"payload": "x"}, "intervalMs": 0})")
        << QStringLiteral("periodic.intervalMs: must be a whole number of milliseconds from 1");
    QTest::newRow("an interval of 1.5 ms")
        << object(R"({"payload": {"payload": "x"}, "intervalMs": 1.5})")
        << QStringLiteral("periodic.intervalMs: ");
    QTest::newRow("a count as text")
        << object(R"({"payload": {"payload": "x"}, "count": "10"})")
        << QStringLiteral("periodic.count: must be a whole number from 0");
    QTest::newRow("a negative count") << object(R"({"payload": {"payload": "x"}, "count": -1})")
                                      << QStringLiteral("periodic.count: ");
    QTest::newRow("running as text") << object(R"({"payload": {"payload": "x"}, "running": "yes"})")
                                     << QStringLiteral("periodic.running: must be true or false");
}

// A periodic send is kept as saved and checked as a whole: it applies entirely or is named.
void tst_SessionSetup::periodic()
{
    QFETCH(QJsonObject, periodic);
    QFETCH(QString, problem);
    QJsonObject json = object(R"({"config": {"kind": "tcp-client", "remoteHost": "h",
                                             "remotePort": 7}})");
    json.insert(QLatin1String("periodic"), periodic);
    const auto setup = SessionSetup::fromJson(json);
    QVERIFY(setup);
    QCOMPARE(setup->periodic, periodic);
    QCOMPARE(setup->toJson().value(QLatin1String("periodic")).toObject(), periodic);
    if (problem.isEmpty()) {
        QVERIFY2(setup->problem().isEmpty(), qPrintable(setup->problem()));
        QString error;
        const auto send = PeriodicSend::fromJson(periodic, &error);
        QVERIFY2(send, qPrintable(error));
        // Every field as written, and written again the same.
        QCOMPARE(send->intervalMs, periodic.value(QLatin1String("intervalMs")).toInt());
        QCOMPARE(double(send->count), periodic.value(QLatin1String("count")).toDouble());
        QCOMPARE(send->running, periodic.value(QLatin1String("running")).toBool());
        const QJsonObject payload = periodic.value(QLatin1String("payload")).toObject();
        QCOMPARE(send->payload.toSyntax(), payload.value(QLatin1String("payload")).toString());
        QCOMPARE(send->payload.checksum().toString(),
                 payload.value(QLatin1String("checksum")).toString(QStringLiteral("none")));
        QCOMPARE(PeriodicSend::fromJson(send->toJson())->toJson(), send->toJson());
    } else {
        QVERIFY2(setup->problem().startsWith(problem), qPrintable(setup->problem()));
    }
}

QTEST_GUILESS_MAIN(tst_SessionSetup)
#include "tst_sessionsetup.moc"
