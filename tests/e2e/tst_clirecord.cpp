// End-to-end: sockeye-cli listen --record, export in every format and replay, checked with
// tshark and python3 peers on loopback; a recording killed with SIGKILL stays readable;
// --save-received writes what comes in, rotated, and refuses a file it cannot write.
#include "externalpeer.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <sys/types.h>

using sockeye::test::ExternalPeer;

namespace {

QByteArray runCli(const QStringList &arguments, int *code, QByteArray *err = nullptr)
{
    QProcess p;
    p.start(QStringLiteral(SOCKEYE_CLI), arguments);
    p.waitForFinished(30000);
    *code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    if (err)
        *err = p.readAllStandardError();
    return p.readAllStandardOutput();
}

/// A listening sockeye-cli; returns its port.
quint16 listen(QProcess &p, const QStringList &arguments)
{
    p.start(QStringLiteral(SOCKEYE_CLI), arguments);
    static const QRegularExpression re(QStringLiteral("port (\\d+)"));
    QByteArray err;
    QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        p.waitForReadyRead(50);
        err += p.readAllStandardError();
        const auto m = re.match(QString::fromUtf8(err));
        if (m.hasMatch())
            return quint16(m.captured(1).toUInt());
    }
    return 0;
}

// Sends argv[2] bytes of a pattern, reads the echo, closes; prints OK.
const QString PyClient = QStringLiteral(R"(
import socket, sys
size = int(sys.argv[2])
data = bytes((i * 7 + 3) % 251 for i in range(size))
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.sendall(data)
got = b''
while len(got) < size:
    d = s.recv(65536)
    if not d: break
    got += d
s.close()
print('OK' if got == data else 'MISMATCH', flush=True)
)");

const QString PySink = sockeye::test::pythonHexSinkScript();

QByteArray pattern(int size)
{
    QByteArray out;
    for (int i = 0; i < size; ++i)
        out.append(char((i * 7 + 3) % 251));
    return out;
}

QByteArray followFromClient(const QString &file)
{
    QProcess p;
    p.start(QStringLiteral("tshark"), {QStringLiteral("-r"), file, QStringLiteral("-qz"),
                                       QStringLiteral("follow,tcp,raw,0")});
    p.waitForFinished(60000);
    QByteArray out;
    for (const QByteArray &line : p.readAllStandardOutput().split('\n')) {
        if (!line.isEmpty() && !line.startsWith('\t') && !line.startsWith('=') &&
            !line.contains(':'))
            out += QByteArray::fromHex(line.trimmed());
    }
    return out;
}

} // namespace

class tst_CliRecord : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void exportFormats_data();
    void exportFormats();
    void replay();
    void killedRecordingIsReadable();
    void saveReceivedRotates();
    void saveReceivedRefusesWhatItCannotWrite_data();
    void saveReceivedRefusesWhatItCannotWrite();

private:
    QTemporaryDir m_dir;
    QString m_capture;
    static constexpr int Size = 100000;
};

void tst_CliRecord::initTestCase()
{
    QVERIFY2(ExternalPeer::available(QStringLiteral("tshark")),
             "tshark is needed: run scripts/setup.sh --test (apt-get install tshark)");
    QVERIFY(ExternalPeer::available(QStringLiteral("python3")));
    QVERIFY(m_dir.isValid());
    // One recorded echo session, used by the tests below.
    m_capture = m_dir.filePath(QStringLiteral("echo.pcapng"));
    QProcess server;
    const quint16 port = listen(
        server, {QStringLiteral("listen"), QStringLiteral("0"), QStringLiteral("--bind"),
                 QStringLiteral("127.0.0.1"), QStringLiteral("--echo"), QStringLiteral("--record"),
                 m_capture, QStringLiteral("--format"), QStringLiteral("raw")});
    QVERIFY(port != 0);
    std::unique_ptr<ExternalPeer> client(
        ExternalPeer::python(PyClient, {QString::number(port), QString::number(Size)}));
    QVERIFY(client->waitForOutput("OK", 20000));
    // The close has reached the server once it says so.
    QByteArray serverErr;
    QTRY_VERIFY_WITH_TIMEOUT(
        (serverErr += server.readAllStandardError(), serverErr.contains("closed the connection")),
        10000);
    ::kill(pid_t(server.processId()), SIGTERM);
    QVERIFY(server.waitForFinished(10000));
    QCOMPARE(server.exitCode(), 0);
    QCOMPARE(server.readAllStandardOutput(), pattern(Size)); // stdout: what it received
    QCOMPARE(followFromClient(m_capture), pattern(Size));
}

void tst_CliRecord::exportFormats_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QStringList>("extra");
    QTest::newRow("text") << "text" << QStringList{};
    QTest::newRow("hex") << "hex" << QStringList{};
    QTest::newRow("dump") << "dump" << QStringList{};
    QTest::newRow("csv") << "csv" << QStringList{};
    QTest::newRow("raw, received only")
        << "raw" << QStringList{QStringLiteral("--direction"), QStringLiteral("rx")};
    QTest::newRow("pcapng") << "pcapng" << QStringList{};
}

void tst_CliRecord::exportFormats()
{
    QFETCH(QString, format);
    QFETCH(QStringList, extra);
    const QString out = m_dir.filePath(QStringLiteral("out.") + format);
    int code = -1;
    QByteArray err;
    runCli(
        QStringList{QStringLiteral("export"), m_capture, out, QStringLiteral("--format"), format} +
            extra,
        &code, &err);
    QVERIFY2(code == 0, err.constData());
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray content = f.readAll();
    const QByteArray data = pattern(Size);
    if (format == QLatin1String("raw")) {
        QVERIFY(content == data);
    } else if (format == QLatin1String("pcapng")) {
        QVERIFY(followFromClient(out) == data);
    } else if (format == QLatin1String("csv")) {
        QVERIFY(content.startsWith("time,session,peer,direction,length,hex,event\n"));
        QByteArray rx;
        for (const QByteArray &line : content.split('\n')) {
            const QList<QByteArray> cells = line.split(',');
            if (cells.size() >= 6 && cells.at(3) == "RX")
                rx += QByteArray::fromHex(cells.at(5));
        }
        QVERIFY(rx == data);
    } else {
        QVERIFY(content.contains("accepted: Accepted 127.0.0.1:"));
        QVERIFY(content.contains(" RX "));
        QVERIFY(content.contains(" TX "));
        QVERIFY(content.contains("closed by peer"));
    }
}

void tst_CliRecord::replay()
{
    std::unique_ptr<ExternalPeer> sink(ExternalPeer::python(PySink));
    QVERIFY(sink->waitForOutput("PORT "));
    const QByteArray out = sink->output();
    const QString port = QString::fromLatin1(out.mid(5, out.indexOf('\n') - 5).trimmed());
    int code = -1;
    QByteArray err;
    runCli({QStringLiteral("replay"), m_capture, QStringLiteral("127.0.0.1"), port,
            QStringLiteral("--fast")},
           &code, &err);
    QVERIFY2(code == 0, err.constData());
    QVERIFY(sink->waitForFinished(10000)); // the whole line, not just its start
    const QByteArray all = sink->output();
    const qsizetype at = all.indexOf("GOT ") + 4;
    QVERIFY(QByteArray::fromHex(all.mid(at, all.indexOf('\n', at) - at)) == pattern(Size));
}

void tst_CliRecord::killedRecordingIsReadable()
{
    const QString file = m_dir.filePath(QStringLiteral("killed.pcapng"));
    QProcess server;
    const quint16 port =
        listen(server, {QStringLiteral("listen"), QStringLiteral("0"), QStringLiteral("--bind"),
                        QStringLiteral("127.0.0.1"), QStringLiteral("--echo"),
                        QStringLiteral("--record"), file});
    QVERIFY(port != 0);
    std::unique_ptr<ExternalPeer> client(
        ExternalPeer::python(PyClient, {QString::number(port), QStringLiteral("5000")}));
    QVERIFY(client->waitForOutput("OK", 20000));
    // The recording reaches the disk within a flush interval (500 ms), while it runs...
    QTRY_VERIFY_WITH_TIMEOUT(followFromClient(file) == pattern(5000), 5000);
    server.kill(); // ...so SIGKILL, with no chance to flush, loses none of it
    QVERIFY(server.waitForFinished(5000));
    QCOMPARE(followFromClient(file), pattern(5000));
}

void tst_CliRecord::saveReceivedRotates()
{
    // Five clients send 1,000 bytes each, one after the other (each echoed back before the
    // next starts): four reads fill the first file, the fifth would pass 4,096 bytes.
    const QString file = m_dir.filePath(QStringLiteral("received.bin"));
    QProcess server;
    const quint16 port =
        listen(server, {QStringLiteral("listen"), QStringLiteral("0"), QStringLiteral("--bind"),
                        QStringLiteral("127.0.0.1"), QStringLiteral("--echo"),
                        QStringLiteral("--save-received"), file, QStringLiteral("--save-rotate"),
                        QStringLiteral("4096"), QStringLiteral("--format"), QStringLiteral("raw")});
    QVERIFY(port != 0);
    QByteArray sent;
    for (int round = 0; round < 5; ++round) {
        std::unique_ptr<ExternalPeer> client(
            ExternalPeer::python(PyClient, {QString::number(port), QStringLiteral("1000")}));
        QVERIFY(client->waitForOutput("OK", 20000)); // echoed: the server had it all
        sent += pattern(1000);
    }
    ::kill(pid_t(server.processId()), SIGTERM);
    QVERIFY(server.waitForFinished(5000));
    QFile newest(file);
    QFile older(file + QStringLiteral(".1"));
    QVERIFY(newest.open(QIODevice::ReadOnly) && older.open(QIODevice::ReadOnly));
    const QByteArray first = older.readAll();
    QCOMPARE(first.size(), 4000);
    QCOMPARE(first + newest.readAll(), sent);
    QVERIFY(!QFile::exists(file + QStringLiteral(".2")));
}

void tst_CliRecord::saveReceivedRefusesWhatItCannotWrite_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("said");
    QTest::newRow("a folder that does not exist")
        << QStringList{QStringLiteral("--save-received"), QStringLiteral("/nonexistent/x.bin")}
        << QStringLiteral("Cannot write received data to /nonexistent/x.bin: the folder "
                          "/nonexistent does not exist");
    QTest::newRow("an unknown format")
        << QStringList{QStringLiteral("--save-received"), QStringLiteral("x.bin"),
                       QStringLiteral("--save-format"), QStringLiteral("csv")}
        << QStringLiteral("--save-format: must be \"raw\" (the bytes) or \"log\"");
    QTest::newRow("a rotation too small")
        << QStringList{QStringLiteral("--save-received"), QStringLiteral("x.bin"),
                       QStringLiteral("--save-rotate"), QStringLiteral("100")}
        << QStringLiteral("--save-rotate: must be 0 (one file) or a whole number of bytes from "
                          "4096");
    QTest::newRow("a format without a file")
        << QStringList{QStringLiteral("--save-format"), QStringLiteral("log")}
        << QStringLiteral("--save-format and --save-rotate need --save-received FILE");
}

void tst_CliRecord::saveReceivedRefusesWhatItCannotWrite()
{
    QFETCH(QStringList, options);
    QFETCH(QString, said);
    int code = 0;
    QByteArray err;
    (void)runCli(QStringList{QStringLiteral("listen"), QStringLiteral("0"),
                             QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                             QStringLiteral("--duration"), QStringLiteral("5")} +
                     options,
                 &code, &err);
    QCOMPARE(code, 2); // refused before anything is received
    QVERIFY2(QString::fromUtf8(err).contains(said), err.constData());
}

QTEST_GUILESS_MAIN(tst_CliRecord)
#include "tst_clirecord.moc"
