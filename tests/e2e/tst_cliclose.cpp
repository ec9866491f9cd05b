// How `sockeye-cli connect` opens and ends a connection, as a python server sees it:
// `--local-port` (and `--bind`) choose where it connects from; `--close fin|rst|half` and
// `--half-close` an orderly end, a reset, or an end of our sending while the reply still comes.
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
    void localPort_data();
    void localPort();
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

void tst_CliClose::localPort_data()
{
    QTest::addColumn<bool>("bind");  // with --bind 127.0.0.1 too
    QTest::addColumn<bool>("taken"); // the port is already bound by another socket
    QTest::newRow("--local-port alone") << false << false;
    QTest::newRow("--bind 127.0.0.1 --local-port") << true << false;
    QTest::newRow("a local port in use is said") << true << true;
}

void tst_CliClose::localPort()
{
    QFETCH(bool, bind);
    QFETCH(bool, taken);
    const quint16 port = freeTcpPort();
    const quint16 local = freeTcpPort();
    // Prints the port each client connects from; with argv[3], first holds that port itself.
    std::unique_ptr<ExternalPeer> server(
        ExternalPeer::python(QStringLiteral(R"(
import socket, sys
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(('127.0.0.1', int(sys.argv[1]))); srv.listen(1)
if len(sys.argv) > 2:
    holder = socket.socket(); holder.bind(('127.0.0.1', int(sys.argv[2])))
print('LISTENING', flush=True)
c, addr = srv.accept()
print('FROM', addr[1], flush=True)
c.recv(100); c.close()
)"),
                             taken ? QStringList{QString::number(port), QString::number(local)}
                                   : QStringList{QString::number(port)}));
    QVERIFY(server->waitForOutput("LISTENING"));
    QStringList arguments{QStringLiteral("connect"), QStringLiteral("127.0.0.1"),
                          QString::number(port),     QStringLiteral("--local-port"),
                          QString::number(local),    QStringLiteral("--send"),
                          QStringLiteral("x")};
    if (bind)
        arguments << QStringLiteral("--bind") << QStringLiteral("127.0.0.1");
    Cli cli(arguments);
    if (taken) {
        QCOMPARE(cli.wait(), 3); // a network error, said with where
        const QString err = QString::fromUtf8(cli.err());
        QVERIFY2(err.contains(QStringLiteral("127.0.0.1:%1").arg(local)), qPrintable(err));
        return;
    }
    QCOMPARE(cli.wait(), 0);
    QVERIFY(server->waitForOutput("FROM"));
    QVERIFY(server->waitForOutput("\n"));
    QVERIFY2(server->output().contains(QByteArray("FROM " + QByteArray::number(local))),
             server->output().constData());
}

QTEST_GUILESS_MAIN(tst_CliClose)
#include "tst_cliclose.moc"
