#include "app/commandline.h"

#include <QTest>

using namespace sockeye;

class tst_CommandLine : public QObject
{
    Q_OBJECT
private slots:
    void parse_data();
    void parse();
    void logSize_data();
    void logSize();
};

void tst_CommandLine::parse_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("expected"); // "kind bind:port remote:port" per session
    QTest::addColumn<QStringList>("files");
    QTest::addColumn<bool>("fails");

    QTest::newRow("server port only")
        << QStringList{QStringLiteral("--tcp-server"), QStringLiteral("7000")}
        << QStringList{QStringLiteral("tcp-server any:7000 :0")} << QStringList{} << false;
    QTest::newRow("server address and port")
        << QStringList{QStringLiteral("--tcp-server"), QStringLiteral("127.0.0.1:7001")}
        << QStringList{QStringLiteral("tcp-server 127.0.0.1:7001 :0")} << QStringList{} << false;
    QTest::newRow("server bracketed IPv6")
        << QStringList{QStringLiteral("--tcp-server"), QStringLiteral("[::1]:7002")}
        << QStringList{QStringLiteral("tcp-server ::1:7002 :0")} << QStringList{} << false;
    QTest::newRow("client host and port")
        << QStringList{QStringLiteral("--tcp-client"), QStringLiteral("localhost:80")}
        << QStringList{QStringLiteral("tcp-client any:0 localhost:80")} << QStringList{} << false;
    QTest::newRow("repeated and mixed, servers first")
        << QStringList{QStringLiteral("--udp"),
                       QStringLiteral("any4:9000"),
                       QStringLiteral("--tcp-client"),
                       QStringLiteral("127.0.0.1:7000"),
                       QStringLiteral("--tcp-server"),
                       QStringLiteral("7000"),
                       QStringLiteral("--tcp-server=7005")}
        << QStringList{QStringLiteral("tcp-server any:7000 :0"),
                       QStringLiteral("tcp-server any:7005 :0"),
                       QStringLiteral("tcp-client any:0 127.0.0.1:7000"),
                       QStringLiteral("udp any4:9000 :0")}
        << QStringList{} << false;
    QTest::newRow("workspace file") << QStringList{QStringLiteral("lab.sockeye")} << QStringList{}
                                    << QStringList{QStringLiteral("lab.sockeye")} << false;
    QTest::newRow("port out of range")
        << QStringList{QStringLiteral("--tcp-server"), QStringLiteral("70000")} << QStringList{}
        << QStringList{} << true;
    QTest::newRow("client without port")
        << QStringList{QStringLiteral("--tcp-client"), QStringLiteral("localhost")} << QStringList{}
        << QStringList{} << true;
    QTest::newRow("bare IPv6 without brackets")
        << QStringList{QStringLiteral("--udp"), QStringLiteral("::1:9000")} << QStringList{}
        << QStringList{} << true;
    QTest::newRow("not a local address")
        << QStringList{QStringLiteral("--udp"), QStringLiteral("example.com:9000")} << QStringList{}
        << QStringList{} << true;
    QTest::newRow("unknown option")
        << QStringList{QStringLiteral("--bogus")} << QStringList{} << QStringList{} << true;
}

void tst_CommandLine::parse()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, expected);
    QFETCH(QStringList, files);
    QFETCH(bool, fails);

    const CommandLine result =
        CommandLine::parse(QStringList{QStringLiteral("sockeye")} + arguments);
    QCOMPARE(!result.error.isEmpty(), fails);
    if (fails)
        return;
    QStringList got;
    for (const SessionConfig &config : result.sessions) {
        got << QStringLiteral("%1 %2:%3 %4:%5")
                   .arg(sessionKindName(config.kind), config.bindAddress)
                   .arg(config.bindPort)
                   .arg(config.remoteHost)
                   .arg(config.remotePort);
    }
    QCOMPARE(got, expected);
    QCOMPARE(result.workspaceFiles, files);
}

void tst_CommandLine::logSize_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<qint64>("bytes"); // 0: the default budget
    QTest::addColumn<bool>("fails");
    QTest::newRow("not given: the default") << QStringList{} << qint64(0) << false;
    QTest::newRow("16 MiB") << QStringList{QStringLiteral("--log-size"), QStringLiteral("16")}
                            << qint64(16) * 1024 * 1024 << false;
    QTest::newRow("the largest, 64 GiB")
        << QStringList{QStringLiteral("--log-size=65536")} << qint64(65536) * 1024 * 1024 << false;
    QTest::newRow("0 MiB") << QStringList{QStringLiteral("--log-size"), QStringLiteral("0")}
                           << qint64(0) << true;
    QTest::newRow("over the largest")
        << QStringList{QStringLiteral("--log-size"), QStringLiteral("65537")} << qint64(0) << true;
    QTest::newRow("a fraction") << QStringList{QStringLiteral("--log-size"), QStringLiteral("1.5")}
                                << qint64(0) << true;
    QTest::newRow("a word") << QStringList{QStringLiteral("--log-size"), QStringLiteral("lots")}
                            << qint64(0) << true;
}

void tst_CommandLine::logSize()
{
    QFETCH(QStringList, arguments);
    QFETCH(qint64, bytes);
    QFETCH(bool, fails);
    const CommandLine result =
        CommandLine::parse(QStringList{QStringLiteral("sockeye")} + arguments);
    if (fails) {
        // Which option, what it takes, and what was given.
        QVERIFY2(result.error.contains(QLatin1String("--log-size")), qPrintable(result.error));
        QVERIFY2(result.error.contains(QLatin1String("from 1 to 65536")), qPrintable(result.error));
        QVERIFY2(result.error.contains(arguments.last()), qPrintable(result.error));
        return;
    }
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(result.logBudgetBytes, bytes);
}

QTEST_GUILESS_MAIN(tst_CommandLine)
#include "tst_commandline.moc"
