#include "automation/filesender.h"
#include "privatesettings.h"
#include "session/sendcomposer.h"
#include "session/sessionmanager.h"
#include "session/tcpclientsession.h"
#include "session/tcpserversession.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>
#include <QToolButton>

using namespace sockeye;

/// The composer sends through a real TCP client to a real server on loopback; the test checks
/// the bytes the server received.
class tst_SendComposer : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void sendsWhatIsTyped_data();
    void sendsWhatIsTyped();
    void invalidHexIsMarkedAndSendDisabled();
    void ctrlEnterWithEmptyEditor_data();
    void ctrlEnterWithEmptyEditor();
    void toggleConvertsContent();
    void historyWalksWithUpDown();
    void historyListLoadsAnEntry();
    void tabFollowsTheRows();
    void periodicSendStopsAfterCount();
    void periodicSendHoldsStillAndSaysWhatItMissed();
    void fileIsStreamedInChunks();

private:
    QTemporaryDir m_settingsDir;
    SessionManager *m_manager = nullptr;
    TcpServerSession *m_server = nullptr;
    TcpClientSession *m_client = nullptr;
    SendComposer *m_composer = nullptr;
    QByteArray m_received;
};

void tst_SendComposer::initTestCase()
{
    sockeye::test::usePrivateSettings(m_settingsDir.path());
}

void tst_SendComposer::init()
{
    QSettings().clear();
    m_manager = new SessionManager;
    SessionConfig serverConfig;
    serverConfig.bindAddress = QStringLiteral("127.0.0.1");
    m_server = qobject_cast<TcpServerSession *>(m_manager->createSession(serverConfig));
    QVERIFY(m_server->start());
    SessionConfig clientConfig;
    clientConfig.kind = SessionKind::TcpClient;
    clientConfig.remoteHost = QStringLiteral("127.0.0.1");
    clientConfig.remotePort = m_server->serverPort();
    m_client = qobject_cast<TcpClientSession *>(m_manager->createSession(clientConfig));
    QVERIFY(m_client->start());
    QTRY_COMPARE(m_client->state(), Session::State::Connected);
    m_received.clear();
    connect(m_server, &Session::dataReceived, this,
            [this](PeerId, const QByteArray &bytes) { m_received += bytes; });
    m_composer = new SendComposer(m_client);
    m_composer->resize(900, 200);
    m_composer->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_composer));
}

void tst_SendComposer::cleanup()
{
    delete m_composer;
    delete m_manager;
}

void tst_SendComposer::sendsWhatIsTyped_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<int>("lineEnding");
    QTest::addColumn<QString>("checksum");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("text with CR LF")
        << 0 << QStringLiteral("hello") << 3 << QString() << QByteArray("hello\r\n");
    QTest::newRow("text escapes") << 0 << QStringLiteral("a\\tb\\x00c") << 0 << QString()
                                  << QByteArray("a\tb\0c", 5);
    QTest::newRow("text with LF") << 0 << QStringLiteral("ping") << 2 << QString()
                                  << QByteArray("ping\n");
    QTest::newRow("hex bytes") << 1 << QStringLiteral("48 65 6c") << 0 << QString()
                               << QByteArray("Hel");
    QTest::newRow("hex with CR") << 1 << QStringLiteral("0x01,0x02") << 1 << QString()
                                 << QByteArray("\x01\x02\r");
    QTest::newRow("modbus frame with CRC-16/MODBUS")
        << 1 << QStringLiteral("01 03 00 00 00 01") << 0 << QStringLiteral("crc16-modbus")
        << QByteArray::fromHex("010300000001840A");
}

void tst_SendComposer::sendsWhatIsTyped()
{
    QFETCH(int, mode);
    QFETCH(QString, typed);
    QFETCH(int, lineEnding);
    QFETCH(QString, checksum);
    QFETCH(QByteArray, expected);

    m_composer->modeBox()->setCurrentIndex(mode);
    QTest::keyClicks(m_composer->editor(), typed);
    m_composer->lineEndingBox()->setCurrentIndex(lineEnding);
    if (!checksum.isEmpty()) {
        const int index = m_composer->checksumBox()->findData(
            int(Checksum::algorithmFromName(checksum).value_or(Checksum::Algorithm::None)));
        QVERIFY(index > 0);
        m_composer->checksumBox()->setCurrentIndex(index);
    }
    QVERIFY2(m_composer->isValid(), qPrintable(m_composer->message()));
    QVERIFY(m_composer->sendButton()->isEnabled());
    QTest::mouseClick(m_composer->sendButton(), Qt::LeftButton);
    QTRY_COMPARE(m_received, expected);
}

void tst_SendComposer::invalidHexIsMarkedAndSendDisabled()
{
    m_composer->modeBox()->setCurrentIndex(1);
    QTest::keyClicks(m_composer->editor(), QStringLiteral("48 6G"));
    QVERIFY(!m_composer->isValid());
    QVERIFY(!m_composer->sendButton()->isEnabled());
    // One place, one number: the fifth character (it said "column 5 ... position 4").
    QCOMPARE(m_composer->message(),
             QStringLiteral("At line 1, column 5: Invalid hex digit 'G' at position 5. Use 0-9 "
                            "and A-F; separate bytes with spaces."));
    QCOMPARE(m_composer->editor()->extraSelections().size(), 1);
    QCOMPARE(m_composer->editor()->extraSelections().first().cursor.selectionStart(), 4);
    QVERIFY(!m_composer->send());

    QTest::keyClick(m_composer->editor(), Qt::Key_Backspace);
    QTest::keyClicks(m_composer->editor(), QStringLiteral("F"));
    QVERIFY(m_composer->isValid());
    QVERIFY(m_composer->sendButton()->isEnabled());
    QVERIFY(m_composer->message().isEmpty());
    QVERIFY(m_composer->editor()->extraSelections().isEmpty());
}

void tst_SendComposer::ctrlEnterWithEmptyEditor_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("lineEnding");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("text, no line ending: nothing is sent") << 0 << 0 << QByteArray();
    QTest::newRow("hex, no line ending: nothing is sent") << 1 << 0 << QByteArray();
    QTest::newRow("text with CR LF: the line ending is the payload")
        << 0 << 3 << QByteArray("\r\n");
}

void tst_SendComposer::ctrlEnterWithEmptyEditor()
{
    QFETCH(int, mode);
    QFETCH(int, lineEnding);
    QFETCH(QByteArray, expected);
    m_composer->modeBox()->setCurrentIndex(mode);
    m_composer->lineEndingBox()->setCurrentIndex(lineEnding);
    QCOMPARE(m_composer->sendButton()->isEnabled(), !expected.isEmpty());
    QTest::keyClick(m_composer->editor(), Qt::Key_Return, Qt::ControlModifier);
    if (expected.isEmpty()) {
        QCOMPARE(m_client->counters().bytesOut, qint64(0));
        QCOMPARE(m_client->counters().framesOut, quint64(0));
        // The sentinel, sent after: the server gets it alone.
        QVERIFY(m_client->send("|").ok());
        QTRY_COMPARE(m_received, QByteArray("|"));
    } else {
        QTRY_COMPARE(m_received, expected);
    }
}

void tst_SendComposer::toggleConvertsContent()
{
    QTest::keyClicks(m_composer->editor(), QStringLiteral("Hi\\r\\n"));
    m_composer->modeBox()->setCurrentIndex(1);
    QCOMPARE(m_composer->editor()->toPlainText(), QStringLiteral("48 69 0D 0A"));
    m_composer->modeBox()->setCurrentIndex(0);
    QCOMPARE(m_composer->editor()->toPlainText(), QStringLiteral("Hi\\r\\n"));

    // A field that means different bytes in each mode cannot be converted: say so, keep it.
    m_composer->editor()->setPlainText(QStringLiteral("n={seq}"));
    m_composer->modeBox()->setCurrentIndex(1);
    QCOMPARE(m_composer->modeBox()->currentIndex(), 0);
    QCOMPARE(m_composer->editor()->toPlainText(), QStringLiteral("n={seq}"));
    QVERIFY(!m_composer->message().isEmpty());
}

void tst_SendComposer::historyWalksWithUpDown()
{
    QTest::keyClicks(m_composer->editor(), QStringLiteral("one"));
    QVERIFY(m_composer->send());
    m_composer->editor()->clear();
    QTest::keyClicks(m_composer->editor(), QStringLiteral("two"));
    QVERIFY(m_composer->send());
    m_composer->editor()->clear();
    QTest::keyClicks(m_composer->editor(), QStringLiteral("draft"));

    QTest::keyClick(m_composer->editor(), Qt::Key_Up);
    QCOMPARE(m_composer->editor()->toPlainText(), QStringLiteral("two"));
    QTest::keyClick(m_composer->editor(), Qt::Key_Up);
    QCOMPARE(m_composer->editor()->toPlainText(), QStringLiteral("one"));
    QTest::keyClick(m_composer->editor(), Qt::Key_Down);
    QCOMPARE(m_composer->editor()->toPlainText(), QStringLiteral("two"));
    QTest::keyClick(m_composer->editor(), Qt::Key_Down);
    QCOMPARE(m_composer->editor()->toPlainText(), QStringLiteral("draft"));
    QTRY_COMPARE(m_received, QByteArray("onetwo"));
}

void tst_SendComposer::historyListLoadsAnEntry()
{
    QMenu *menu = m_composer->historyButton()->menu();
    QVERIFY(menu);
    emit menu->aboutToShow();
    QCOMPARE(menu->actions().size(), 1);
    QVERIFY(!menu->actions().at(0)->isEnabled()); // "Nothing sent yet"
    for (const QString &payload : {QStringLiteral("AT&T"), QStringLiteral("second")}) {
        m_composer->editor()->setPlainText(payload);
        QVERIFY(m_composer->send());
    }
    emit menu->aboutToShow();
    QCOMPARE(menu->actions().size(), 2);
    QCOMPARE(menu->actions().at(0)->text(), QStringLiteral("second")); // newest first
    QCOMPARE(menu->actions().at(1)->text(), QStringLiteral("AT&&T"));  // shown as "AT&T"
    m_composer->editor()->setPlainText(QStringLiteral("draft"));
    menu->actions().at(1)->trigger();
    QCOMPARE(m_composer->editor()->toPlainText(), QStringLiteral("AT&T"));
    QTRY_COMPARE(m_received, QByteArray("AT&Tsecond"));
}

void tst_SendComposer::tabFollowsTheRows()
{
    // From the editor, Tab reaches Send, then Repeat and its boxes; Shift+Tab from the editor
    // goes back to the options row above it, not to the actions below.
    m_composer->editor()->setFocus();
    QTRY_VERIFY(m_composer->editor()->hasFocus());
    QTest::keyClicks(m_composer->editor(), QStringLiteral("x"));
    QTest::keyClick(m_composer->editor(), Qt::Key_Tab);
    QTRY_VERIFY(m_composer->sendButton()->hasFocus());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QTRY_VERIFY(m_composer->repeatButton()->hasFocus());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QTRY_VERIFY(m_composer->intervalBox()->hasFocus());
    m_composer->editor()->setFocus();
    QTest::keyClick(m_composer->editor(), Qt::Key_Backtab);
    QTRY_COMPARE(QApplication::focusWidget(),
                 static_cast<QWidget *>(m_composer->clearAfterSendBox()));
}

void tst_SendComposer::periodicSendStopsAfterCount()
{
    QTest::keyClicks(m_composer->editor(), QStringLiteral("tick{seq:u8}"));
    m_composer->intervalBox()->setValue(20);
    m_composer->countBox()->setValue(3);
    QTest::mouseClick(m_composer->repeatButton(), Qt::LeftButton);
    QVERIFY(m_composer->isPeriodicRunning());
    QVERIFY(m_composer->repeatButton()->text().startsWith(QStringLiteral("Stop")));
    QTRY_VERIFY(!m_composer->isPeriodicRunning());
    QCOMPARE(m_composer->periodicSentCount(), 3);
    QTRY_COMPARE(m_received, QByteArray("tick0tick1tick2"));
    QCOMPARE(m_composer->repeatButton()->text(), QStringLiteral("Repeat"));

    // Forever runs until stopped by the same button.
    m_composer->countBox()->setValue(0);
    QTest::mouseClick(m_composer->repeatButton(), Qt::LeftButton);
    QTRY_VERIFY(m_composer->periodicSentCount() >= 2);
    QTest::mouseClick(m_composer->repeatButton(), Qt::LeftButton);
    QVERIFY(!m_composer->isPeriodicRunning());
}

void tst_SendComposer::periodicSendHoldsStillAndSaysWhatItMissed()
{
    QTest::keyClicks(m_composer->editor(), QStringLiteral("t"));
    m_composer->intervalBox()->setValue(5);
    const QRect repeatBefore = m_composer->repeatButton()->geometry();
    const QRect intervalBefore = m_composer->intervalBox()->geometry();
    // Once, the whole loop is blocked for 300 ms (as by a long paint): 60 ticks come due.
    bool stalled = false;
    connect(m_server, &Session::dataReceived, this, [&stalled] {
        if (stalled)
            return;
        stalled = true;
        QElapsedTimer stall;
        stall.start();
        while (stall.elapsed() < 300) {
        }
    });
    QTest::mouseClick(m_composer->repeatButton(), Qt::LeftButton);
    QTRY_VERIFY(m_composer->periodicSentCount() >= 40);
    QTRY_VERIFY(m_composer->repeatButton()->text().contains(QStringLiteral("sent")));
    // The count in the button does not move it or its neighbours.
    QCOMPARE(m_composer->repeatButton()->geometry(), repeatBefore);
    QCOMPARE(m_composer->intervalBox()->geometry(), intervalBefore);
    QTest::mouseClick(m_composer->repeatButton(), Qt::LeftButton);
    QVERIFY(!m_composer->isPeriodicRunning());
    QTRY_VERIFY2(m_composer->message().contains(QStringLiteral(
                     "of the 5 ms interval passed unsent: the machine was too busy")),
                 qPrintable(m_composer->message()));
    QCOMPARE(m_composer->repeatButton()->geometry(), repeatBefore);
}

void tst_SendComposer::fileIsStreamedInChunks()
{
    QTemporaryFile file;
    QVERIFY(file.open());
    QByteArray content;
    for (int i = 0; i < 300 * 1024; ++i)
        content += char(i * 7 + i / 251);
    file.write(content);
    file.flush();

    QSignalSpy progress(m_composer->fileSender(), &FileSender::progress);
    QSignalSpy finished(m_composer->fileSender(), &FileSender::finished);
    QVERIFY(m_composer->sendFile(file.fileName()));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QCOMPARE(finished.first().at(0).toBool(), true);
    QVERIFY(progress.count() >= 300 * 1024 / FileSender::DefaultChunkSize);
    QTRY_COMPARE_WITH_TIMEOUT(m_received.size(), content.size(), 20000);
    QCOMPARE(m_received, content);

    // Cancel stops it part-way.
    QSignalSpy finished2(m_composer->fileSender(), &FileSender::finished);
    m_composer->fileSender()->setIntervalMs(50);
    QVERIFY(m_composer->sendFile(file.fileName()));
    m_composer->fileSender()->cancel();
    QCOMPARE(finished2.count(), 1);
    QCOMPARE(finished2.first().at(0).toBool(), false);
    QVERIFY(!m_composer->fileSender()->isRunning());
}

QTEST_MAIN(tst_SendComposer)
#include "tst_sendcomposer.moc"
