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

namespace {} // namespace

void tst_CliClose::closeModes_data()
{
    QTest::addColumn<QStringList>("close");
    QTest::addColumn<QByteArray>("serverSees");
    QTest::addColumn<bool>("replyPrinted");
    QTest::newRow("default: FIN") << QStringList{} << QByteArray("GOT b'status\\n' EOF") << false;
    QTest::newRow("--close rst: a reset")
        << QStringList{QStringLiteral("--close"), QStringLiteral("rst")} << QByteArray("RESET")
        << false;
    QTest::newRow("--close half: the reply after our FIN is printed")
        << QStringList{QStringLiteral("--close"), QStringLiteral("half")}
        << QByteArray("GOT b'status\\n' EOF") << true;
    QTest::newRow("--half-close: the same") << QStringList{QStringLiteral("--half-close")}
                                            << QByteArray("GOT b'status\\n' EOF") << true;
}

void tst_CliClose::closeModes()
{
    QFETCH(QStringList, close);
    QFETCH(QByteArray, serverSees);
    QFETCH(bool, replyPrinted);
    const quint16 port = freeTcpPort();
    std::unique_ptr<ExternalPeer> server(ExternalPeer::python(
        sockeye::test::PyCloseWatcher, {QStringLiteral("server"), QString::number(port)}));
    QVERIFY(server->waitForOutput("LISTENING"));
    Cli cli(QStringList{QStringLiteral("connect"), QStringLiteral("127.0.0.1"),
                        QString::number(port), QStringLiteral("--send"),
                        QStringLiteral("status\\n"), QStringLiteral("--format"),
                        QStringLiteral("raw")} +
            close);
    QCOMPARE(cli.wait(), 0); // the user asked for this end: not a failure
    QVERIFY(server->waitForOutput("GOT"));
    QVERIFY(server->waitForOutput("\n"));
    QVERIFY2(server->output().contains(serverSees), server->output().constData());
    QCOMPARE(cli.out().contains("late\n"), replyPrinted);
}

QTEST_GUILESS_MAIN(tst_CliClose)
#include "tst_cliclose.moc"
