#include "externalpeer.h"
#include "models/connectionlistmodel.h"
#include "models/trafficmodel.h"
#include "privatesettings.h"
#include "session/connectiondetails.h"
#include "session/sessionmanager.h"
#include "session/sessionpanel.h"
#include "session/tcpserversession.h"
#include "traffic/trafficpane.h"
#include "traffic/trafficview.h"

#include <QItemSelectionModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace sockeye;
using sockeye::test::ExternalPeer;

/// The connection details as a user sees them: a server's selected client or its listener,
/// a client's one connection behind its Details button, and the figures a closed one ended
/// with.
class tst_ConnectionDetails : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void serverShowsTheSelectedClient();
    void clientShowsItsConnection();

private:
    QTemporaryDir m_settingsDir;
};

namespace {

/// Connects to 127.0.0.1:argv[1], sends "hello", prints its local port, closes when stdin does.
const QString PyClient = QStringLiteral(R"(
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.sendall(b'hello'); print('LOCAL', s.getsockname()[1], flush=True)
sys.stdin.read()
)");

/// The value of the row `name` in the details' text, or "" when that row is not shown.
QString row(const ConnectionDetails *details, const QString &name)
{
    for (const QString &line : details->text().split(QLatin1Char('\n'))) {
        if (line.startsWith(name + QLatin1String(": ")))
            return line.mid(name.size() + 2);
    }
    return {};
}

} // namespace

void tst_ConnectionDetails::initTestCase()
{
    sockeye::test::usePrivateSettings(m_settingsDir.path());
}

void tst_ConnectionDetails::serverShowsTheSelectedClient()
{
    SessionConfig config;
    config.kind = SessionKind::TcpServer;
    config.bindAddress = QStringLiteral("127.0.0.1");
    SessionManager manager;
    Session *server = manager.createSession(config);
    SessionPanel panel(server);
    panel.resize(1100, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    ConnectionDetails *details = panel.connectionDetails();
    QVERIFY(details && details->isVisible());
    QCOMPARE(details->text(), QStringLiteral("Not listening"));

    panel.toggleStart();
    QTRY_VERIFY(details->text().startsWith(QLatin1String("Select one connection")));
    QCOMPARE(row(details, QStringLiteral("Listening on")),
             QStringLiteral("127.0.0.1:%1").arg(server->boundPort()));
    QCOMPARE(row(details, QStringLiteral("Accept queue")), QStringLiteral("0 waiting of 4096"));
    QVERIFY(row(details, QStringLiteral("Round trip")).isEmpty()); // no connection's rows

    std::unique_ptr<ExternalPeer> client(
        ExternalPeer::python(PyClient, {QString::number(server->boundPort())}));
    QVERIFY(client->waitForOutput("LOCAL"));
    const QString clientPort = QString::fromLatin1(client->output().split(' ').value(1)).trimmed();
    QTRY_COMPARE(panel.connectionModel()->rowCount(), 1);
    panel.connectionView()->selectRow(0);
    QTRY_COMPARE(row(details, QStringLiteral("Peer")), QStringLiteral("127.0.0.1:") + clientPort);
    QCOMPARE(row(details, QStringLiteral("Local end")),
             QStringLiteral("127.0.0.1:%1").arg(server->boundPort()));
    QTRY_COMPARE(row(details, QStringLiteral("Received")), QStringLiteral("5 B in 1 frame"));
    QVERIFY2(row(details, QStringLiteral("Round trip")).contains(QStringLiteral("µs")),
             qPrintable(details->text()));
    QCOMPARE(row(details, QStringLiteral("Retransmitted")), QStringLiteral("0 segments"));
    QVERIFY(row(details, QStringLiteral("Window")).contains(QLatin1String("segments of")));
    QCOMPARE(row(details, QStringLiteral("Send queue")), QStringLiteral("0 B"));
    QVERIFY(row(details, QStringLiteral("Accept queue")).isEmpty()); // the listener's rows

    // The RTT column says the same as the details.
    const QModelIndex rtt = panel.connectionModel()->index(0, ConnectionListModel::RttColumn);
    QVERIFY(rtt.data().toString().endsWith(QStringLiteral("µs")));

    QVERIFY2(details->text().contains(QStringLiteral("(the kernel had completed the handshake)")),
             qPrintable(details->text()));
    QVERIFY(details->text().contains(QStringLiteral("First bytes in, ")));

    // The client leaves: the details keep what it ended with, and say it is closed, even once
    // its row has left the list.
    client->closeWriteChannel();
    QTRY_COMPARE(panel.connectionModel()->rowCount(), 0);
    QVERIFY(details->text().contains(QLatin1String("closed; the figures it ended with")));
    QVERIFY(row(details, QStringLiteral("Window")).contains(QLatin1String("segments of")));
    QVERIFY2(details->text().contains(QStringLiteral("The peer closed the connection (FIN)")),
             qPrintable(details->text()));

    // Another client comes and goes; picking the first one's record in the timeline shows the
    // first one's story again.
    std::unique_ptr<ExternalPeer> second(
        ExternalPeer::python(PyClient, {QString::number(server->boundPort())}));
    QVERIFY(second->waitForOutput("LOCAL"));
    QTRY_COMPARE(panel.connectionModel()->rowCount(), 1);
    panel.connectionView()->selectRow(0);
    QTRY_VERIFY(row(details, QStringLiteral("Peer")) != QStringLiteral("127.0.0.1:") + clientPort);
    TrafficView *view = panel.trafficPane()->view();
    int firstHello = -1;
    for (int r = 0; r < view->model()->rowCount() && firstHello < 0; ++r) {
        if (view->model()->index(r).data(TrafficModel::BytesRole).toByteArray() == "hello")
            firstHello = r;
    }
    QVERIFY(firstHello >= 0);
    view->selectRow(firstHello);
    QTRY_COMPARE(row(details, QStringLiteral("Peer")), QStringLiteral("127.0.0.1:") + clientPort);
    QVERIFY(details->text().contains(QLatin1String("closed; the figures it ended with")));
    QCOMPARE(row(details, QStringLiteral("Received")), QStringLiteral("5 B in 1 frame"));
}

void tst_ConnectionDetails::clientShowsItsConnection()
{
    std::unique_ptr<ExternalPeer> listener(
        ExternalPeer::python(sockeye::test::pythonHexSinkScript()));
    QVERIFY(listener->waitForOutput("PORT "));
    const quint16 port =
        QString::fromLatin1(listener->output().split(' ').value(1)).trimmed().toUShort();
    SessionConfig config;
    config.kind = SessionKind::TcpClient;
    config.remoteHost = QStringLiteral("127.0.0.1");
    config.remotePort = port;
    SessionManager manager;
    Session *client = manager.createSession(config);
    SessionPanel panel(client);
    panel.resize(1100, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    ConnectionDetails *details = panel.connectionDetails();
    QVERIFY(details && !details->isVisible()); // behind its button at first
    QVERIFY(panel.detailsButton()->isVisible());
    panel.detailsButton()->click();
    QVERIFY(details->isVisible());
    QCOMPARE(details->text(), QStringLiteral("Not connected"));

    panel.toggleStart();
    QTRY_COMPARE(details->text().section(QLatin1Char('\n'), 0, 0),
                 QStringLiteral("Connection to 127.0.0.1:%1").arg(port));
    QTRY_VERIFY(!row(details, QStringLiteral("Round trip")).isEmpty());
    QVERIFY2(details->text().contains(QStringLiteral("(the local port the kernel chose)")),
             qPrintable(details->text()));
    QCOMPARE(row(details, QStringLiteral("Local end")),
             QStringLiteral("127.0.0.1:%1").arg(client->peers().first().localPort));

    // Shown once, shown for the next client session too.
    Session *another = manager.createSession(config);
    SessionPanel next(another);
    QVERIFY(next.detailsButton()->isChecked());
}

QTEST_MAIN(tst_ConnectionDetails)
#include "tst_connectiondetails.moc"
