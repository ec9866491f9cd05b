#include "workspace/workspace.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <csignal>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace sockeye;

namespace {

QJsonObject object(const char *json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        qFatal("bad JSON in test: %s", qPrintable(error.errorString()));
    return document.object();
}

QByteArray text(const QJsonObject &root)
{
    return QJsonDocument(root).toJson();
}

/// A valid workspace root with `sessions` (and whatever else is given) replaced.
QJsonObject root(const QJsonObject &overrides = {})
{
    QJsonObject r = object(R"({"format": "sockeye-workspace", "version": 1,
                               "sessions": [{"config": {"kind": "tcp-server", "bindPort": 7000}}],
                               "presets": []})");
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        r.insert(it.key(), it.value());
    return r;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

Workspace twoSessions()
{
    Workspace w;
    SessionSetup server;
    server.config.kind = SessionKind::TcpServer;
    server.config.name = QStringLiteral("echo server");
    server.config.bindAddress = QStringLiteral("127.0.0.1");
    server.config.bindPort = 7000;
    server.start = true;
    server.framing = QStringLiteral("delim:\\r\\n");
    server.automation = object(R"({"echo": true, "rules": []})");
    server.view = object(R"({"mode": "text", "encoding": "UTF-8"})");
    SessionSetup client;
    client.config.kind = SessionKind::TcpClient;
    client.config.remoteHost = QStringLiteral("10.0.0.5");
    client.config.remotePort = 502;
    client.config.autoReconnect = true;
    client.framing = QStringLiteral("prefix:2be,offset=4");
    w.sessions = {server, client};

    PayloadSpec hello = PayloadSpec::fromSyntax(QStringLiteral("text:hello"));
    hello.setLineEnding(PayloadSpec::LineEnding::CrLf);
    PayloadSpec modbus = PayloadSpec::fromSyntax(QStringLiteral("hex:00 01 00 00 00 06 01 03"));
    PayloadSpec gbk = PayloadSpec::fromSyntax(QStringLiteral("lit:{not a field}"));
    gbk.setEncoding(QStringLiteral("GBK"));
    w.presets = {Preset{QStringLiteral("hello"), hello},
                 Preset{QStringLiteral("read holding registers"), modbus},
                 Preset{QStringLiteral("literal in GBK"), gbk}};
    return w;
}

} // namespace

Q_DECLARE_METATYPE(sockeye::Workspace)

class tst_Workspace : public QObject
{
    Q_OBJECT
private slots:
    void saveAndLoad_data();
    void saveAndLoad();
    void loadErrors_data();
    void loadErrors();
    void missingFile();
    void fileSizeLimit_data();
    void fileSizeLimit();
    void fileSizeLimitHoldsForAPipe_data();
    void fileSizeLimitHoldsForAPipe();
    void badPresetIsLeftOut_data();
    void badPresetIsLeftOut();
    void saveErrors();
};

void tst_Workspace::saveAndLoad_data()
{
    QTest::addColumn<Workspace>("original");

    QTest::newRow("two sessions and presets") << twoSessions();
    QTest::newRow("empty") << Workspace();
    Workspace onlyPresets = twoSessions();
    onlyPresets.sessions.clear();
    QTest::newRow("presets only") << onlyPresets;
}

void tst_Workspace::saveAndLoad()
{
    QFETCH(Workspace, original);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("lab.sockeye"));
    QString error;
    QVERIFY2(original.save(path, &error), qPrintable(error));

    // The file says what it is.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject saved = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(saved.value(QLatin1String("format")).toString(), QStringLiteral("sockeye-workspace"));
    QCOMPARE(saved.value(QLatin1String("version")).toInt(), Workspace::Version);
    QCOMPARE(saved.value(QLatin1String("sessions")).toArray().size(), original.sessions.size());

    Workspace loaded;
    loaded.presets = {Preset{QStringLiteral("stale"), PayloadSpec()}}; // replaced, not added to
    QVERIFY2(loaded.load(path, &error), qPrintable(error));
    QCOMPARE(loaded.sessions.size(), original.sessions.size());
    for (qsizetype i = 0; i < original.sessions.size(); ++i) {
        const SessionSetup &a = original.sessions[i];
        const SessionSetup &b = loaded.sessions[i];
        QVERIFY(b.config == a.config);
        QCOMPARE(b.start, a.start);
        QCOMPARE(b.framing, a.framing);
        QCOMPARE(b.automation, a.automation);
        QCOMPARE(b.view, a.view);
        QCOMPARE(b.framingError(), QString());
    }
    QCOMPARE(loaded.presets.size(), original.presets.size());
    for (qsizetype i = 0; i < original.presets.size(); ++i) {
        QCOMPARE(loaded.presets[i].name, original.presets[i].name);
        QVERIFY2(loaded.presets[i] == original.presets[i],
                 qPrintable(loaded.presets[i].spec.toSyntax()));
    }
    // Saved again, the file is the same.
    QCOMPARE(loaded.toJson(), original.toJson());
}

void tst_Workspace::loadErrors_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QStringList>("says"); // parts of the sentence, after the file's name

    const QJsonObject good = object(R"({"config": {"kind": "udp", "bindPort": 9000}})");
    const auto sessions = [&](const QJsonValue &second) {
        QJsonObject o;
        o.insert(QLatin1String("sessions"), QJsonArray{good, second});
        return o;
    };

    QTest::newRow("not JSON") << QByteArray("{\"format\": \"sockeye-workspace\", sessions")
                              << QStringList{QStringLiteral("not a Sockeye workspace"),
                                             QStringLiteral("JSON is invalid at byte")};
    QTest::newRow("empty file") << QByteArray()
                                << QStringList{QStringLiteral("not a Sockeye workspace")};
    QTest::newRow("a list, not an object")
        << QByteArray("[]") << QStringList{QStringLiteral("not a Sockeye workspace")};
    QTest::newRow("wrong format") << text(root(object(R"({"format": "sockeye-presets"})")))
                                  << QStringList{QStringLiteral("not a Sockeye workspace"),
                                                 QStringLiteral("\"format\"")};
    QJsonObject noFormat = root();
    noFormat.remove(QLatin1String("format"));
    QTest::newRow("no format") << text(noFormat) << QStringList{QStringLiteral("\"format\"")};
    QTest::newRow("newer version")
        << text(root(object(R"({"version": 99})")))
        << QStringList{QStringLiteral("newer Sockeye"), QStringLiteral("version 99")};
    QTest::newRow("version not a number")
        << text(root(object(R"({"version": "1"})")))
        << QStringList{QStringLiteral("\"version\" must be a whole number")};
    QTest::newRow("version a fraction")
        << text(root(object(R"({"version": 1.5})")))
        << QStringList{QStringLiteral("\"version\" must be a whole number")};
    QTest::newRow("version zero") << text(root(object(R"({"version": 0})")))
                                  << QStringList{QStringLiteral("\"version\" must be")};
    QJsonObject noVersion = root();
    noVersion.remove(QLatin1String("version"));
    QTest::newRow("no version") << text(noVersion) << QStringList{QStringLiteral("\"version\"")};
    QTest::newRow("sessions not a list")
        << text(root(object(R"({"sessions": {"config": {"kind": "udp"}}})")))
        << QStringList{QStringLiteral("\"sessions\" must be a list")};
    QTest::newRow("presets not a list")
        << text(root(object(R"({"presets": "hello"})")))
        << QStringList{QStringLiteral("\"presets\" must be a list")};
    QTest::newRow("sessions[1] not an object")
        << text(root(sessions(QJsonValue(7))))
        << QStringList{QStringLiteral("sessions[1] must be an object")};
    QTest::newRow("sessions[1].config of a bad kind")
        << text(root(sessions(object(R"({"config": {"kind": "sctp"}})"))))
        << QStringList{QStringLiteral("sessions[1].config: "), QStringLiteral("\"sctp\"")};
    QTest::newRow("sessions[1].config not an object")
        << text(root(sessions(object(R"({"config": "udp"})"))))
        << QStringList{QStringLiteral("sessions[1].config: ")};
    QTest::newRow("sessions[1].start not a bool")
        << text(root(sessions(object(R"({"config": {"kind": "udp"}, "start": "no"})"))))
        << QStringList{QStringLiteral("sessions[1].start: ")};
    QTest::newRow("sessions[1].automation not an object")
        << text(root(sessions(object(R"({"config": {"kind": "udp"}, "automation": 1})"))))
        << QStringList{QStringLiteral("sessions[1].automation: ")};
    // Sizes a real field never reaches are refused, named, before they take memory.
    QJsonObject longName = object(R"({"config": {"kind": "udp"}})");
    longName.insert(QLatin1String("config"),
                    QJsonObject{{QLatin1String("kind"), QLatin1String("udp")},
                                {QLatin1String("name"), QString(50000, QLatin1Char('n'))}});
    QTest::newRow("sessions[1].config.name of 50,000 characters")
        << text(root(sessions(longName)))
        << QStringList{QStringLiteral(
               "sessions[1].config: name is 50000 characters long; it can be at most 200.")};
    QJsonObject longHost = longName;
    longHost.insert(QLatin1String("config"),
                    QJsonObject{{QLatin1String("kind"), QLatin1String("tcp-client")},
                                {QLatin1String("remoteHost"), QString(256, QLatin1Char('h'))}});
    QTest::newRow("sessions[1].config.remoteHost of 256 characters")
        << text(root(sessions(longHost)))
        << QStringList{QStringLiteral("remoteHost is 256 characters long; it can be at most 255")};
}

void tst_Workspace::loadErrors()
{
    QFETCH(QByteArray, content);
    QFETCH(QStringList, says);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("broken.sockeye"));
    QVERIFY(writeFile(path, content));

    Workspace workspace;
    QString error;
    QVERIFY(!workspace.load(path, &error));
    QVERIFY2(error.contains(QStringLiteral("broken.sockeye")), qPrintable(error));
    for (const QString &part : std::as_const(says))
        QVERIFY2(error.contains(part), qPrintable(error));

    // fromJson() gives the same reason without the file.
    QString why;
    QVERIFY(!workspace.fromJson(content, &why));
    QVERIFY2(!why.contains(QStringLiteral("broken.sockeye")), qPrintable(why));
    for (const QString &part : std::as_const(says))
        QVERIFY2(why.contains(part), qPrintable(why));
}

void tst_Workspace::missingFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Workspace workspace;
    QString error;
    QVERIFY(!workspace.load(dir.filePath(QStringLiteral("missing.sockeye")), &error));
    QVERIFY2(error.startsWith(QStringLiteral("Cannot open missing.sockeye: ")), qPrintable(error));
    QVERIFY2(error.endsWith(QLatin1Char('.')), qPrintable(error));
}

void tst_Workspace::fileSizeLimit_data()
{
    QTest::addColumn<qint64>("size");
    QTest::addColumn<QString>("says");

    QTest::newRow("one byte over the limit is refused unread")
        << Workspace::MaxFileSize + 1 << QStringLiteral("larger than a workspace can be (64 MiB)");
    QTest::newRow("far over the limit")
        << (qint64(1) << 30) << QStringLiteral("at 1024 MiB it is larger");
    // At the limit it is read (and found not to be JSON: it is all zeros).
    QTest::newRow("at the limit it is read")
        << Workspace::MaxFileSize << QStringLiteral("the JSON is invalid");
}

void tst_Workspace::fileSizeLimit()
{
    QFETCH(qint64, size);
    QFETCH(QString, says);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("huge.sockeye"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY2(file.resize(size), qPrintable(file.errorString())); // sparse: no disk used
    }
    QCOMPARE(QFileInfo(path).size(), size);
    Workspace workspace;
    QString error;
    QVERIFY(!workspace.load(path, &error));
    QVERIFY2(error.startsWith(QStringLiteral("Cannot open huge.sockeye")), qPrintable(error));
    QVERIFY2(error.contains(says), qPrintable(error));
}

void tst_Workspace::fileSizeLimitHoldsForAPipe_data()
{
    QTest::addColumn<QByteArray>("content");

    // `sockeye-cli run <(...)` or /dev/stdin: no size to check before reading.
    QByteArray padded = text(root());
    padded += QByteArray(Workspace::MaxFileSize + 1 - padded.size(), ' ');
    QTest::newRow("a valid workspace padded past the limit") << padded;
}

void tst_Workspace::fileSizeLimitHoldsForAPipe()
{
    QFETCH(QByteArray, content);
    QVERIFY(content.size() > Workspace::MaxFileSize);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("pipe.sockeye"));
    const QByteArray name = QFile::encodeName(path);
    QVERIFY(::mkfifo(name.constData(), 0600) == 0);
    std::signal(SIGPIPE, SIG_IGN); // the reader may stop reading before the writer is done
    std::thread writer([name, content] {
        // Waits up to 10 s for the reader to open the pipe; a reader that never does is fine.
        int fd = -1;
        for (int i = 0; i < 10000 && fd < 0; ++i) {
            fd = ::open(name.constData(), O_WRONLY | O_NONBLOCK);
            if (fd < 0)
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        if (fd < 0)
            return;
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
        qsizetype done = 0;
        while (done < content.size()) {
            const ssize_t n =
                ::write(fd, content.constData() + done, size_t(content.size() - done));
            if (n <= 0)
                break; // the reader closed the pipe
            done += n;
        }
        ::close(fd);
    });
    Workspace workspace;
    QString error;
    const bool loaded = workspace.load(path, &error);
    writer.join();
    QVERIFY2(!loaded, "a workspace larger than Workspace::MaxFileSize was read from a pipe");
    QVERIFY2(error.contains(QStringLiteral("larger than a workspace can be")), qPrintable(error));
}

void tst_Workspace::badPresetIsLeftOut_data()
{
    QTest::addColumn<QJsonObject>("payload");
    QTest::addColumn<QString>("name");

    const QString bad = QStringLiteral("bad");
    QTest::newRow("unknown line ending")
        << object(R"({"payload": "text:x", "lineEnding": "sideways"})") << bad;
    QTest::newRow("unknown encoding")
        << object(R"({"payload": "text:x", "encoding": "NO-SUCH-CODEC-9"})") << bad;
    QTest::newRow("unknown checksum")
        << object(R"({"payload": "hex:01", "checksum": "md5000"})") << bad;
    QTest::newRow("a name of 201 characters")
        << object(R"({"payload": "hex:01"})") << QString(201, QLatin1Char('p'));
    QTest::newRow("a payload of 1 MiB and a byte")
        << QJsonObject{{QLatin1String("payload"),
                        QString(QStringLiteral("lit:") +
                                QString(1024 * 1024 - 3, QLatin1Char('x')))}}
        << bad;
}

void tst_Workspace::badPresetIsLeftOut()
{
    QFETCH(QJsonObject, payload);
    QFETCH(QString, name);

    QJsonArray presets;
    presets.append(object(R"({"name": "first", "payload": {"payload": "hex:01 02"}})"));
    QJsonObject bad;
    bad.insert(QLatin1String("name"), name);
    bad.insert(QLatin1String("payload"), payload);
    presets.append(bad);
    presets.append(object(R"({"name": "last", "payload": {"payload": "text:bye",
                                                          "lineEnding": "lf"}})"));
    QJsonObject overrides;
    overrides.insert(QLatin1String("presets"), presets);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("presets.sockeye"));
    QVERIFY(writeFile(path, text(root(overrides))));
    Workspace workspace;
    QString error;
    QVERIFY2(workspace.load(path, &error), qPrintable(error));
    QCOMPARE(workspace.sessions.size(), 1);
    QCOMPARE(workspace.presets.size(), 2);
    QCOMPARE(workspace.presets[0].name, QStringLiteral("first"));
    QCOMPARE(workspace.presets[0].spec.toSyntax(), QStringLiteral("hex:01 02"));
    QCOMPARE(workspace.presets[1].name, QStringLiteral("last"));
    QCOMPARE(workspace.presets[1].spec.lineEnding(), PayloadSpec::LineEnding::Lf);
}

void tst_Workspace::saveErrors()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString error;
    QVERIFY(!twoSessions().save(dir.filePath(QStringLiteral("no/such/dir/lab.sockeye")), &error));
    QVERIFY2(error.startsWith(QStringLiteral("Cannot save lab.sockeye: ")), qPrintable(error));
}

QTEST_GUILESS_MAIN(tst_Workspace)
#include "tst_workspace.moc"
