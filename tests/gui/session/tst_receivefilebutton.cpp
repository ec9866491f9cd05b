// The traffic bar's "To file" button as a user clicks it: the dialog refuses a folder that
// does not exist, starts writing what a real client sends, shows a full disk as stopped and
// goes on in the file chosen next; a click while writing stops.
#include "externalpeer.h"
#include "session/receivefilebutton.h"
#include "session/receivefiledialog.h"
#include "session/tcpserversession.h"
#include "traffic/receivefile.h"
#include "traffic/trafficlog.h"

#include <QApplication>
#include <QFile>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

using namespace sockeye;
using sockeye::test::ExternalPeer;

class tst_ReceiveFileButton : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void startWriteStop();
    void fullDiskShowsStoppedAndResumesElsewhere();

private:
    /// Clicks the button; `fill` gets the dialog it opens (then OK is clicked if enabled).
    void clickAndFill(const std::function<void(ReceiveFileDialog *)> &fill);
    void clientSends(const QByteArray &bytes);

    QTemporaryDir m_dir;
    std::unique_ptr<TrafficLog> m_log;
    std::unique_ptr<TcpServerSession> m_server;
    std::unique_ptr<ReceiveFile> m_file;
    std::unique_ptr<ReceiveFileButton> m_button;
};

void tst_ReceiveFileButton::init()
{
    m_log = std::make_unique<TrafficLog>();
    SessionConfig config;
    config.kind = SessionKind::TcpServer;
    config.bindAddress = QStringLiteral("127.0.0.1");
    m_server = std::make_unique<TcpServerSession>(1, config, m_log.get());
    QVERIFY(m_server->start());
    m_file = std::make_unique<ReceiveFile>(m_server.get());
    m_button = std::make_unique<ReceiveFileButton>(m_file.get());
    m_button->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_button.get()));
}

void tst_ReceiveFileButton::cleanup()
{
    m_button.reset();
    m_file.reset();
    m_server.reset();
    m_log.reset();
}

void tst_ReceiveFileButton::clickAndFill(const std::function<void(ReceiveFileDialog *)> &fill)
{
    bool seen = false;
    QTimer::singleShot(0, this, [&seen, fill] {
        auto *dialog = qobject_cast<ReceiveFileDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        seen = true;
        fill(dialog);
        if (dialog->isVisible())
            dialog->okButton()->click();
    });
    QTest::mouseClick(m_button.get(), Qt::LeftButton);
    QVERIFY(seen);
}

void tst_ReceiveFileButton::clientSends(const QByteArray &bytes)
{
    const qint64 before = m_server->counters().bytesIn;
    std::unique_ptr<ExternalPeer> client(ExternalPeer::python(
        QStringLiteral("import socket, sys\n"
                       "c = socket.create_connection(('127.0.0.1', int(sys.argv[1])))\n"
                       "c.sendall(bytes.fromhex(sys.argv[2])); c.close()\n"),
        {QString::number(m_server->serverPort()), QString::fromLatin1(bytes.toHex())}));
    QTRY_COMPARE(m_server->counters().bytesIn, before + bytes.size());
}

void tst_ReceiveFileButton::startWriteStop()
{
    const QString path = m_dir.filePath(QStringLiteral("device.bin"));
    clickAndFill([&path](ReceiveFileDialog *dialog) {
        // A folder that does not exist is said in the dialog and OK stays disabled.
        dialog->ui.path->setText(QStringLiteral("/nonexistent/device.bin"));
        QVERIFY(!dialog->okButton()->isEnabled());
        QVERIFY2(dialog->error().contains(QStringLiteral("/nonexistent does not exist")),
                 qPrintable(dialog->error()));
        dialog->ui.path->setText(path);
        QVERIFY(dialog->okButton()->isEnabled());
    });
    QCOMPARE(m_file->state(), ReceiveFile::State::Writing);
    QVERIFY(m_button->isChecked());
    clientSends("temp=21.5\r\n");
    QTRY_VERIFY(m_button->toolTip().contains(QStringLiteral("11 B")));
    QVERIFY(m_button->toolTip().contains(path));
    const int width = m_button->width();
    QTest::mouseClick(m_button.get(), Qt::LeftButton); // stops
    QCOMPARE(m_file->state(), ReceiveFile::State::Off);
    QVERIFY(!m_button->isChecked());
    QCOMPARE(m_button->width(), width); // the label's change moves nothing
    clientSends("after\r\n");           // not written: stopped
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("temp=21.5\r\n"));
}

void tst_ReceiveFileButton::fullDiskShowsStoppedAndResumesElsewhere()
{
    clickAndFill([](ReceiveFileDialog *dialog) {
        dialog->ui.path->setText(QStringLiteral("/dev/full")); // every write: ENOSPC
    });
    const int width = m_button->width();
    clientSends("lost to the file, not to the log");
    QCOMPARE(m_file->state(), ReceiveFile::State::Failed);
    QCOMPARE(m_button->text(), QStringLiteral("To file (stopped)"));
    QVERIFY2(m_button->toolTip().contains(QStringLiteral("No space left on device")),
             qPrintable(m_button->toolTip()));
    QCOMPARE(m_button->width(), width);
    // A click asks again, prefilled; another file goes on from there.
    const QString path = m_dir.filePath(QStringLiteral("elsewhere.bin"));
    clickAndFill([&path](ReceiveFileDialog *dialog) {
        QCOMPARE(dialog->ui.path->text(), QStringLiteral("/dev/full"));
        dialog->ui.path->setText(path);
    });
    QCOMPARE(m_file->state(), ReceiveFile::State::Writing);
    QCOMPARE(m_button->text(), QStringLiteral("To file"));
    clientSends("next");
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("next"));
}

QTEST_MAIN(tst_ReceiveFileButton)
#include "tst_receivefilebutton.moc"
