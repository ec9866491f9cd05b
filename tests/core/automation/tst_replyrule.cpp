#include "automation/replyrule.h"
#include "payload/payloadcontext.h"

#include <QFile>
#include <QTest>

using namespace sockeye;

class tst_ReplyRule : public QObject
{
    Q_OBJECT
private slots:
    void matching_data();
    void matching();
    void badRules_data();
    void badRules();
    void disabledNeverMatches();
    void requestBytesInReply_data();
    void requestBytesInReply();
    void echo();
    void jsonRoundTrip();
    void modbusExample();
};

void tst_ReplyRule::matching_data()
{
    QTest::addColumn<QString>("match"); // the CLI's MATCH syntax
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<bool>("matches");

    QTest::newRow("exact hit") << QStringLiteral("exact:text:PING") << QByteArray("PING") << true;
    QTest::newRow("exact miss, longer")
        << QStringLiteral("exact:text:PING") << QByteArray("PING\r\n") << false;
    QTest::newRow("exact with escapes")
        << QStringLiteral("exact:PING\\r\\n") << QByteArray("PING\r\n") << true;
    QTest::newRow("prefix hit") << QStringLiteral("prefix:hex:01 03")
                                << QByteArray("\x01\x03\x00", 3) << true;
    QTest::newRow("prefix miss") << QStringLiteral("prefix:hex:01 03") << QByteArray("\x01\x04", 2)
                                 << false;
    QTest::newRow("contains hit") << QStringLiteral("contains:ERR") << QByteArray("xxERRxx")
                                  << true;
    QTest::newRow("plain text means contains")
        << QStringLiteral("ERR") << QByteArray("an ERR") << true;
    QTest::newRow("contains miss") << QStringLiteral("contains:ERR") << QByteArray("ok") << false;
    QTest::newRow("regex hit") << QStringLiteral("regex:^GET /\\w+") << QByteArray("GET /index")
                               << true;
    QTest::newRow("regex miss") << QStringLiteral("regex:^GET /\\w+") << QByteArray("POST /")
                                << false;
    QTest::newRow("regex on GBK text")
        << QStringLiteral("regex:中文") << QByteArray("\xd6\xd0\xce\xc4") << false; // UTF-8 rule
    QTest::newRow("hex pattern with wildcards")
        << QStringLiteral("hex:01 03 ?? ?? 00 02") << QByteArray("\x01\x03\x12\x34\x00\x02", 6)
        << true;
    QTest::newRow("hex pattern wrong fixed byte")
        << QStringLiteral("hex:01 03 ?? ?? 00 02") << QByteArray("\x01\x03\x12\x34\x00\x03", 6)
        << false;
    QTest::newRow("hex pattern is the whole frame")
        << QStringLiteral("hex:01 ??") << QByteArray("\x01\x02\x03", 3) << false;
    QTest::newRow("hex pattern without spaces")
        << QStringLiteral("hex:0103??") << QByteArray("\x01\x03\xff", 3) << true;
    QTest::newRow("any") << QStringLiteral("any") << QByteArray("whatever") << true;
}

void tst_ReplyRule::matching()
{
    QFETCH(QString, match);
    QFETCH(QByteArray, frame);
    QFETCH(bool, matches);
    QString error;
    const auto rule = ReplyRule::fromMatchSyntax(match, QStringLiteral("text:ok"), &error);
    QVERIFY2(rule, qPrintable(error));
    QCOMPARE(rule->matches(frame), matches);
}

void tst_ReplyRule::badRules_data()
{
    QTest::addColumn<QString>("match");
    QTest::addColumn<QString>("reply");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("bad hex in pattern")
        << QStringLiteral("hex:01 0g") << QStringLiteral("ok") << QStringLiteral("position 5");
    QTest::newRow("odd hex pattern")
        << QStringLiteral("hex:01 0") << QStringLiteral("ok") << QStringLiteral("hex pattern");
    QTest::newRow("bad regex") << QStringLiteral("regex:(unclosed") << QStringLiteral("ok")
                               << QStringLiteral("regular expression");
    QTest::newRow("bad exact payload") << QStringLiteral("exact:hex:zz") << QStringLiteral("ok")
                                       << QStringLiteral("match pattern");
    QTest::newRow("empty contains")
        << QStringLiteral("contains:") << QStringLiteral("ok") << QStringLiteral("empty");
    QTest::newRow("bad reply") << QStringLiteral("PING") << QStringLiteral("hex:0x1")
                               << QStringLiteral("In the reply");
}

void tst_ReplyRule::badRules()
{
    QFETCH(QString, match);
    QFETCH(QString, reply);
    QFETCH(QString, mentions);
    QString error;
    QVERIFY(!ReplyRule::fromMatchSyntax(match, reply, &error));
    QVERIFY2(error.contains(mentions), qPrintable(error));
}

void tst_ReplyRule::disabledNeverMatches()
{
    auto rule = ReplyRule::fromMatchSyntax(QStringLiteral("any"), QStringLiteral("x"), nullptr);
    QVERIFY(rule);
    rule->enabled = false;
    QVERIFY(!rule->matches("anything"));
}

void tst_ReplyRule::requestBytesInReply_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("hex: transaction id")
        << QStringLiteral("hex:{req:0:2} 00 00") << QByteArray("\xab\xcd\x01", 3)
        << QByteArray("\xab\xcd\x00\x00", 4);
    QTest::newRow("text: rest of request")
        << QStringLiteral("text:you said {req:4}") << QByteArray("SAY hello\x00", 10)
        << QByteArray("you said hello\x00", 15);
    // Past the end nothing is sent (a cut reply is a partial payload), and a sentence says why.
    QTest::newRow("past the end is refused")
        << QStringLiteral("hex:{req:2:10}") << QByteArray("\x01\x02\x03", 3)
        << QByteArray("{req:2:10} reaches byte 12, but the request has 3 byte");
    QTest::newRow("an offset past the end is refused")
        << QStringLiteral("hex:01 {req:100:4}") << QByteArray("ab")
        << QByteArray("{req:100:4} reaches byte 104, but the request has 2 byte");
    QTest::newRow("up to the end exactly")
        << QStringLiteral("hex:{req:1:2}") << QByteArray("\x01\x02\x03", 3)
        << QByteArray("\x02\x03");
    QTest::newRow("no field") << QStringLiteral("hex:ff") << QByteArray("x") << QByteArray("\xff");
}

void tst_ReplyRule::requestBytesInReply()
{
    QFETCH(QString, reply);
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, expected);
    QString error;
    const auto rule = ReplyRule::fromMatchSyntax(QStringLiteral("any"), reply, &error);
    QVERIFY2(rule, qPrintable(error));
    PayloadContext context;
    const EncodeResult result = rule->replyFor(request, context);
    if (expected.startsWith("{req:")) {
        QVERIFY(!result.ok());
        QVERIFY2(result.error.message.contains(QString::fromLatin1(expected)),
                 qPrintable(result.error.message));
        QVERIFY(result.bytes.isEmpty());
        return;
    }
    QVERIFY2(result.ok(), qPrintable(result.error.message));
    QCOMPARE(result.bytes, expected);
}

void tst_ReplyRule::echo()
{
    const ReplyRule rule = ReplyRule::echo();
    QVERIFY(rule.matches("abc"));
    PayloadContext context;
    QCOMPARE(rule.replyFor(QByteArray("\x00\x01", 2), context).bytes, QByteArray("\x00\x01", 2));
}

void tst_ReplyRule::jsonRoundTrip()
{
    QString error;
    auto a = ReplyRule::fromMatchSyntax(QStringLiteral("regex:^AT\\+\\w+"),
                                        QStringLiteral("text:OK\\r\\n"), &error);
    QVERIFY2(a, qPrintable(error));
    a->delayMs = 250;
    a->target = ReplyRule::Target::AllPeers;
    a->name = QStringLiteral("AT commands");
    const QList<ReplyRule> rules{*a, ReplyRule::echo(),
                                 ReplyRule::welcome(PayloadSpec::fromSyntax(QStringLiteral("hi")))};
    const auto back = rulesFromJson(rulesToJson(rules), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->size(), 3);
    QCOMPARE(back->at(0).toJson(), rules.at(0).toJson());
    QCOMPARE(back->at(1).toJson(), rules.at(1).toJson());
    QCOMPARE(back->at(2).toJson(), rules.at(2).toJson());
    QVERIFY(back->at(0).matches("AT+GMR"));

    QVERIFY(!rulesFromJson("[{\"match\":\"sometimes\"}]", &error));
    QVERIFY2(error.contains(QLatin1String("sometimes")), qPrintable(error));
    QVERIFY(!rulesFromJson("{not json", &error));
    QVERIFY2(error.contains(QLatin1String("not valid JSON")), qPrintable(error));
}

void tst_ReplyRule::modbusExample()
{
    QFile file(QStringLiteral(SOCKEYE_SOURCE_DIR "/examples/rules/modbus-device.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QString error;
    const auto rules = rulesFromJson(file.readAll(), &error);
    QVERIFY2(rules, qPrintable(error));
    QCOMPARE(rules->size(), 3);
    PayloadContext context;

    // RTU: read 2 registers from address 0 of unit 1 (CRC C4 0B).
    const QByteArray rtu = QByteArray::fromHex("010300000002c40b");
    QVERIFY(rules->at(0).matches(rtu));
    // 01 03 04 00 2A 01 00 + CRC-16/MODBUS, low byte first.
    QCOMPARE(rules->at(0).replyFor(rtu, context).bytes.toHex(),
             QByteArray("010304002a0100") + "da6b");

    // TCP: the transaction id is echoed.
    const QByteArray tcp = QByteArray::fromHex("beef000000060103000a0002");
    QVERIFY(!rules->at(0).matches(tcp));
    QVERIFY(rules->at(1).matches(tcp));
    QCOMPARE(rules->at(1).replyFor(tcp, context).bytes.toHex(),
             QByteArray("beef00000007010304002a0100"));
    QVERIFY(!rules->at(2).enabled);
}

QTEST_GUILESS_MAIN(tst_ReplyRule)
#include "tst_replyrule.moc"
