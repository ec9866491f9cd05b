#include "automation/filesender.h"
#include "session/session.h"
#include "session/sessionmanager.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace sockeye;

// FileSender keeps the socket's queue bounded and goes as fast as the peer reads.
class tst_FileSender : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void largeFileArrivesWithBoundedQueue_data();
    void largeFileArrivesWithBoundedQueue();

private:
    QTemporaryDir m_dir;
    QString m_file;
    QByteArray m_hash;
};

namespace {
// Accepts one connection and writes what it reads to a file, pausing after each read.
const char *const Sink = R"(
import socket, sys, time
s = socket.socket()
s.bind(('127.0.0.1', 0))
s.listen(1)
print(s.getsockname()[1], flush=True)
c, _ = s.accept()
c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
delay = float(sys.argv[2])
with open(sys.argv[1], 'wb') as f:
    while True:
        d = c.recv(65536)
        if not d:
            break
        f.write(d)
        if delay:
            time.sleep(delay)
)";
constexpr qint64 FileSize = qint64(20) * 1024 * 1024;
} // namespace

void tst_FileSender::initTestCase()
{
    if (QStandardPaths::findExecutable(QStringLiteral("python3")).isEmpty())
        QSKIP("python3 is needed for the sink");
    m_file = m_dir.filePath(QStringLiteral("twenty.bin"));
    QFile file(m_file);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QByteArray block(1024 * 1024, Qt::Uninitialized);
    quint32 x = 2463534242u;
    for (int b = 0; b < FileSize / block.size(); ++b) {
        for (char &c : block) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            c = char(x);
        }
        file.write(block);
    }
    file.close();
    QFile again(m_file);
    QVERIFY(again.open(QIODevice::ReadOnly));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QVERIFY(hash.addData(&again));
    m_hash = hash.result();
}

void tst_FileSender::largeFileArrivesWithBoundedQueue_data()
{
    QTest::addColumn<double>("readDelay");
    QTest::addColumn<qint64>("maxPending");
    QTest::newRow("fast reader, 1 MiB queue") << 0.0 << qint64(1024 * 1024);
    QTest::newRow("slow reader, 1 MiB queue") << 0.002 << qint64(1024 * 1024);
    QTest::newRow("slow reader, 64 KiB queue") << 0.002 << qint64(64 * 1024);
}

void tst_FileSender::largeFileArrivesWithBoundedQueue()
{
    QFETCH(double, readDelay);
    QFETCH(qint64, maxPending);

    const QString out =
        m_dir.filePath(QStringLiteral("received-%1.bin")
                           .arg(QString::fromUtf8(QTest::currentDataTag()).replace(u' ', u'_')));
    QProcess sink;
    sink.start(QStringLiteral("python3"),
               {QStringLiteral("-c"), QString::fromLatin1(Sink), out, QString::number(readDelay)});
    QVERIFY(sink.waitForStarted());
    QVERIFY(sink.waitForReadyRead(10000));
    const auto port = quint16(sink.readLine().trimmed().toUInt());
    QVERIFY(port > 0);

    SessionManager manager;
    SessionConfig config;
    config.kind = SessionKind::TcpClient;
    config.remoteHost = QStringLiteral("127.0.0.1");
    config.remotePort = port;
    Session *session = manager.createSession(config);
    QVERIFY(session->start());
    QTRY_COMPARE(session->state(), Session::State::Connected);

    FileSender sender(session);
    sender.setMaxPendingBytes(maxPending);
    QSignalSpy finished(&sender, &FileSender::finished);
    // Sample the queue while sending, as a user watching memory would.
    qint64 peak = 0;
    QTimer sampler;
    sampler.setInterval(1);
    connect(&sampler, &QTimer::timeout, this, [&] { peak = qMax(peak, session->bytesToWrite()); });
    sampler.start();
    QString error;
    QVERIFY2(sender.start(m_file, {}, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
    sampler.stop();
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QCOMPARE(sender.bytesSent(), FileSize);

    // Never more queued than the bound plus the chunk that crossed it.
    const qint64 bound = maxPending + FileSender::DefaultChunkSize;
    QVERIFY2(sender.peakPendingBytes() <= bound,
             qPrintable(QStringLiteral("peak %1 > %2").arg(sender.peakPendingBytes()).arg(bound)));
    QVERIFY2(peak <= bound, qPrintable(QStringLiteral("sampled %1 > %2").arg(peak).arg(bound)));
    if (readDelay > 0)
        QVERIFY(sender.peakPendingBytes() > 0); // the slow peer did make us wait

    QTRY_COMPARE_WITH_TIMEOUT(session->bytesToWrite(), qint64(0), 60000);
    session->stop();
    QVERIFY(sink.waitForFinished(60000));
    QFile received(out);
    QVERIFY(received.open(QIODevice::ReadOnly));
    QCOMPARE(received.size(), FileSize);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QVERIFY(hash.addData(&received));
    QCOMPARE(hash.result().toHex(), m_hash.toHex());
}

QTEST_GUILESS_MAIN(tst_FileSender)
#include "tst_filesender.moc"
