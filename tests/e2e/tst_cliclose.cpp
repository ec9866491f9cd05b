// `sockeye-cli connect --close fin|rst|half` and `--half-close`, as a python server sees them:
// an orderly end, a reset, or an end of our sending while its reply still comes back.
#include "cliprocess.h"
#include "closewatcher.h"
#include "externalpeer.h"

#include <QTest>

#include <memory>

using sockeye::test::ExternalPeer;
using sockeye::test::freeTcpPort;
using Cli = sockeye::test::CliProcess;

class tst_CliClose : public QObject
{
    Q_OBJECT
private slots:
    void closeModes_data();
    void closeModes();
};

void tst_CliClose::closeModes_data()
{
    QTest::addColumn<bool>("payload"); // --send status\n, or nothing
    QTest::addColumn<QStringList>("close");
    QTest::addColumn<QByteArray>("serverSees");
    QTest::addColumn<bool>("replyPrinted");
    const QStringList rst{QStringLiteral("--close"), QStringLiteral("rst")};
    QTest::newRow("default: FIN") << true << QStringList{} << QByteArray("GOT b'status\\n' EOF")
                                  << false;
    QTest::newRow("--close rst: a reset") << true << rst << QByteArray("RESET") << false;
    QTest::newRow("--close half: the reply after our FIN is printed")
        << true << QStringList{QStringLiteral("--close"), QStringLiteral("half")}
        << QByteArray("GOT b'status\\n' EOF") << true;
    QTest::newRow("--half-close: the same") << true << QStringList{QStringLiteral("--half-close")}
                                            << QByteArray("GOT b'status\\n' EOF") << true;
    QTest::newRow("--close rst without a payload: a reset once connected")
        << false << rst << QByteArray("GOT b'' RESET") << false;
    QTest::newRow("--close fin without a payload: FIN once connected")
        << false << QStringList{QStringLiteral("--close"), QStringLiteral("fin")}
        << QByteArray("GOT b'' EOF") << false;
}

void tst_CliClose::closeModes()
{
    QFETCH(bool, payload);
    QFETCH(QStringList, close);
    QFETCH(QByteArray, serverSees);
    QFETCH(bool, replyPrinted);
    const quint16 port = freeTcpPort();
    std::unique_ptr<ExternalPeer> server(ExternalPeer::python(
        sockeye::test::PyCloseWatcher, {QStringLiteral("server"), QString::number(port)}));
    QVERIFY(server->waitForOutput("LISTENING"));
    QStringList arguments{QStringLiteral("connect"), QStringLiteral("127.0.0.1"),
                          QString::number(port), QStringLiteral("--format"), QStringLiteral("raw")};
    if (payload)
        arguments << QStringLiteral("--send") << QStringLiteral("status\\n");
    Cli cli(arguments + close);
    QCOMPARE(cli.wait(), 0); // the user asked for this end: not a failure
    QVERIFY(server->waitForOutput("GOT"));
    QVERIFY(server->waitForOutput("\n"));
    QVERIFY2(server->output().contains(serverSees), server->output().constData());
    QCOMPARE(cli.out().contains("late\n"), replyPrinted);
}

QTEST_GUILESS_MAIN(tst_CliClose)
#include "tst_cliclose.moc"
