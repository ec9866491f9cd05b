#include "automation/responder.h"
#include "externalpeer.h"
#include "session/tcpserversession.h"
#include "traffic/streamframers.h"
#include "traffic/trafficlog.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace sockeye;
using sockeye::test::ExternalPeer;

namespace {

// python3 client: connects, sends each argv[2:] item (hex) 150 ms apart, prints what comes
// back as hex lines, exits 1 s after the last send.
const QString PyClient = QStringLiteral(R"(
import socket, sys, time, binascii, threading
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
def rx():
    while True:
        d = s.recv(65536)
        if not d: break
        print('RX ' + binascii.hexlify(d).decode(), flush=True)
threading.Thread(target=rx, daemon=True).start()
for h in sys.argv[2:]:
    time.sleep(0.15)
    s.sendall(binascii.unhexlify(h))
time.sleep(1)
)");

ReplyRule rule(const QString &match, const QString &reply)
{
    QString error;
    auto r = ReplyRule::fromMatchSyntax(match, reply, &error);
    if (!r)
        qFatal("bad rule in test: %s", qPrintable(error));
    return *r;
}

} // namespace

class tst_Responder : public QObject
{
    Q_OBJECT
private slots:
    void rules_data();
    void rules();
    void delayedReplyAndCounts();
    void framingDecidesWhatAFrameIs_data();
    void framingDecidesWhatAFrameIs();
};

void tst_Responder::rules_data()
{
    QTest::addColumn<QList<ReplyRule>>("ruleList");
    QTest::addColumn<QStringList>("sends");   // hex
    QTest::addColumn<QStringList>("replies"); // hex, in order

    QTest::newRow("first match wins")
        << QList<ReplyRule>{rule(QStringLiteral("prefix:PI"), QStringLiteral("one")),
                            rule(QStringLiteral("PING"), QStringLiteral("two"))}
        << QStringList{QStringLiteral("50494e47")} << QStringList{QStringLiteral("6f6e65")};
    QTest::newRow("disabled rule is skipped") <<
        [] {
            QList<ReplyRule> rules{rule(QStringLiteral("PING"), QStringLiteral("one")),
                                   rule(QStringLiteral("PING"), QStringLiteral("two"))};
            rules[0].enabled = false;
            return rules;
        }() << QStringList{QStringLiteral("50494e47")}
                                              << QStringList{QStringLiteral("74776f")};
    QTest::newRow("no match, no reply")
        << QList<ReplyRule>{rule(QStringLiteral("PING"), QStringLiteral("pong"))}
        << QStringList{QStringLiteral("6e6f7065")} << QStringList{};
    QTest::newRow("echo") << QList<ReplyRule>{ReplyRule::echo()}
                          << QStringList{QStringLiteral("00ff10")}
                          << QStringList{QStringLiteral("00ff10")};
    QTest::newRow("welcome then reply")
        << QList<ReplyRule>{ReplyRule::welcome(PayloadSpec::fromSyntax(QStringLiteral("hi"))),
                            rule(QStringLiteral("any"), QStringLiteral("hex:aa"))}
        << QStringList{QStringLiteral("01")}
        << QStringList{QStringLiteral("6869"), QStringLiteral("aa")};
    QTest::newRow("regex with sequence field")
        << QList<ReplyRule>{rule(QStringLiteral("regex:^GET"), QStringLiteral("n{seq:u8}"))}
        << QStringList{QStringLiteral("474554"), QStringLiteral("474554")}
        << QStringList{QStringLiteral("6e30"), QStringLiteral("6e31")};
}

void tst_Responder::rules()
{
    QFETCH(QList<ReplyRule>, ruleList);
    QFETCH(QStringList, sends);
    QFETCH(QStringList, replies);
    TrafficLog log;
    SessionConfig config;
    config.bindAddress = QStringLiteral("127.0.0.1");
    TcpServerSession server(1, config, &log);
    QVERIFY(server.start());
    StreamFramers framers(&log, server.id());
    Responder responder(&server, &framers);
    responder.setRules(ruleList);

    ExternalPeer client(QStringLiteral("python3"),
                        QStringList{QStringLiteral("-u"), QStringLiteral("-c"), PyClient,
                                    QString::number(server.serverPort())} +
                            sends);
    QVERIFY(client.waitForFinished(10000));
    QStringList got;
    for (const QByteArray &line : client.output().split('\n')) {
        if (line.startsWith("RX "))
            got << QString::fromLatin1(line.mid(3));
    }
    QCOMPARE(got, replies);
}

void tst_Responder::delayedReplyAndCounts()
{
    TrafficLog log;
    SessionConfig config;
    config.bindAddress = QStringLiteral("127.0.0.1");
    TcpServerSession server(1, config, &log);
    QVERIFY(server.start());
    StreamFramers framers(&log, server.id());
    Responder responder(&server, &framers);
    ReplyRule slow = rule(QStringLiteral("PING"), QStringLiteral("PONG"));
    slow.delayMs = 300;
    responder.setRules({slow, rule(QStringLiteral("any"), QStringLiteral("?"))});

    QSignalSpy matched(&responder, &Responder::ruleMatched);
    ExternalPeer client(QStringLiteral("python3"),
                        {QStringLiteral("-u"), QStringLiteral("-c"), PyClient,
                         QString::number(server.serverPort()), QStringLiteral("50494e47"),
                         QStringLiteral("78")});
    QTRY_COMPARE_WITH_TIMEOUT(matched.count(), 2, 5000);
    // "?" for the second request comes before the delayed PONG for the first.
    QVERIFY(client.waitForOutput("RX 504f4e47"));
    const QByteArray out = client.output();
    QVERIFY(out.indexOf("RX 3f") < out.indexOf("RX 504f4e47"));
    QCOMPARE(responder.matchCount(0), quint64(1));
    QCOMPARE(responder.matchCount(1), quint64(1));
}

void tst_Responder::framingDecidesWhatAFrameIs_data()
{
    QTest::addColumn<QString>("framing");
    QTest::addColumn<QList<ReplyRule>>("ruleList");
    QTest::addColumn<QStringList>("sends");   // hex, one TCP segment each (150 ms apart)
    QTest::addColumn<QStringList>("replies"); // hex, all of what comes back, in order

    // "PI" + "NG\nPING\n" arrive in two chunks; framed by lines, both are exact PINGs.
    QTest::newRow("a request split and two in one read")
        << QStringLiteral("delim:\\n")
        << QList<ReplyRule>{rule(QStringLiteral("exact:PING"), QStringLiteral("PONG"))}
        << QStringList{QStringLiteral("5049"), QStringLiteral("4e470a50494e470a")}
        << QStringList{QStringLiteral("504f4e47"), QStringLiteral("504f4e47")};
    // Echo returns exactly the bytes received: the delimiter too (it used to be dropped).
    QTest::newRow("echo keeps the delimiter")
        << QStringLiteral("delim:\\r\\n") << QList<ReplyRule>{ReplyRule::echo()}
        << QStringList{QStringLiteral("68656c6c6f206563686f0d0a")}
        << QStringList{QStringLiteral("68656c6c6f206563686f0d0a")};
    QTest::newRow("exact with the delimiter matches")
        << QStringLiteral("delim:\\r\\n")
        << QList<ReplyRule>{rule(QStringLiteral("exact:AT\\r\\n"), QStringLiteral("OK"))}
        << QStringList{QStringLiteral("41"), QStringLiteral("540d0a")}
        << QStringList{QStringLiteral("4f4b")};
    QTest::newRow("exact without the delimiter matches")
        << QStringLiteral("delim:\\r\\n")
        << QList<ReplyRule>{rule(QStringLiteral("exact:AT"), QStringLiteral("OK"))}
        << QStringList{QStringLiteral("41540d0a")} << QStringList{QStringLiteral("4f4b")};
    QTest::newRow("req copies the whole frame")
        << QStringLiteral("delim:\\n")
        << QList<ReplyRule>{rule(QStringLiteral("any"), QStringLiteral("hex:3e {req:0}"))}
        << QStringList{QStringLiteral("610a")} << QStringList{QStringLiteral("3e610a")};
    QTest::newRow("prefix frames a Modbus request split in two")
        << QStringLiteral("prefix:2be,offset=4")
        << QList<ReplyRule>{rule(QStringLiteral("hex:?? ?? 00 00 00 06 01 03 ?? ?? ?? ??"),
                                 QStringLiteral("hex:{req:0:2} 00 00 00 05 01 03 02 00 2a"))}
        << QStringList{QStringLiteral("0001000000"), QStringLiteral("0601030000000a")}
        << QStringList{QStringLiteral("00010000000501030200"
                                      "2a")};
}

void tst_Responder::framingDecidesWhatAFrameIs()
{
    QFETCH(QString, framing);
    QFETCH(QList<ReplyRule>, ruleList);
    QFETCH(QStringList, sends);
    QFETCH(QStringList, replies);
    TrafficLog log;
    SessionConfig config;
    config.bindAddress = QStringLiteral("127.0.0.1");
    TcpServerSession server(1, config, &log);
    QVERIFY(server.start());
    StreamFramers framers(&log, server.id());
    QCOMPARE(framers.setSpec(framing), QString());
    const QString canonical = framers.spec();
    QVERIFY(!framers.setSpec(QStringLiteral("delim")).isEmpty()); // bad spec: an error...
    QCOMPARE(framers.spec(), canonical);                          // ...and the old one stays
    Responder responder(&server, &framers);
    responder.setRules(ruleList);
    ExternalPeer client(QStringLiteral("python3"),
                        QStringList{QStringLiteral("-u"), QStringLiteral("-c"), PyClient,
                                    QString::number(server.serverPort())} +
                            sends);
    QVERIFY(client.waitForFinished(10000));
    QByteArray got;
    for (const QByteArray &line : client.output().split('\n')) {
        if (line.startsWith("RX "))
            got += line.mid(3);
    }
    QCOMPARE(QString::fromLatin1(got), replies.join(QString()));
}

QTEST_GUILESS_MAIN(tst_Responder)
#include "tst_responder.moc"
