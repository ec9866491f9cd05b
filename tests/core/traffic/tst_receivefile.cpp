#include "externalpeer.h"
#include "session/tcpserversession.h"
#include "traffic/receivefile.h"
#include "traffic/trafficlog.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace sockeye;
using sockeye::test::ExternalPeer;

// A python3 client that connects to 127.0.0.1:PORT, sends each hex argument as its own write
// (20 ms apart, so each is a read of its own), prints "SENT" and waits for the server to close.
static const QString PyClient = QStringLiteral(R"(
import socket, sys, time
c = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
for chunk in sys.argv[2:]:
    c.sendall(bytes.fromhex(chunk)); time.sleep(0.02)
print('SENT', flush=True)
c.recv(1)
)");

class tst_ReceiveFile : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void writesWhatIsReceived_data();
    void writesWhatIsReceived();
    void rotatesWithoutSplittingReads();
    void cannotOpen_data();
    void cannotOpen();
    void fullDiskStopsWritingNotReceiving();
    void settingsRoundTrip_data();
    void settingsRoundTrip();

private:
    /// Sends `chunks` from a real client and waits until the server has them all; the
    /// server's reply to the client first ("x") is the sentinel that everything before it
    /// was received.
    void receive(const QList<QByteArray> &chunks);
    [[nodiscard]] QString path(const QString &name) const { return m_dir->filePath(name); }
    static QByteArray read(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(missing)");
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<TrafficLog> m_log;
    std::unique_ptr<TcpServerSession> m_server;
};

void tst_ReceiveFile::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_log = std::make_unique<TrafficLog>();
    SessionConfig config;
    config.kind = SessionKind::TcpServer;
    config.bindAddress = QStringLiteral("127.0.0.1");
    m_server = std::make_unique<TcpServerSession>(1, config, m_log.get());
    QVERIFY(m_server->start());
}

void tst_ReceiveFile::cleanup()
{
    m_server.reset();
    m_log.reset();
    m_dir.reset();
}

void tst_ReceiveFile::receive(const QList<QByteArray> &chunks)
{
    QStringList arguments{QString::number(m_server->serverPort())};
    qint64 total = 0;
    for (const QByteArray &chunk : chunks) {
        arguments << QString::fromLatin1(chunk.toHex());
        total += chunk.size();
    }
    const qint64 before = m_server->counters().bytesIn;
    std::unique_ptr<ExternalPeer> client(ExternalPeer::python(PyClient, arguments));
    QVERIFY(client->waitForOutput("SENT"));
    QTRY_COMPARE(m_server->counters().bytesIn, before + total);
    QVERIFY(m_server->send("x").ok()); // sent data never goes to the file
    QVERIFY(client->waitForFinished());
}

void tst_ReceiveFile::writesWhatIsReceived_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QList<QByteArray>>("chunks");
    QTest::addColumn<QStringList>("lines"); // log: what each line holds after its time; raw: -
    const QList<QByteArray> device{"temp=", "21", ".5\r\n", QByteArray("\x00\xff", 2)};
    QTest::newRow("raw: the bytes exactly") << QStringLiteral("raw") << device << QStringList();
    QTest::newRow("log: a timestamped line per read")
        << QStringLiteral("log") << device
        << QStringList{QStringLiteral("RX 5: temp="), QStringLiteral("RX 2: 21"),
                       QStringLiteral("RX 4: .5\\r\\n"), QStringLiteral("RX 2: \\0\uFFFD")};
}

void tst_ReceiveFile::writesWhatIsReceived()
{
    QFETCH(QString, format);
    QFETCH(QList<QByteArray>, chunks);
    QFETCH(QStringList, lines);
    // A file that exists is continued, not replaced.
    QFile existing(path(QStringLiteral("device.out")));
    QVERIFY(existing.open(QIODevice::WriteOnly));
    existing.write("kept\n");
    existing.close();

    ReceiveFile file(m_server.get());
    ReceiveFileSettings settings;
    settings.path = existing.fileName();
    settings.format = *ReceiveFileSettings::formatFromName(format);
    file.setSettings(settings);
    QVERIFY2(file.start(), qPrintable(file.errorText()));
    QCOMPARE(file.state(), ReceiveFile::State::Writing);
    receive(chunks);

    const QByteArray written = read(existing.fileName());
    QVERIFY(written.startsWith("kept\n"));
    const QByteArray added = written.mid(5);
    if (lines.isEmpty()) {
        QCOMPARE(added, chunks.join());
        QCOMPARE(file.bytesWritten(), qint64(chunks.join().size()));
        return;
    }
    // The log also tells the connection's events; its data lines are the reads, in order.
    QStringList dataLines;
    for (const QString &line : QString::fromUtf8(added).split(QLatin1Char('\n'))) {
        if (line.contains(QStringLiteral(" RX ")))
            dataLines << line;
    }
    QCOMPARE(dataLines.size(), lines.size());
    for (int i = 0; i < lines.size(); ++i) {
        QVERIFY2(dataLines.at(i).endsWith(lines.at(i)), qPrintable(dataLines.at(i)));
        QVERIFY2(dataLines.at(i).contains(QStringLiteral("127.0.0.1:")),
                 qPrintable(dataLines.at(i)));
        QVERIFY2(dataLines.at(i).at(4) == QLatin1Char('-') &&
                     dataLines.at(i).contains(QLatin1Char('T')),
                 qPrintable(dataLines.at(i))); // 2026-12-02T13:10:01.123456Z
    }
    QVERIFY2(QString::fromUtf8(added).contains(QStringLiteral("Accepted")), added.constData());
}

void tst_ReceiveFile::rotatesWithoutSplittingReads()
{
    // Ten reads of 1,000 bytes into files of at most 4,096: 4 reads a file; the oldest are
    // renamed .1, .2; together, oldest first, they are the stream.
    QList<QByteArray> chunks;
    for (int i = 0; i < 10; ++i)
        chunks << QByteArray(1000, char('a' + i));
    ReceiveFile file(m_server.get());
    ReceiveFileSettings settings;
    settings.path = path(QStringLiteral("rotating.bin"));
    settings.rotateBytes = 4096;
    file.setSettings(settings);
    QVERIFY(file.start());
    receive(chunks);
    const QByteArray newest = read(settings.path);
    const QByteArray one = read(settings.path + QStringLiteral(".1"));
    const QByteArray two = read(settings.path + QStringLiteral(".2"));
    QCOMPARE(two.size(), 4000);
    QCOMPARE(one.size(), 4000);
    QCOMPARE(newest.size(), 2000);
    QCOMPARE(two + one + newest, chunks.join());
    QVERIFY(!QFile::exists(settings.path + QStringLiteral(".3")));
}

void tst_ReceiveFile::cannotOpen_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("reason");
    QTest::newRow("a folder that does not exist")
        << QStringLiteral("no-such-folder/device.bin") << QStringLiteral("does not exist");
    QTest::newRow("a folder, not a file") << QStringLiteral(".") << QStringLiteral("is a folder");
}

void tst_ReceiveFile::cannotOpen()
{
    QFETCH(QString, name);
    QFETCH(QString, reason);
    ReceiveFile file(m_server.get());
    ReceiveFileSettings settings;
    settings.path = path(name);
    file.setSettings(settings);
    QSignalSpy failed(&file, &ReceiveFile::failed);
    QVERIFY(!file.start());
    QCOMPARE(file.state(), ReceiveFile::State::Failed);
    QCOMPARE(failed.count(), 1);
    QVERIFY2(file.errorText().contains(QDir::toNativeSeparators(settings.path)),
             qPrintable(file.errorText()));
    QVERIFY2(file.errorText().contains(reason), qPrintable(file.errorText()));
    // The session receives as ever.
    receive({"still here"});
    QCOMPARE(m_server->counters().bytesIn, qint64(10));
}

void tst_ReceiveFile::fullDiskStopsWritingNotReceiving()
{
    // /dev/full fails every write with ENOSPC, as a full disk does.
    ReceiveFile file(m_server.get());
    ReceiveFileSettings settings;
    settings.path = QStringLiteral("/dev/full");
    file.setSettings(settings);
    QVERIFY(file.start());
    QSignalSpy failed(&file, &ReceiveFile::failed);
    receive({"first", "second"});
    QCOMPARE(failed.count(), 1); // said once, not per read
    QCOMPARE(file.state(), ReceiveFile::State::Failed);
    QVERIFY2(file.errorText().contains(QStringLiteral("/dev/full")), qPrintable(file.errorText()));
    QVERIFY2(file.errorText().contains(QStringLiteral("No space left on device")),
             qPrintable(file.errorText()));
    // Nothing received was lost from the log.
    QByteArray logged;
    for (qsizetype i = 0; i < m_log->size(); ++i) {
        if (m_log->at(i).isData() && m_log->at(i).direction == Direction::Rx)
            logged += m_log->at(i).bytes;
    }
    QCOMPARE(logged, QByteArray("firstsecond"));
    // Nothing is written until the user says so: another file, then resume.
    settings.path = path(QStringLiteral("elsewhere.bin"));
    file.setSettings(settings);
    QCOMPARE(file.state(), ReceiveFile::State::Failed);
    QVERIFY(!QFile::exists(settings.path));
    QVERIFY(file.resume());
    receive({"third"});
    QCOMPARE(read(settings.path), QByteArray("third"));
}

void tst_ReceiveFile::settingsRoundTrip_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("error"); // "" when it reads
    QTest::newRow("raw, on") << QStringLiteral(R"({"path": "/tmp/a.bin", "on": true})")
                             << QString();
    QTest::newRow("log, rotated")
        << QStringLiteral(R"({"path": "/tmp/a.log", "format": "log", "rotateBytes": 1048576})")
        << QString();
    QTest::newRow("no path") << QStringLiteral(R"({"format": "raw"})") << QStringLiteral("path:");
    QTest::newRow("unknown format")
        << QStringLiteral(R"({"path": "a", "format": "csv"})") << QStringLiteral("format:");
    QTest::newRow("rotation too small")
        << QStringLiteral(R"({"path": "a", "rotateBytes": 10})") << QStringLiteral("rotateBytes:");
    // Found by fuzz_workspace: the number was converted to an integer before its range was
    // checked, which is undefined behaviour for a number this large.
    QTest::newRow("rotation far beyond any integer")
        << QStringLiteral(R"({"path": "a", "rotateBytes": 1e53})")
        << QStringLiteral("rotateBytes:");
    QTest::newRow("rotation a fraction")
        << QStringLiteral(R"({"path": "a", "rotateBytes": 1048576.5})")
        << QStringLiteral("rotateBytes:");
    QTest::newRow("on not a bool")
        << QStringLiteral(R"({"path": "a", "on": "yes"})") << QStringLiteral("on:");
}

void tst_ReceiveFile::settingsRoundTrip()
{
    QFETCH(QString, json);
    QFETCH(QString, error);
    const QJsonObject object = QJsonDocument::fromJson(json.toUtf8()).object();
    QString why;
    const auto settings = ReceiveFileSettings::fromJson(object, &why);
    if (!error.isEmpty()) {
        QVERIFY(!settings);
        QVERIFY2(why.startsWith(error), qPrintable(why));
        return;
    }
    QVERIFY2(settings, qPrintable(why));
    const auto again = ReceiveFileSettings::fromJson(settings->toJson());
    QVERIFY(again);
    QCOMPARE(again->toJson(), settings->toJson());
    for (const QString &key : object.keys())
        QCOMPARE(settings->toJson().value(key), object.value(key));
}

QTEST_GUILESS_MAIN(tst_ReceiveFile)
#include "tst_receivefile.moc"
