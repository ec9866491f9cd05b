// sockeye-cli over TLS against peers we did not write: openssl s_server and s_client, socat
// OPENSSL, python3's ssl, with certificates the openssl command made for the test. Every
// verification and handshake failure is asserted by its sentence, and bad files by theirs.

// The rows are command lines: plain string literals keep them readable.
#undef QT_NO_CAST_FROM_ASCII

#include "cliprocess.h"
#include "externalpeer.h"
#include "testcertificates.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using sockeye::test::ExternalPeer;
using sockeye::test::freeTcpPort;
using sockeye::test::TestCertificates;
using sockeye::test::waitUntilListening;
using Cli = sockeye::test::CliProcess;

class tst_CliTls : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void clientVerification_data();
    void clientVerification();
    void peerNotTls_data();
    void peerNotTls();
    void server_data();
    void server();
    void badInput_data();
    void badInput();
    void recordingIsDecryptedAndSaysSo();

private:
    /// Replaces {ca}, {good.key}, {pass} ... in arguments with the test's files.
    QStringList files(const QStringList &arguments) const;
    std::unique_ptr<TestCertificates> m_certs;
    QTemporaryDir m_data; ///< SOCKEYE_DATA_DIR: where the self-signed certificate goes
};

void tst_CliTls::initTestCase()
{
    if (!ExternalPeer::available(QStringLiteral("openssl")))
        QSKIP("openssl is not installed (scripts/setup.sh --test installs it)");
    m_certs = std::make_unique<TestCertificates>();
    QVERIFY2(m_certs->ok(), qPrintable(m_certs->error()));
    QFile pass(m_certs->path(QStringLiteral("pass.txt")));
    QVERIFY(pass.open(QIODevice::WriteOnly));
    pass.write("s3cret\n");
    QFile notCert(m_certs->path(QStringLiteral("notes.txt")));
    QVERIFY(notCert.open(QIODevice::WriteOnly));
    notCert.write("just some notes\n");
    qputenv("SOCKEYE_DATA_DIR", m_data.path().toLocal8Bit()); // inherited by sockeye-cli
}

QStringList tst_CliTls::files(const QStringList &arguments) const
{
    QStringList out;
    for (QString a : arguments) {
        for (const char *name : {"ca", "good", "expired", "future", "self", "client"}) {
            const QString n = QLatin1String(name);
            a.replace(QStringLiteral("{%1}").arg(n), m_certs->crt(n));
            a.replace(QStringLiteral("{%1.key}").arg(n), m_certs->key(n));
        }
        a.replace(QStringLiteral("{good-encrypted.key}"),
                  m_certs->key(QStringLiteral("good-encrypted")));
        a.replace(QStringLiteral("{pass}"), m_certs->path(QStringLiteral("pass.txt")));
        a.replace(QStringLiteral("{notes}"), m_certs->path(QStringLiteral("notes.txt")));
        a.replace(QStringLiteral("{self-signed}"),
                  m_data.filePath(QStringLiteral("tls/self-signed.crt")));
        out << a;
    }
    return out;
}

void tst_CliTls::clientVerification_data()
{
    QTest::addColumn<QStringList>("server"); // openssl s_server arguments
    QTest::addColumn<QString>("host");
    QTest::addColumn<QStringList>("client");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("said");
    const QStringList good{"-cert", "{good}", "-key", "{good.key}"};
    const QStringList mutual =
        good + QStringList{"-Verify", "1", "-CAfile", "{ca}", "-verify_return_error"};
    const QString local = QStringLiteral("localhost");
    QTest::newRow("trusted by the CA file: verified, the reply comes back")
        << good << local << QStringList{"--ca", "{ca}"} << 0
        << "TLS handshake done: TLS 1.3, TLS_AES_256_GCM_SHA384; the server's certificate is "
           "verified for localhost";
    QTest::newRow("the chain is shown: subject, issuer, validity, fingerprint")
        << good << local << QStringList{"--ca", "{ca}"} << 0
        << "Certificate 1 of 1: CN=localhost, issued by CN=Sockeye Test CA, valid 2020-01-01 "
           "00:00 UTC to 2045-01-01 00:00 UTC, SHA-256 ";
    QTest::newRow("Do not verify: connected, and said so")
        << QStringList{"-cert", "{self}", "-key", "{self.key}"} << local
        << QStringList{"--insecure"} << 0 << "NOT verified: you chose not to verify the server";
    QTest::newRow("self-signed")
        << QStringList{"-cert", "{self}", "-key", "{self.key}"} << local << QStringList{} << 3
        << "Verification failed: the server's certificate (CN=localhost) is self-signed, so no "
           "authority vouches for it.";
    QTest::newRow("unknown issuer")
        << good << local << QStringList{} << 3
        << "was issued by CN=Sockeye Test CA, which this computer does not trust. Give that "
           "authority's certificate as the CA file.";
    QTest::newRow("expired, on which date")
        << QStringList{"-cert", "{expired}", "-key", "{expired.key}"} << local
        << QStringList{"--ca", "{ca}"} << 3
        << "the server's certificate (CN=localhost) expired on 2020-02-01 00:00 UTC";
    QTest::newRow("not yet valid")
        << QStringList{"-cert", "{future}", "-key", "{future.key}"} << local
        << QStringList{"--ca", "{ca}"} << 3
        << "the server's certificate (CN=localhost) is valid only from 2040-01-01 00:00 UTC";
    QTest::newRow("name mismatch")
        << good << QStringLiteral("127.0.0.1") << QStringList{"--ca", "{ca}"} << 3
        << "The certificate is for localhost; you connected to 127.0.0.1.";
    QTest::newRow("--sni: the name sent and verified")
        << good << QStringLiteral("127.0.0.1") << QStringList{"--ca", "{ca}", "--sni", "localhost"}
        << 0 << "verified for localhost";
    QTest::newRow("ALPN agreed") << good + QStringList{"-alpn", "h2"} << local
                                 << QStringList{"--ca", "{ca}", "--alpn", "mqtt,h2"} << 0
                                 << ", ALPN h2; ";
    QTest::newRow("ALPN refused: the alert in words")
        << good + QStringList{"-alpn", "h2"} << local
        << QStringList{"--ca", "{ca}", "--alpn", "mqtt"} << 3
        << "ended the TLS handshake with the alert \"no application protocol\": it accepts "
           "none of the ALPN protocols offered.";
    QTest::newRow("TLS 1.2 server")
        << good + QStringList{"-tls1_2"} << local << QStringList{"--ca", "{ca}"} << 0
        << "TLS handshake done: TLS 1.2, ECDHE-ECDSA-";
    QTest::newRow("client certificate required, none given")
        << mutual << local << QStringList{"--ca", "{ca}"} << 3
        << "ended the TLS handshake with the alert \"certificate required\": it requires a "
           "client certificate.";
    QTest::newRow("client certificate given")
        << mutual << local
        << QStringList{"--ca", "{ca}", "--cert", "{client}", "--key", "{client.key}"} << 0
        << "verified for localhost";
    QTest::newRow("encrypted key opened by --key-pass file:")
        << mutual << local << QStringList{"--ca",       "{ca}",       "--cert",
                                          "{good}",     "--key",      "{good-encrypted.key}",
                                          "--key-pass", "file:{pass}"}
        << 0 << "verified for localhost";
}

void tst_CliTls::clientVerification()
{
    QFETCH(QStringList, server);
    QFETCH(QString, host);
    QFETCH(QStringList, client);
    QFETCH(int, exitCode);
    QFETCH(QString, said);
    const quint16 port = freeTcpPort();
    // -rev: each line comes back reversed, so the reply proves the data went through TLS.
    ExternalPeer peer(QStringLiteral("openssl"),
                      QStringList{"s_server", "-accept", QStringLiteral("127.0.0.1:%1").arg(port),
                                  "-rev", "-quiet"} +
                          files(server));
    QVERIFY(waitUntilListening(port));
    Cli cli(QStringList{"connect", "--tls"} + files(client) +
            QStringList{host, QString::number(port), "--send", "text:ping\\n", "--expect", "gnip",
                        "--timeout", "5"});
    QCOMPARE(cli.wait(), exitCode);
    const QString err = QString::fromUtf8(cli.err());
    QVERIFY2(err.contains(said), qPrintable(err));
    if (exitCode == 0)
        QVERIFY2(cli.out().contains("gnip"), cli.out().constData());
}

void tst_CliTls::peerNotTls_data()
{
    QTest::addColumn<QString>("socatAnswer"); // what the plain TCP server does
    QTest::addColumn<QString>("said");
    QTest::newRow("a plain HTTP server")
        // It stays connected after answering: a close racing the answer would be told as
        // "closed during the handshake" instead.
        << "SYSTEM:printf 'HTTP/1.1 400 Bad Request\\r\\n\\r\\n'; sleep 5"
        << "does not speak TLS: what it answered is not a TLS handshake (a plain TCP or HTTP "
           "service on that port?). Connect without TLS, or check the port.";
    QTest::newRow("a server that closes at once")
        << "SYSTEM:exit 0"
        << "closed the connection during the TLS handshake: it may not speak TLS";
    QTest::newRow("a server that says nothing")
        << "SYSTEM:sleep 10"
        << "did not finish within 800 ms: the server accepted TCP but does not answer in TLS";
}

void tst_CliTls::peerNotTls()
{
    QFETCH(QString, socatAnswer);
    QFETCH(QString, said);
    const quint16 port = freeTcpPort();
    ExternalPeer peer(
        QStringLiteral("socat"),
        {QStringLiteral("TCP-LISTEN:%1,bind=127.0.0.1,reuseaddr").arg(port), socatAnswer});
    QVERIFY(waitUntilListening(port));
    Cli cli({"connect", "--tls", "--insecure", "localhost", QString::number(port),
             "--connect-timeout", "800", "--send", "x", "--timeout", "5"});
    QCOMPARE(cli.wait(), 3);
    const QString err = QString::fromUtf8(cli.err());
    QVERIFY2(err.contains(said), qPrintable(err));
}

void tst_CliTls::server_data()
{
    QTest::addColumn<QStringList>("listen");
    QTest::addColumn<QString>("program"); // the client
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("clientGets");
    QTest::addColumn<QString>("serverSays");
    const QStringList mutual{
        "--cert", "{good}", "--key", "{good.key}", "--ca", "{ca}", "--require-client-cert"};
    QTest::newRow("socat OPENSSL, verifying the server's certificate")
        << QStringList{"--cert", "{good}", "--key", "{good.key}"} << "socat"
        << QStringList{"-", "OPENSSL:localhost:{port},cafile={ca},verify=1"} << QByteArray("hello")
        << "TLS handshake done: TLS 1.3";
    // python3's ssl verifies the self-signed certificate by its file and prints the SHA-256
    // of what it got, which must be the fingerprint the server printed.
    QTest::newRow("self-signed, trusted by its file (python3 ssl)")
        << QStringList{"--self-signed"} << "python3"
        << QStringList{"-c",
                       "import ssl, socket, sys, hashlib\n"
                       "ctx = ssl.create_default_context(cafile=sys.argv[1])\n"
                       "s = ctx.wrap_socket(socket.create_connection(('127.0.0.1', "
                       "int(sys.argv[2]))), server_hostname='127.0.0.1')\n"
                       "d = hashlib.sha256(s.getpeercert(binary_form=True)).hexdigest().upper()\n"
                       "print(':'.join(d[i:i + 2] for i in range(0, 64, 2)), flush=True)\n"
                       "s.sendall(sys.stdin.readline().encode())\n"
                       "print(s.recv(100).decode(), flush=True)\n",
                       "{self-signed}", "{port}"}
        << QByteArray("hello") << "{fingerprint}";
    QTest::newRow("a plain TCP client: dropped, and what it sent shown")
        << QStringList{"--self-signed"} << "socat" << QStringList{"-", "TCP:127.0.0.1:{port}"}
        << QByteArray() << "does not speak TLS: it sent \"hello\\n\", not a TLS handshake";
    QTest::newRow("a TLS 1.1 client: no shared version")
        << QStringList{"--self-signed"} << "openssl"
        << QStringList{"s_client", "-connect", "127.0.0.1:{port}", "-tls1_1", "-quiet"}
        << QByteArray() << "shares no TLS version with Sockeye";
    QTest::newRow("mutual TLS: a client without a certificate is refused")
        << mutual << "openssl"
        << QStringList{"s_client", "-connect", "127.0.0.1:{port}", "-CAfile", "{ca}", "-quiet"}
        << QByteArray() << "sent no certificate, and this server requires one (mutual TLS)";
    QTest::newRow("mutual TLS: the client's certificate is shown")
        << mutual << "openssl"
        << QStringList{"s_client", "-connect", "127.0.0.1:{port}", "-CAfile", "{ca}", "-cert",
                       "{client}", "-key",     "{client.key}",     "-quiet"}
        << QByteArray("hello")
        << "the client's certificate is verified\nCertificate 1 of 2: CN=device-42";
    QTest::newRow("mutual TLS: an untrusted client certificate is refused")
        << mutual << "openssl"
        << QStringList{"s_client", "-connect", "127.0.0.1:{port}", "-CAfile", "{ca}", "-cert",
                       "{self}",   "-key",     "{self.key}",       "-quiet"}
        << QByteArray()
        << "Verification failed: the client's certificate (CN=localhost) is "
           "self-signed";
}

void tst_CliTls::server()
{
    QFETCH(QStringList, listen);
    QFETCH(QString, program);
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, clientGets);
    QFETCH(QString, serverSays);
    Cli cli(QStringList{"listen", "--tls", "--bind", "127.0.0.1", "0", "--echo"} + files(listen),
            {}, false);
    const quint16 port = cli.listeningPort();
    QVERIFY(port != 0);
    QStringList args = files(arguments);
    for (QString &a : args)
        a.replace(QStringLiteral("{port}"), QString::number(port));
    ExternalPeer client(program, args);
    QVERIFY(client.started());
    client.write("hello\n");
    client.process().waitForBytesWritten(5000); // the waits below do not run the event loop
    if (!clientGets.isEmpty())
        QVERIFY2(client.waitForOutput(clientGets), client.errorOutput().constData());
    if (serverSays == QLatin1String("{fingerprint}")) {
        // The client's first line: the SHA-256 it saw. The server printed the same.
        const QByteArray seen = client.output().split('\n').value(0);
        QCOMPARE(seen.size(), 95);
        serverSays = QStringLiteral("SHA-256 %1:").arg(QString::fromLatin1(seen));
    }
    QVERIFY2(cli.waitForErr(serverSays.toUtf8()), cli.err().constData());
}

void tst_CliTls::badInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("said");
    const QStringList connect{"connect", "localhost", "9"};
    QTest::newRow("CA file missing")
        << connect + QStringList{"--tls", "--ca", "/nonexistent/ca.pem"}
        << "The CA file /nonexistent/ca.pem does not exist: check the path.";
    QTest::newRow("CA file holds a key")
        << connect + QStringList{"--tls", "--ca", "{good.key}"}
        << "holds a private key, not a certificate: choose the certificate file";
    QTest::newRow("CA file with no certificate")
        << connect + QStringList{"--tls", "--ca", "{notes}"}
        << "holds no certificate: it should be PEM text with -----BEGIN CERTIFICATE----- "
           "blocks.";
    QTest::newRow("key of another certificate")
        << connect + QStringList{"--tls", "--cert", "{good}", "--key", "{client.key}"}
        << "does not belong to the certificate";
    QTest::newRow("certificate without its key")
        << connect + QStringList{"--tls", "--cert", "{good}"}
        << "A client certificate needs its key file too";
    QTest::newRow("encrypted key without a passphrase")
        << connect + QStringList{"--tls", "--cert", "{good}", "--key", "{good-encrypted.key}"}
        << "is encrypted: enter its passphrase. Give it with --key-pass env:VAR or --key-pass "
           "file:PATH.";
    QTest::newRow("wrong passphrase") << connect + QStringList{"--tls",
                                                               "--cert",
                                                               "{good}",
                                                               "--key",
                                                               "{good-encrypted.key}",
                                                               "--key-pass",
                                                               "env:SOCKEYE_TEST_WRONG_PASS"}
                                      << "The passphrase does not open the key file";
    QTest::newRow("passphrase variable not set")
        << connect + QStringList{"--tls",
                                 "--cert",
                                 "{good}",
                                 "--key",
                                 "{good-encrypted.key}",
                                 "--key-pass",
                                 "env:SOCKEYE_TEST_UNSET"}
        << "the environment variable SOCKEYE_TEST_UNSET is not set.";
    QTest::newRow("a server without a certificate")
        << QStringList{"listen", "--tls", "0"}
        << "give the server's --cert FILE and --key FILE, or --self-signed";
    QTest::newRow("a TLS option without --tls")
        << connect + QStringList{"--insecure"} << "--insecure is a TLS option: add --tls.";
    QTest::newRow("TLS over UDP") << connect + QStringList{"--tls", "--udp"}
                                  << "--tls runs over TCP; it cannot be used with --udp.";
    QTest::newRow("half-close under TLS") << connect + QStringList{"--tls", "--half-close"}
                                          << "a TLS connection cannot be half-closed";
    QTest::newRow("a bad ALPN list") << connect + QStringList{"--tls", "--alpn", "h2,,mqtt"}
                                     << "\"h2,,mqtt\" is not a protocol list";
}

void tst_CliTls::badInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, said);
    qputenv("SOCKEYE_TEST_WRONG_PASS", "not-it");
    qunsetenv("SOCKEYE_TEST_UNSET");
    Cli cli(files(arguments));
    QCOMPARE(cli.wait(), 2);
    const QString err = QString::fromUtf8(cli.err());
    QVERIFY2(err.contains(said), qPrintable(err));
}

void tst_CliTls::recordingIsDecryptedAndSaysSo()
{
    if (!ExternalPeer::available(QStringLiteral("tshark")))
        QSKIP("tshark is not installed");
    const quint16 port = freeTcpPort();
    ExternalPeer peer(QStringLiteral("openssl"),
                      QStringList{"s_server", "-accept", QStringLiteral("127.0.0.1:%1").arg(port),
                                  "-rev", "-quiet"} +
                          files({"-cert", "{good}", "-key", "{good.key}"}));
    QVERIFY(waitUntilListening(port));
    QTemporaryDir dir;
    const QString capture = dir.filePath(QStringLiteral("tls.pcapng"));
    Cli cli(files({"connect", "--tls", "--ca", "{ca}", "localhost", QString::number(port), "--send",
                   "text:abc\\n", "--expect", "cba", "--record", capture}));
    QCOMPARE(cli.wait(), 0);
    // Wireshark's own tools read it: the section comment says what the payloads are...
    ExternalPeer info(QStringLiteral("capinfos"), {QStringLiteral("-k"), capture});
    QVERIFY(info.waitForFinished());
    const QByteArray said = "TLS sessions (TLS client localhost:" + QByteArray::number(port) +
                            "): recorded as their decrypted payloads on synthesized TCP streams";
    QVERIFY2(info.output().contains(said), info.output().constData());
    // ... and the TCP stream holds what TLS carried, not the encrypted bytes.
    ExternalPeer shark(QStringLiteral("tshark"),
                       {"-r", capture, "-T", "fields", "-e", "tcp.payload", "-e", "frame.comment"});
    QVERIFY(shark.waitForFinished());
    QVERIFY2(shark.output().contains("6162630a"), shark.output().constData()); // abc\n
    QVERIFY2(shark.output().contains("TLS handshake done: TLS 1.3"), shark.output().constData());
}

QTEST_GUILESS_MAIN(tst_CliTls)
#include "tst_clitls.moc"
