#include "session/socketoptionsdialog.h"

#include <QPushButton>
#include <QTest>

using namespace sockeye;

/// The Socket options dialog: what it shows of a config, what it gives back, what it refuses.
class tst_SocketOptionsDialog : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip_data();
    void roundTrip();
    void refuses_data();
    void refuses();
};

void tst_SocketOptionsDialog::roundTrip_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("localFields"); // shown: a client connects from somewhere
    QTest::newRow("a server's options") << int(SessionKind::TcpServer) << false;
    QTest::newRow("a client's options, local address and port")
        << int(SessionKind::TcpClient) << true;
}

void tst_SocketOptionsDialog::roundTrip()
{
    QFETCH(int, kind);
    QFETCH(bool, localFields);
    SessionConfig config;
    config.kind = SessionKind(kind);
    config.noDelay = true;
    config.keepAliveIdleS = 30;
    config.keepAliveIntervalS = 5;
    config.keepAliveCount = 4;
    config.receiveBufferBytes = 65536;
    SocketOptionsDialog dialog(config);
    dialog.show();
    QCOMPARE(dialog.ui.localPort->isVisible(), localFields);
    QCOMPARE(dialog.ui.backlog->isVisible(), !localFields); // a server's accept queue
    QCOMPARE(dialog.ui.backlog->value(), 4096);
    QVERIFY(dialog.ui.noDelay->isChecked());
    QVERIFY(dialog.ui.keepAlive->isChecked());
    QCOMPARE(dialog.ui.idle->value(), 30);
    QCOMPARE(dialog.ui.receiveBuffer->value(), 65536);
    QCOMPARE(dialog.ui.sendBuffer->text(), QStringLiteral("System default"));
    QVERIFY(dialog.config() == config); // unchanged, it gives back what it was given

    dialog.ui.keepAlive->setChecked(false);
    dialog.ui.sendBuffer->setValue(32768);
    dialog.ui.backlog->setValue(16);
    if (localFields) {
        QTest::keyClicks(dialog.ui.localAddress, QStringLiteral("127.0.0.1"));
        dialog.ui.localPort->setValue(40001);
    }
    const SessionConfig edited = dialog.config();
    QCOMPARE(edited.keepAliveIdleS, 0); // off
    QCOMPARE(edited.sendBufferBytes, 32768);
    QCOMPARE(edited.backlog, localFields ? 4096 : 16);
    QCOMPARE(edited.clientBind, localFields);
    if (localFields) {
        QCOMPARE(edited.bindAddress, QStringLiteral("127.0.0.1"));
        QCOMPARE(edited.bindPort, quint16(40001));
    }
    QVERIFY(dialog.okButton()->isEnabled());
}

void tst_SocketOptionsDialog::refuses_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("buffer");
    QTest::addColumn<QString>("says");
    QTest::newRow("a local address that is not one")
        << QStringLiteral("my-laptop") << 0 << QStringLiteral("\"my-laptop\" is not an IP address");
    QTest::newRow("a receive buffer of 100 bytes")
        << QString() << 100 << QStringLiteral("at least 1024 bytes");
}

void tst_SocketOptionsDialog::refuses()
{
    QFETCH(QString, address);
    QFETCH(int, buffer);
    QFETCH(QString, says);
    SessionConfig config;
    config.kind = SessionKind::TcpClient;
    SocketOptionsDialog dialog(config);
    QTest::keyClicks(dialog.ui.localAddress, address);
    dialog.ui.receiveBuffer->setValue(buffer);
    QVERIFY(!dialog.okButton()->isEnabled());
    QVERIFY2(dialog.error().contains(says), qPrintable(dialog.error()));
}

QTEST_MAIN(tst_SocketOptionsDialog)
#include "tst_socketoptionsdialog.moc"
