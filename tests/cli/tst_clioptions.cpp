// sockeye-cli's parser on its own: what each command line becomes, and the sentence for each
// that is refused (the end-to-end tests run the program; these need no peer).
#include "clioptions.h"

#include <QTest>

using namespace sockeye;
using namespace sockeye::cli;

namespace {

/// The parts of CliOptions a row looks at, as text.
QMap<QString, QString> described(const CliOptions &o)
{
    static const char *const Commands[] = {"listen", "connect", "export", "replay", "run"};
    return {
        {QStringLiteral("command"), QLatin1String(Commands[int(o.command)])},
        {QStringLiteral("bind"), o.bindAddress},
        {QStringLiteral("host"), o.host},
        {QStringLiteral("port"), QString::number(o.port)},
        {QStringLiteral("framing"), o.framing},
        {QStringLiteral("sends"), QString::number(o.sends.size())},
        {QStringLiteral("sendFile"), o.sendFile},
        {QStringLiteral("rules"), QString::number(o.rules.size())},
        {QStringLiteral("sessions"), QString::number(o.workspace.sessions.size())},
        {QStringLiteral("timeout"), QString::number(o.timeoutS)},
        {QStringLiteral("close"), Session::closeModeName(o.closeMode)},
        {QStringLiteral("nodelay"),
         o.socketOptions.noDelay ? QStringLiteral("true") : QStringLiteral("false")},
        {QStringLiteral("keepalive"), QStringLiteral("%1,%2,%3")
                                          .arg(o.socketOptions.keepAliveIdleS)
                                          .arg(o.socketOptions.keepAliveIntervalS)
                                          .arg(o.socketOptions.keepAliveCount)},
        {QStringLiteral("buffers"), QStringLiteral("%1,%2")
                                        .arg(o.socketOptions.receiveBufferBytes)
                                        .arg(o.socketOptions.sendBufferBytes)},
        {QStringLiteral("udp"), o.udp ? QStringLiteral("yes") : QStringLiteral("no")},
        {QStringLiteral("stats"),
         o.stats ? QStringLiteral("every %1 s").arg(o.statsIntervalS) : QStringLiteral("no")},
        {QStringLiteral("backlog"), QString::number(o.socketOptions.backlog)},
    };
}

const QString Examples = QStringLiteral(SOCKEYE_SOURCE_DIR "/examples");

} // namespace

class tst_CliOptions : public QObject
{
    Q_OBJECT
private slots:
    void accepted_data();
    void accepted();
    void refused_data();
    void refused();
};

void tst_CliOptions::accepted_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("expect"); // key=value pairs of described()

    QTest::newRow("listen on every address")
        << QStringList{QStringLiteral("listen"), QStringLiteral("7000")}
        << QStringList{QStringLiteral("command=listen"), QStringLiteral("bind=any"),
                       QStringLiteral("port=7000")};
    QTest::newRow("--bind localhost is its address")
        << QStringList{QStringLiteral("listen"), QStringLiteral("0"), QStringLiteral("--bind"),
                       QStringLiteral("localhost")}
        << QStringList{QStringLiteral("bind=127.0.0.1")};
    QTest::newRow("--bind [::1] without its brackets")
        << QStringList{QStringLiteral("listen"), QStringLiteral("0"), QStringLiteral("--bind"),
                       QStringLiteral("[::1]")}
        << QStringList{QStringLiteral("bind=::1")};
    QTest::newRow("connect with two payloads and a framing")
        << QStringList{QStringLiteral("connect"),       QStringLiteral("device.local"),
                       QStringLiteral("502"),           QStringLiteral("--send"),
                       QStringLiteral("hex:01"),        QStringLiteral("--send"),
                       QStringLiteral("text:x"),        QStringLiteral("--framing"),
                       QStringLiteral("delim,keep:\\n")}
        << QStringList{QStringLiteral("command=connect"), QStringLiteral("host=device.local"),
                       QStringLiteral("port=502"), QStringLiteral("sends=2"),
                       QStringLiteral("framing=delim:\\n")};
    QTest::newRow("--send - streams standard input after the payloads")
        << QStringList{QStringLiteral("connect"), QStringLiteral("127.0.0.1"),
                       QStringLiteral("7"),       QStringLiteral("--send"),
                       QStringLiteral("-"),       QStringLiteral("--send"),
                       QStringLiteral("x")}
        << QStringList{QStringLiteral("sends=1"), QStringLiteral("sendFile=-")};
    QTest::newRow("a rules file brings its framing")
        << QStringList{QStringLiteral("listen"), QStringLiteral("1502"), QStringLiteral("--rules"),
                       Examples + QStringLiteral("/rules/modbus-tcp-device.json")}
        << QStringList{QStringLiteral("rules=2"), QStringLiteral("framing=prefix:2be,offset=4")};
    QTest::newRow("--framing wins over the rules file's")
        << QStringList{QStringLiteral("listen"),
                       QStringLiteral("1502"),
                       QStringLiteral("--rules"),
                       Examples + QStringLiteral("/rules/modbus-tcp-device.json"),
                       QStringLiteral("--framing"),
                       QStringLiteral("idle:20")}
        << QStringList{QStringLiteral("framing=idle:20")};
    QTest::newRow("run reads the workspace")
        << QStringList{QStringLiteral("run"),
                       Examples + QStringLiteral("/workspaces/echo-and-modbus.sockeye")}
        << QStringList{QStringLiteral("command=run"), QStringLiteral("sessions=2")};
    QTest::newRow("TCP options for a server's clients")
        << QStringList{QStringLiteral("listen"),    QStringLiteral("7"),
                       QStringLiteral("--nodelay"), QStringLiteral("--keepalive"),
                       QStringLiteral("60,10,5"),   QStringLiteral("--rcvbuf"),
                       QStringLiteral("65536"),     QStringLiteral("--sndbuf"),
                       QStringLiteral("1048576")}
        << QStringList{QStringLiteral("nodelay=true"), QStringLiteral("keepalive=60,10,5"),
                       QStringLiteral("buffers=65536,1048576")};
    QTest::newRow("--stats-interval implies --stats")
        << QStringList{QStringLiteral("connect"), QStringLiteral("127.0.0.1"), QStringLiteral("7"),
                       QStringLiteral("--stats-interval"), QStringLiteral("0.5")}
        << QStringList{QStringLiteral("stats=every 0.5 s")};
    QTest::newRow("--stats alone: at the end only")
        << QStringList{QStringLiteral("listen"), QStringLiteral("7"), QStringLiteral("--stats")}
        << QStringList{QStringLiteral("stats=every 0 s"), QStringLiteral("backlog=4096")};
    QTest::newRow("--backlog") << QStringList{QStringLiteral("listen"), QStringLiteral("7"),
                                              QStringLiteral("--backlog"), QStringLiteral("16")}
                               << QStringList{QStringLiteral("backlog=16")};
    QTest::newRow("connect closes with FIN unless told")
        << QStringList{QStringLiteral("connect"), QStringLiteral("127.0.0.1"), QStringLiteral("7")}
        << QStringList{QStringLiteral("close=fin")};
    QTest::newRow("--close rst") << QStringList{QStringLiteral("connect"),
                                                QStringLiteral("127.0.0.1"), QStringLiteral("7"),
                                                QStringLiteral("--close"), QStringLiteral("rst")}
                                 << QStringList{QStringLiteral("close=rst")};
    QTest::newRow("--half-close is --close half")
        << QStringList{QStringLiteral("connect"), QStringLiteral("127.0.0.1"),
                       QStringLiteral("7"),       QStringLiteral("--half-close"),
                       QStringLiteral("--close"), QStringLiteral("half")}
        << QStringList{QStringLiteral("close=half")};
    QTest::newRow("a timeout of 23 days is the most")
        << QStringList{QStringLiteral("connect"), QStringLiteral("127.0.0.1"), QStringLiteral("7"),
                       QStringLiteral("--timeout"), QStringLiteral("2000000")}
        << QStringList{QStringLiteral("timeout=2e+06")};
}

void tst_CliOptions::accepted()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, expect);
    CliParser parser;
    const auto options = parser.parse(QStringList{QStringLiteral("sockeye-cli")} + arguments);
    QVERIFY2(options, qPrintable(parser.error()));
    const QMap<QString, QString> got = described(*options);
    for (const QString &pair : std::as_const(expect)) {
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        QCOMPARE(got.value(pair.left(eq)), pair.mid(eq + 1));
    }
}

void tst_CliOptions::refused_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("says");
    const QStringList connect{QStringLiteral("connect"), QStringLiteral("127.0.0.1"),
                              QStringLiteral("7")};
    QTest::newRow("an unknown close mode")
        << connect + QStringList{QStringLiteral("--close"), QStringLiteral("abort")}
        << QStringLiteral("--close abort is unknown; use fin (an orderly close), rst");
    QTest::newRow("--half-close and --close rst")
        << connect + QStringList{QStringLiteral("--half-close"), QStringLiteral("--close"),
                                 QStringLiteral("rst")}
        << QStringLiteral("--half-close and --close rst say different things");
    QTest::newRow("--close for UDP")
        << connect + QStringList{QStringLiteral("--udp"), QStringLiteral("--close"),
                                 QStringLiteral("rst")}
        << QStringLiteral("UDP has no connection to close");
    QTest::newRow("--keepalive with two numbers")
        << connect + QStringList{QStringLiteral("--keepalive"), QStringLiteral("60,10")}
        << QStringLiteral("--keepalive 60,10: give IDLE,INTERVAL,COUNT, e.g. 60,10,5");
    QTest::newRow("--keepalive with 200 probes")
        << connect + QStringList{QStringLiteral("--keepalive"), QStringLiteral("60,10,200")}
        << QStringLiteral("probes before giving up (1 to 127)");
    QTest::newRow("--rcvbuf of 100 bytes")
        << connect + QStringList{QStringLiteral("--rcvbuf"), QStringLiteral("100")}
        << QStringLiteral("--rcvbuf 100 is out of range; use a number of bytes from 1024");
    QTest::newRow("--nodelay for UDP")
        << connect + QStringList{QStringLiteral("--udp"), QStringLiteral("--nodelay")}
        << QStringLiteral("are TCP options; UDP has no connection");
    QTest::newRow("--stats-interval 0")
        << connect + QStringList{QStringLiteral("--stats-interval"), QStringLiteral("0")}
        << QStringLiteral("--stats-interval 0 is out of range; use a number of seconds from 0.1");
    QTest::newRow("--stats for UDP")
        << connect + QStringList{QStringLiteral("--udp"), QStringLiteral("--stats")}
        << QStringLiteral("statistics (TCP_INFO); UDP has no connection");
    QTest::newRow("--backlog 0")
        << QStringList{QStringLiteral("listen"), QStringLiteral("7"), QStringLiteral("--backlog"),
                       QStringLiteral("0")}
        << QStringLiteral("--backlog 0 is out of range; use a number of connections from 1");
    QTest::newRow("--backlog for connect")
        << connect + QStringList{QStringLiteral("--backlog"), QStringLiteral("5")}
        << QStringLiteral("--backlog");
    QTest::newRow("--local-port 0")
        << connect + QStringList{QStringLiteral("--local-port"), QStringLiteral("0")}
        << QStringLiteral("--local-port 0 is out of range; use a number from 1 to 65535");
    QTest::newRow("--local-port for listen")
        << QStringList{QStringLiteral("listen"), QStringLiteral("7"),
                       QStringLiteral("--local-port"), QStringLiteral("7000")}
        << QStringLiteral("--local-port");
    QTest::newRow("--close for listen")
        << QStringList{QStringLiteral("listen"), QStringLiteral("7"), QStringLiteral("--close"),
                       QStringLiteral("rst")}
        << QStringLiteral("--close");
    QTest::newRow("no command") << QStringList{}
                                << QStringLiteral("use listen, connect, export, replay or run");
    QTest::newRow("a timeout that is not a number")
        << connect + QStringList{QStringLiteral("--timeout"), QStringLiteral("nan")}
        << QStringLiteral("--timeout nan is out of range; use a number from 0 to 2000000");
    QTest::newRow("--repeat inf") << connect + QStringList{QStringLiteral("--send"),
                                                           QStringLiteral("x"),
                                                           QStringLiteral("--repeat"),
                                                           QStringLiteral("inf")}
                                  << QStringLiteral("--repeat inf is out of range");
    QTest::newRow("run takes no --udp")
        << QStringList{QStringLiteral("run"),
                       Examples + QStringLiteral("/workspaces/echo-and-modbus.sockeye"),
                       QStringLiteral("--udp")}
        << QStringLiteral("--udp does not apply");
    QTest::newRow("run of a missing file")
        << QStringList{QStringLiteral("run"), QStringLiteral("/no/such.sockeye")}
        << QStringLiteral("Cannot open such.sockeye");
    QTest::newRow("export to - cannot split")
        << QStringList{QStringLiteral("export"), QStringLiteral("/etc/hostname"),
                       QStringLiteral("-"), QStringLiteral("--split")}
        << QStringLiteral("give OUT a file name, not -");
    QTest::newRow("--send - with a checksum")
        << connect + QStringList{QStringLiteral("--send"), QStringLiteral("-"),
                                 QStringLiteral("--checksum"), QStringLiteral("sum8")}
        << QStringLiteral("apply to payloads only");
    QTest::newRow("--send-file of a directory")
        << connect + QStringList{QStringLiteral("--send-file"), QStringLiteral("/")}
        << QStringLiteral("is a directory");
    QTest::newRow("--bind to a host that does not resolve")
        << QStringList{QStringLiteral("listen"), QStringLiteral("0"), QStringLiteral("--bind"),
                       QStringLiteral("no-such-host.invalid")}
        << QStringLiteral("no such host");
    // Each command's positional arguments.
    QTest::newRow("unknown command")
        << QStringList{QStringLiteral("serve")} << QStringLiteral("unknown command \"serve\"");
    QTest::newRow("listen without a port")
        << QStringList{QStringLiteral("listen")} << QStringLiteral("give exactly one PORT");
    QTest::newRow("listen on port 70000")
        << QStringList{QStringLiteral("listen"), QStringLiteral("70000")}
        << QStringLiteral("\"70000\" is not a port; use 0 to 65535");
    QTest::newRow("connect to port 0")
        << QStringList{QStringLiteral("connect"), QStringLiteral("h"), QStringLiteral("0")}
        << QStringLiteral("\"0\" is not a port; use 1 to 65535");
    QTest::newRow("export without OUT")
        << QStringList{QStringLiteral("export"), QStringLiteral("/etc/hostname")}
        << QStringLiteral("give IN and OUT");
    QTest::newRow("replay of a missing capture")
        << QStringList{QStringLiteral("replay"), QStringLiteral("/no/such.pcapng"),
                       QStringLiteral("127.0.0.1"), QStringLiteral("7")}
        << QStringLiteral("sockeye-cli replay: /no/such.pcapng: no such file.");
    QTest::newRow("run with two files")
        << QStringList{QStringLiteral("run"), QStringLiteral("a"), QStringLiteral("b")}
        << QStringLiteral("give one WORKSPACE file");
    // Options another command takes: named with the commands they are for.
    QTest::newRow("--echo is for listen")
        << connect + QStringList{QStringLiteral("--echo")}
        << QStringLiteral("sockeye-cli connect: --echo is for listen only.");
    QTest::newRow("--send is for connect")
        << QStringList{QStringLiteral("listen"), QStringLiteral("0"), QStringLiteral("--send"),
                       QStringLiteral("x")}
        << QStringLiteral("sockeye-cli listen: --send is for connect only.");
    QTest::newRow("--connect-timeout is for connect and replay")
        << QStringList{QStringLiteral("listen"), QStringLiteral("0"),
                       QStringLiteral("--connect-timeout"), QStringLiteral("5")}
        << QStringLiteral("--connect-timeout is for connect and replay only.");
    QTest::newRow("--record is not for export")
        << QStringList{QStringLiteral("export"), QStringLiteral("/etc/hostname"),
                       QStringLiteral("out.txt"), QStringLiteral("--record"),
                       QStringLiteral("x.pcapng")}
        << QStringLiteral("--record is for listen, connect and replay only.");
    QTest::newRow("--speed is for replay")
        << connect + QStringList{QStringLiteral("--speed"), QStringLiteral("2")}
        << QStringLiteral("--speed is for replay only.");
    QTest::newRow("--split is for export") << connect + QStringList{QStringLiteral("--split")}
                                           << QStringLiteral("--split is for export only.");
}

void tst_CliOptions::refused()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, says);
    CliParser parser;
    QVERIFY(!parser.parse(QStringList{QStringLiteral("sockeye-cli")} + arguments));
    QVERIFY2(parser.error().contains(says), qPrintable(parser.error()));
}

QTEST_GUILESS_MAIN(tst_CliOptions)
#include "tst_clioptions.moc"
