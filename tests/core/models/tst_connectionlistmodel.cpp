#include "models/connectionlistmodel.h"
#include "models/trafficmodel.h"
#include "session/sessionmanager.h"
#include "session/tcpclientsession.h"
#include "session/tcpserversession.h"
#include "traffic/trafficlog.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace sockeye;

class tst_ConnectionListModel : public QObject
{
    Q_OBJECT
private slots:
    void followsPeersAndCounters();
    void formatBytes_data();
    void formatBytes();
};

void tst_ConnectionListModel::followsPeersAndCounters()
{
    SessionManager manager;
    SessionConfig config;
    config.kind = SessionKind::TcpServer;
    config.bindAddress = QStringLiteral("127.0.0.1");
    auto *server = qobject_cast<TcpServerSession *>(manager.createSession(config));
    QVERIFY(server->start());

    ConnectionListModel model(server);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    TrafficModel traffic(manager.log());
    traffic.setSession(server);
    QAbstractItemModelTester trafficTester(&traffic,
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRefreshInterval(0);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    QTcpSocket a;
    QTcpSocket b;
    a.connectToHost(QHostAddress::LocalHost, server->serverPort());
    b.connectToHost(QHostAddress::LocalHost, server->serverPort());
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(ConnectionListModel::ColumnCount));

    a.write("hello");
    const PeerId first = model.peerAt(0);
    QTRY_COMPARE(server->peerCounters(first).bytesIn, 5);
    model.refresh();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.index(0, ConnectionListModel::BytesInColumn)
                 .data(ConnectionListModel::BytesInRole)
                 .toLongLong(),
             5);
    QCOMPARE(model.index(0, ConnectionListModel::FramesInColumn).data().toString(),
             QStringLiteral("1"));
    model.refresh(); // nothing changed: no signal
    QCOMPARE(changed.count(), 1);

    QVERIFY(server->send("yo", {first}).ok());
    QTRY_COMPARE(a.bytesAvailable(), 2);

    b.disconnectFromHost();
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(model.peerAt(0), first);

    // The traffic model saw the accepted events and the data, labelled with the peer.
    traffic.flush();
    bool sawHello = false;
    for (int i = 0; i < traffic.rowCount(); ++i) {
        const QModelIndex index = traffic.index(i);
        if (index.data(TrafficModel::BytesRole).toByteArray() == "hello") {
            sawHello = true;
            QCOMPARE(index.data(TrafficModel::PeerLabelRole).toString(),
                     model.index(0, 0).data(ConnectionListModel::PeerLabelRole).toString());
        }
    }
    QVERIFY(sawHello);

    server->stop();
    QTRY_COMPARE(model.rowCount(), 0);
}

void tst_ConnectionListModel::formatBytes_data()
{
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << qint64(0) << QStringLiteral("0 B");
    QTest::newRow("under a KiB") << qint64(1023) << QStringLiteral("1023 B");
    QTest::newRow("one and a half KiB") << qint64(1536) << QStringLiteral("1.50 KiB");
    QTest::newRow("MiB") << qint64(50) * 1024 * 1024 << QStringLiteral("50.0 MiB");
}

void tst_ConnectionListModel::formatBytes()
{
    QFETCH(qint64, bytes);
    QFETCH(QString, text);
    QCOMPARE(ConnectionListModel::formatBytes(bytes), text);
}

QTEST_GUILESS_MAIN(tst_ConnectionListModel)
#include "tst_connectionlistmodel.moc"
