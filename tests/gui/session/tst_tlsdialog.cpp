// The TLS dialog: which rows a client and a server see, what it gives back, the warning while
// the server's certificate is not verified, and what OK refuses and accepts, with certificates
// the openssl command makes (never an encrypted key: its passphrase would open a modal dialog).
#include "session/tlsdialog.h"
#include "testcertificates.h"
#include "tls/selfsignedcertificate.h"

#include <QFile>
#include <QPushButton>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace sockeye;
using sockeye::test::TestCertificates;

class tst_TlsDialog : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void rowsOfEachSide_data();
    void rowsOfEachSide();
    void roundTrip_data();
    void roundTrip();
    void newKeyFileForgetsPassphrase();
    void serverCertificateChoice_data();
    void serverCertificateChoice();
    void insecureNote_data();
    void insecureNote();
    void refuses_data();
    void refuses();
    void accepts_data();
    void accepts();
    void selfSignedFingerprint();

private:
    /// `name` of the certificates the openssl command made: "good.crt", "client.key"...
    [[nodiscard]] QString file(const QString &name) const { return m_certs->path(name); }

    QTemporaryDir m_data; ///< SOCKEYE_DATA_DIR: where the self-signed certificate goes
    std::unique_ptr<TestCertificates> m_certs;
};

namespace {

SessionConfig tlsConfig(SessionKind kind)
{
    SessionConfig config;
    config.kind = kind;
    config.tls.enabled = true;
    return config;
}

} // namespace

void tst_TlsDialog::initTestCase()
{
    QVERIFY(m_data.isValid());
    // Before any dialog: a server's dialog makes this machine's certificate when it opens.
    qputenv("SOCKEYE_DATA_DIR", m_data.path().toLocal8Bit());
    m_certs = std::make_unique<TestCertificates>();
    QVERIFY2(m_certs->ok(), qPrintable(m_certs->error()));
}

void tst_TlsDialog::rowsOfEachSide_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("client");
    QTest::newRow("a client: verification and server name") << int(SessionKind::TcpClient) << true;
    QTest::newRow("a server: its certificate and clients' certificates")
        << int(SessionKind::TcpServer) << false;
}

void tst_TlsDialog::rowsOfEachSide()
{
    QFETCH(int, kind);
    QFETCH(bool, client);
    SessionConfig config = tlsConfig(SessionKind(kind));
    config.tls.enabled = false;
    TlsDialog dialog(config);
    const auto visible = [&dialog](const QWidget *w) { return w->isVisibleTo(&dialog); };
    QCOMPARE(visible(dialog.ui.verifyPeer), client);
    QCOMPARE(visible(dialog.ui.insecureNote), client);
    QCOMPARE(visible(dialog.ui.serverNameLabel), client);
    QCOMPARE(visible(dialog.ui.serverName), client);
    QCOMPARE(visible(dialog.ui.selfSigned), !client);
    QCOMPARE(visible(dialog.ui.useFiles), !client);
    QCOMPARE(visible(dialog.ui.requireClientCert), !client);
    QCOMPARE(visible(dialog.ui.fingerprint), !client);
    // Both sides: the authorities, ALPN and a certificate of their own.
    QVERIFY(visible(dialog.ui.caFile));
    QVERIFY(visible(dialog.ui.alpn));
    QVERIFY(visible(dialog.ui.certFile));
    QVERIFY(visible(dialog.ui.keyFile));
    QCOMPARE(dialog.ui.peerGroup->title(), client ? QStringLiteral("The server's certificate")
                                                  : QStringLiteral("Clients' certificates"));

    // TLS off: nothing of it can be edited until it is turned on.
    QVERIFY(!dialog.ui.useTls->isChecked());
    QVERIFY(!dialog.ui.peerGroup->isEnabled());
    QVERIFY(!dialog.ui.ownGroup->isEnabled());
    dialog.ui.useTls->setChecked(true);
    QVERIFY(dialog.ui.peerGroup->isEnabled());
    QVERIFY(dialog.ui.ownGroup->isEnabled());
    QVERIFY(dialog.config().tls.enabled);
}

void tst_TlsDialog::roundTrip_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("a client not verifying, with SNI, ALPN and a client certificate")
        << int(SessionKind::TcpClient);
    QTest::newRow("a server with its files, requiring client certificates")
        << int(SessionKind::TcpServer);
}

void tst_TlsDialog::roundTrip()
{
    QFETCH(int, kind);
    const bool client = SessionKind(kind) == SessionKind::TcpClient;
    SessionConfig config = tlsConfig(SessionKind(kind));
    TlsSettings &t = config.tls;
    t.caFile = QStringLiteral("/etc/sockeye/ca.pem");
    t.alpn = QStringList{QStringLiteral("h2"), QStringLiteral("mqtt")};
    t.verifyPeer = !client; // a server keeps the client's default
    t.serverName = client ? QStringLiteral("device.local") : QString();
    t.requireClientCert = !client;
    t.certFile = QStringLiteral("/etc/sockeye/cert.pem");
    t.keyFile = QStringLiteral("/etc/sockeye/key.pem");
    t.keyPassphrase = QStringLiteral("s3cret");
    TlsDialog dialog(config);
    QVERIFY(dialog.ui.useTls->isChecked());
    QCOMPARE(dialog.ui.caFile->text(), t.caFile);
    QCOMPARE(dialog.ui.alpn->text(), QStringLiteral("h2,mqtt"));
    QCOMPARE(dialog.ui.serverName->text(), t.serverName);
    QCOMPARE(dialog.ui.verifyPeer->isChecked(), t.verifyPeer);
    QCOMPARE(dialog.ui.requireClientCert->isChecked(), t.requireClientCert);
    QCOMPARE(dialog.ui.certFile->text(), t.certFile);
    QCOMPARE(dialog.ui.keyFile->text(), t.keyFile);
    if (!client) // files given: not the self-signed certificate
        QVERIFY(dialog.ui.useFiles->isChecked());

    const SessionConfig back = dialog.config();
    QVERIFY(back == config);
    QCOMPARE(back.tls.alpn, t.alpn);
    QCOMPARE(back.tls.verifyPeer, t.verifyPeer);
    QCOMPARE(back.tls.serverName, t.serverName);
    QCOMPARE(back.tls.selfSigned, false);
    QCOMPARE(back.tls.certFile, t.certFile);
    QCOMPARE(back.tls.keyFile, t.keyFile);
    QCOMPARE(back.tls.keyPassphrase, QStringLiteral("s3cret")); // in memory, not in the JSON

    // Edited: spaces around the names and paths go.
    dialog.ui.alpn->setText(QStringLiteral(" h2 , http/1.1 "));
    dialog.ui.caFile->setText(QStringLiteral(" /tmp/other-ca.pem "));
    const SessionConfig edited = dialog.config();
    QCOMPARE(edited.tls.alpn, (QStringList{QStringLiteral("h2"), QStringLiteral("http/1.1")}));
    QCOMPARE(edited.tls.caFile, QStringLiteral("/tmp/other-ca.pem"));
}

void tst_TlsDialog::newKeyFileForgetsPassphrase()
{
    SessionConfig config = tlsConfig(SessionKind::TcpClient);
    config.tls.certFile = QStringLiteral("/etc/sockeye/cert.pem");
    config.tls.keyFile = QStringLiteral("/etc/sockeye/key.pem");
    config.tls.keyPassphrase = QStringLiteral("s3cret");
    TlsDialog dialog(config);
    QCOMPARE(dialog.config().tls.keyPassphrase, QStringLiteral("s3cret"));
    dialog.ui.keyFile->setText(QStringLiteral("/etc/sockeye/other-key.pem"));
    QCOMPARE(dialog.config().tls.keyPassphrase, QString()); // the old key's, not this one's
}

void tst_TlsDialog::serverCertificateChoice_data()
{
    QTest::addColumn<bool>("selfSigned");
    QTest::addColumn<QString>("certFile");
    QTest::addColumn<bool>("startsSelfSigned");
    QTest::newRow("a new server starts on the self-signed certificate")
        << false << QString() << true;
    QTest::newRow("a server with a certificate file starts on its files")
        << false << QStringLiteral("/etc/sockeye/cert.pem") << false;
    QTest::newRow("a server told to use the self-signed certificate")
        << true << QStringLiteral("/etc/sockeye/cert.pem") << true;
}

void tst_TlsDialog::serverCertificateChoice()
{
    QFETCH(bool, selfSigned);
    QFETCH(QString, certFile);
    QFETCH(bool, startsSelfSigned);
    SessionConfig config = tlsConfig(SessionKind::TcpServer);
    config.tls.selfSigned = selfSigned;
    config.tls.certFile = certFile;
    TlsDialog dialog(config);
    for (const bool own : {startsSelfSigned, !startsSelfSigned}) {
        if (own)
            dialog.ui.selfSigned->setChecked(true);
        else
            dialog.ui.useFiles->setChecked(true);
        QCOMPARE(dialog.ui.selfSigned->isChecked(), own);
        QCOMPARE(dialog.ui.useFiles->isChecked(), !own);
        QCOMPARE(dialog.ui.certFile->isEnabled(), !own);
        QCOMPARE(dialog.ui.keyFile->isEnabled(), !own);
        QCOMPARE(dialog.ui.certBrowse->isEnabled(), !own);
        QCOMPARE(dialog.ui.fingerprint->isEnabled(), own);
        QCOMPARE(dialog.config().tls.selfSigned, own);
        QCOMPARE(dialog.config().tls.certFile, certFile); // kept for when the files come back
    }
}

void tst_TlsDialog::insecureNote_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("verifyPeer");
    QTest::newRow("a client verifying") << int(SessionKind::TcpClient) << true;
    QTest::newRow("a client not verifying") << int(SessionKind::TcpClient) << false;
    QTest::newRow("a server (clients choose)") << int(SessionKind::TcpServer) << false;
}

void tst_TlsDialog::insecureNote()
{
    QFETCH(int, kind);
    QFETCH(bool, verifyPeer);
    const bool client = SessionKind(kind) == SessionKind::TcpClient;
    SessionConfig config = tlsConfig(SessionKind(kind));
    config.tls.verifyPeer = verifyPeer;
    TlsDialog dialog(config);
    const QLabel *note = dialog.ui.insecureNote;
    for (const bool verify : {verifyPeer, !verifyPeer, verifyPeer}) {
        dialog.ui.verifyPeer->setChecked(verify);
        if (client && !verify)
            QVERIFY2(note->text().startsWith(QStringLiteral("Not verified: anyone between")),
                     qPrintable(note->text()));
        else
            QCOMPARE(note->text(), QString());
        // Emptied, never hidden: the rows below it do not move.
        QCOMPARE(note->isVisibleTo(&dialog), client);
        QCOMPARE(dialog.config().tls.verifyPeer, verify);
    }
}

void tst_TlsDialog::refuses_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("caFile");
    QTest::addColumn<QString>("alpn");
    QTest::addColumn<QString>("certFile");
    QTest::addColumn<QString>("keyFile");
    QTest::addColumn<QString>("says");
    const int client = int(SessionKind::TcpClient);
    const int server = int(SessionKind::TcpServer);
    const QString missing = m_data.filePath(QStringLiteral("nowhere/ca.pem"));
    QTest::newRow("a CA file that does not exist")
        << client << missing << QString() << QString() << QString()
        << QStringLiteral("The CA file %1 does not exist").arg(missing);
    QTest::newRow("a CA file that holds a key")
        << client << file(QStringLiteral("ca.key")) << QString() << QString() << QString()
        << QStringLiteral("holds a private key, not a certificate");
    QTest::newRow("an ALPN list with an empty name")
        << client << QString() << QStringLiteral("h2,,x") << QString() << QString()
        << QStringLiteral("ALPN: \"h2,,x\" is not a protocol list");
    QTest::newRow("an ALPN name of 256 bytes")
        << server << QString() << QString(256, QLatin1Char('a')) << QString() << QString()
        << QStringLiteral("is not a protocol list");
    QTest::newRow("a server on its files without files")
        << server << QString() << QString() << QString() << QString()
        << QStringLiteral("A TLS server needs a certificate and its key");
    QTest::newRow("a server on its files with a certificate only")
        << server << QString() << QString() << file(QStringLiteral("good.crt")) << QString()
        << QStringLiteral("A TLS server needs a certificate and its key");
    QTest::newRow("a server certificate with another's key")
        << server << QString() << QString() << file(QStringLiteral("good.crt"))
        << file(QStringLiteral("client.key"))
        << QStringLiteral("does not belong to the certificate");
    QTest::newRow("a client certificate without its key")
        << client << QString() << QString() << file(QStringLiteral("client.crt")) << QString()
        << QStringLiteral("A client certificate needs its key file too");
}

void tst_TlsDialog::refuses()
{
    QFETCH(int, kind);
    QFETCH(QString, caFile);
    QFETCH(QString, alpn);
    QFETCH(QString, certFile);
    QFETCH(QString, keyFile);
    QFETCH(QString, says);
    TlsDialog dialog(tlsConfig(SessionKind(kind)));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.ui.useFiles->setChecked(true);
    dialog.ui.caFile->setText(caFile);
    dialog.ui.alpn->setText(alpn);
    dialog.ui.certFile->setText(certFile);
    dialog.ui.keyFile->setText(keyFile);
    QCOMPARE(dialog.error(), QString());
    dialog.okButton()->click();
    QVERIFY(dialog.isVisible()); // stays open with the reason
    QCOMPARE_NE(dialog.result(), int(QDialog::Accepted));
    QVERIFY2(dialog.error().contains(says), qPrintable(dialog.error()));
}

void tst_TlsDialog::accepts_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("enabled");
    QTest::addColumn<QString>("caFile");
    QTest::addColumn<QString>("alpn");
    QTest::addColumn<QString>("certFile");
    QTest::addColumn<QString>("keyFile");
    const int client = int(SessionKind::TcpClient);
    const int server = int(SessionKind::TcpServer);
    const QString missing = m_data.filePath(QStringLiteral("nowhere/ca.pem"));
    QTest::newRow("TLS off, a CA file that does not exist")
        << client << false << missing << QString() << QString() << QString();
    QTest::newRow("TLS off, a server on its files without files")
        << server << false << QString() << QString() << QString() << QString();
    QTest::newRow("TLS off, a key that is not the certificate's")
        << server << false << QString() << QString() << file(QStringLiteral("good.crt"))
        << file(QStringLiteral("client.key"));
    QTest::newRow("TLS off, an ALPN list with an empty name")
        << client << false << QString() << QStringLiteral("h2,,x") << QString() << QString();
    QTest::newRow("a client with the system's authorities")
        << client << true << QString() << QStringLiteral("h2,http/1.1") << QString() << QString();
    QTest::newRow("a client trusting a CA file the openssl command made")
        << client << true << file(QStringLiteral("ca.crt")) << QString() << QString() << QString();
    QTest::newRow("a client trusting a self-signed server's certificate")
        << client << true << file(QStringLiteral("self.crt")) << QString() << QString()
        << QString();
    QTest::newRow("a client with a client certificate and its key")
        << client << true << file(QStringLiteral("ca.crt")) << QString()
        << file(QStringLiteral("client.crt")) << file(QStringLiteral("client.key"));
    QTest::newRow("a server with its certificate and key files")
        << server << true << file(QStringLiteral("ca.crt")) << QStringLiteral("mqtt")
        << file(QStringLiteral("good.crt")) << file(QStringLiteral("good.key"));
}

void tst_TlsDialog::accepts()
{
    QFETCH(int, kind);
    QFETCH(bool, enabled);
    QFETCH(QString, caFile);
    QFETCH(QString, alpn);
    QFETCH(QString, certFile);
    QFETCH(QString, keyFile);
    TlsDialog dialog(tlsConfig(SessionKind(kind)));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    // Filled in with TLS on, then TLS off if the row says (its fields are disabled while off).
    dialog.ui.useFiles->setChecked(true);
    dialog.ui.caFile->setText(caFile);
    dialog.ui.alpn->setText(alpn);
    dialog.ui.certFile->setText(certFile);
    dialog.ui.keyFile->setText(keyFile);
    dialog.ui.useTls->setChecked(enabled);
    dialog.okButton()->click();
    QVERIFY2(!dialog.isVisible(), qPrintable(dialog.error()));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.config().tls.enabled, enabled);
    QCOMPARE(dialog.config().tls.certFile, certFile);
}

void tst_TlsDialog::selfSignedFingerprint()
{
    TlsDialog dialog(tlsConfig(SessionKind::TcpServer));
    QVERIFY(dialog.ui.selfSigned->isChecked());
    QVERIFY(dialog.ui.fingerprint->isVisibleTo(&dialog));
    // Made when the dialog opened, in SOCKEYE_DATA_DIR: its file, then its fingerprint.
    const QString certFile = m_data.filePath(QStringLiteral("tls/self-signed.crt"));
    QVERIFY(QFile::exists(certFile));
    QVERIFY(QFile::exists(m_data.filePath(QStringLiteral("tls/self-signed.key"))));
    const QStringList lines = dialog.ui.fingerprint->text().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0), certFile);
    static const QRegularExpression format(
        QStringLiteral("^SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$"));
    QVERIFY2(format.match(lines.at(1)).hasMatch(), qPrintable(lines.at(1)));
    const QList<QSslCertificate> own = QSslCertificate::fromPath(certFile);
    QCOMPARE(own.size(), 1);
    QCOMPARE(lines.at(1), QStringLiteral("SHA-256 ") + sha256Fingerprint(own.constFirst()));

    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.okButton()->click();
    QVERIFY2(!dialog.isVisible(), qPrintable(dialog.error()));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const SessionConfig config = dialog.config();
    QVERIFY(config.tls.selfSigned);
    QCOMPARE(config.tls.certFile, QString()); // the session finds it itself
    // The same certificate as shown, not one made anew.
    QCOMPARE(QSslCertificate::fromPath(certFile), own);
}

QTEST_MAIN(tst_TlsDialog)
#include "tst_tlsdialog.moc"
