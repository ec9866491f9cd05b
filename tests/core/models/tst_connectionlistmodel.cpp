#include "models/connectionlistmodel.h"
#include "models/trafficmodel.h"
#include "session/sessionmanager.h"
#include "session/tcpclientsession.h"
#include "session/tcpserversession.h"
#include "traffic/trafficlog.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace sockeye;

class tst_ConnectionListModel : public QObject
{
    Q_OBJECT
private slots:
    void followsPeersAndCounters();
    void leavingPeersKeepSelection_data();
    void leavingPeersKeepSelection();
    void formatBytes_data();
    void formatBytes();
};

namespace {
// A listening TCP server session on 127.0.0.1, or nullptr.
TcpServerSession *startServer(SessionManager &manager)
{
    SessionConfig config;
    config.kind = SessionKind::TcpServer;
    config.bindAddress = QStringLiteral("127.0.0.1");
    auto *server = qobject_cast<TcpServerSession *>(manager.createSession(config));
    return server && server->start() ? server : nullptr;
}
} // namespace

void tst_ConnectionListModel::followsPeersAndCounters()
{
    SessionManager manager;
    TcpServerSession *server = startServer(manager);
    QVERIFY(server);

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

void tst_ConnectionListModel::leavingPeersKeepSelection_data()
{
    QTest::addColumn<int>("clients");
    QTest::addColumn<QList<int>>("leaving"); // rows, in the order their clients close
    QTest::addColumn<bool>("oneLayoutChange");
    QList<int> everyOther;
    for (int i = 37; i >= 1; i -= 2)
        everyOther << i;
    QTest::newRow("a block of five: removed as one run")
        << 40 << QList<int>{10, 11, 12, 13, 14} << false;
    QTest::newRow("every other row, backwards: moved to the end, then removed")
        << 40 << everyOther << true;
}

// The views' selection decides whom Send goes to: peers leaving must not move it to others.
void tst_ConnectionListModel::leavingPeersKeepSelection()
{
    QFETCH(int, clients);
    QFETCH(QList<int>, leaving);
    QFETCH(bool, oneLayoutChange);
    SessionManager manager;
    TcpServerSession *server = startServer(manager);
    QVERIFY(server);
    ConnectionListModel model(server);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QItemSelectionModel selection(&model);

    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < clients; ++i) {
        sockets.push_back(std::make_unique<QTcpSocket>());
        sockets.back()->connectToHost(QHostAddress::LocalHost, server->serverPort());
        QVERIFY(sockets.back()->waitForConnected(5000));
    }
    QTRY_COMPARE(model.rowCount(), clients);
    // Which client each row is (rows follow the order of accepts).
    QList<PeerId> before;
    QHash<int, QTcpSocket *> clientOfRow;
    for (int row = 0; row < clients; ++row) {
        before << model.peerAt(row);
        const quint16 port = server->peer(model.peerAt(row))->port;
        for (const auto &socket : sockets) {
            if (socket->localPort() == port)
                clientOfRow.insert(row, socket.get());
        }
    }
    QCOMPARE(clientOfRow.size(), clients);
    // Rows 2, 20 and the last stay; select 2 and 20 (and 37 when it leaves), current on 20.
    for (int row : {2, 20, 37})
        selection.select(model.index(row, 0),
                         QItemSelectionModel::Select | QItemSelectionModel::Rows);
    selection.setCurrentIndex(model.index(20, 0), QItemSelectionModel::NoUpdate);

    QSignalSpy layouts(&model, &QAbstractItemModel::layoutChanged);
    for (int row : leaving)
        clientOfRow.value(row)->disconnectFromHost();
    QTRY_COMPARE(model.rowCount(), clients - int(leaving.size()));

    QList<PeerId> expected;
    for (int row = 0; row < clients; ++row) {
        if (!leaving.contains(row))
            expected << before.at(row);
    }
    QList<PeerId> after;
    for (int row = 0; row < model.rowCount(); ++row)
        after << model.peerAt(row);
    QCOMPARE(after, expected);

    QList<PeerId> selected;
    for (const QModelIndex &index : selection.selectedRows())
        selected << model.peerAt(index.row());
    std::sort(selected.begin(), selected.end());
    QList<PeerId> stillSelected;
    for (int row : {2, 20, 37}) {
        if (!leaving.contains(row))
            stillSelected << before.at(row);
    }
    std::sort(stillSelected.begin(), stillSelected.end());
    QCOMPARE(selected, stillSelected);
    QCOMPARE(model.peerAt(selection.currentIndex().row()), before.at(20));
    QCOMPARE(layouts.count() > 0, oneLayoutChange);
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
