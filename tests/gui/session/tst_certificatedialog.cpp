// The certificate chain of a TLS peer, with certificates the openssl command makes (a CA and
// leaves it signed, valid, expired and not yet valid): each certificate's fields, its
// fingerprint as openssl shows it, and the summary of the connection.
#include "session/certificatedialog.h"
#include "testcertificates.h"
#include "tls/selfsignedcertificate.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace sockeye;
using sockeye::test::TestCertificates;

class tst_CertificateDialog : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void chain();
    void validity_data();
    void validity();
    void fingerprintAsOpensslShowsIt_data();
    void fingerprintAsOpensslShowsIt();
    void summary_data();
    void summary();
    void copiesThePem();

private:
    [[nodiscard]] QSslCertificate certificate(const QString &name) const;
    /// What `openssl x509 -noout <options> -in <name>.crt` prints after its "=".
    [[nodiscard]] QString opensslSays(const QString &name, const QStringList &options) const;

    std::unique_ptr<TestCertificates> m_certs;
};

namespace {

TlsPeerInfo peerInfo(const QList<QSslCertificate> &chain)
{
    TlsPeerInfo info;
    info.encrypted = true;
    info.verified = true;
    info.protocol = QStringLiteral("TLS 1.3");
    info.cipher = QStringLiteral("TLS_AES_256_GCM_SHA384");
    info.chain = chain;
    return info;
}

/// The lines of certificate `index` (from 1) in `text`: its heading, then its fields.
QStringList block(const QString &text, int index)
{
    const QStringList lines = text.split(QLatin1Char('\n'));
    const QString heading = QStringLiteral("Certificate %1 of ").arg(index);
    QStringList out;
    for (const QString &line : lines) {
        if (!line.startsWith(QLatin1Char(' '))) {
            if (!out.isEmpty())
                break;
            if (!line.startsWith(heading))
                continue;
        } else if (out.isEmpty()) {
            continue;
        }
        out << line;
    }
    return out;
}

} // namespace

QSslCertificate tst_CertificateDialog::certificate(const QString &name) const
{
    const QList<QSslCertificate> certs = QSslCertificate::fromPath(m_certs->crt(name));
    return certs.isEmpty() ? QSslCertificate() : certs.constFirst();
}

QString tst_CertificateDialog::opensslSays(const QString &name, const QStringList &options) const
{
    QProcess p;
    p.start(QStringLiteral("openssl"), QStringList{QStringLiteral("x509"), QStringLiteral("-noout")}
                                           << options << QStringLiteral("-in")
                                           << m_certs->crt(name));
    if (!p.waitForFinished(20000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return QString();
    const QString out = QString::fromLatin1(p.readAllStandardOutput()).trimmed();
    const qsizetype equals = out.indexOf(QLatin1Char('='));
    return equals < 0 ? QString() : out.mid(equals + 1);
}

void tst_CertificateDialog::initTestCase()
{
    m_certs = std::make_unique<TestCertificates>();
    QVERIFY2(m_certs->ok(), qPrintable(m_certs->error()));
    for (const QString &name : {QStringLiteral("ca"), QStringLiteral("good"),
                                QStringLiteral("expired"), QStringLiteral("future")})
        QVERIFY2(!certificate(name).isNull(), qPrintable(name));
}

void tst_CertificateDialog::chain()
{
    const QSslCertificate leaf = certificate(QStringLiteral("good"));
    const QSslCertificate ca = certificate(QStringLiteral("ca"));
    CertificateDialog dialog(peerInfo({leaf, ca}), QStringLiteral("127.0.0.1:4433"));
    QCOMPARE(dialog.windowTitle(), QStringLiteral("Certificates of 127.0.0.1:4433"));
    QCOMPARE(dialog.tree()->topLevelItemCount(), 2);
    QVERIFY(dialog.tree()->topLevelItem(0)->isExpanded()); // the peer's own, open
    QVERIFY(!dialog.tree()->topLevelItem(1)->isExpanded());

    const QString text = dialog.text();
    const QStringList first = block(text, 1);
    QCOMPARE(first.value(0), QStringLiteral("Certificate 1 of 2: CN=localhost"));
    QVERIFY2(first.contains(QStringLiteral("  Subject: CN=localhost")), qPrintable(text));
    QVERIFY2(first.contains(QStringLiteral("  Issuer: CN=Sockeye Test CA")), qPrintable(text));
    // The dates `openssl ca -startdate -enddate` gave it.
    QVERIFY2(first.contains(QStringLiteral("  Valid from: 2020-01-01 00:00:00 UTC")),
             qPrintable(text));
    QVERIFY2(first.contains(QStringLiteral("  Valid until: 2045-01-01 00:00:00 UTC")),
             qPrintable(text));
    QVERIFY2(first.contains(QStringLiteral("  For names: localhost")), qPrintable(text));
    QVERIFY2(first.contains(QStringLiteral("  SHA-256: ") + sha256Fingerprint(leaf)),
             qPrintable(text));
    QVERIFY2(first.contains(QStringLiteral("  Self-signed: no")), qPrintable(text));
    QCOMPARE(first.size(), 1 + 8);

    const QStringList second = block(text, 2);
    QCOMPARE(second.value(0), QStringLiteral("Certificate 2 of 2: CN=Sockeye Test CA"));
    QVERIFY2(second.contains(QStringLiteral("  Subject: CN=Sockeye Test CA")), qPrintable(text));
    QVERIFY2(second.contains(QStringLiteral("  Issuer: CN=Sockeye Test CA")), qPrintable(text));
    QVERIFY2(second.contains(QStringLiteral("  SHA-256: ") + sha256Fingerprint(ca)),
             qPrintable(text));
    QVERIFY2(second.contains(QStringLiteral("  Self-signed: yes")), qPrintable(text));
    QCOMPARE(second.size(), 1 + 8);
    QCOMPARE(text.split(QLatin1Char('\n')).size(), 2 * (1 + 8));

    // The serial number as openssl prints it (hex), Qt's with colons.
    const QString serial = opensslSays(QStringLiteral("good"), {QStringLiteral("-serial")});
    QVERIFY(!serial.isEmpty());
    QString shown;
    for (const QString &line : first) {
        if (line.startsWith(QStringLiteral("  Serial number: ")))
            shown = line.mid(int(qstrlen("  Serial number: ")));
    }
    QCOMPARE(shown.remove(QLatin1Char(':')).toUpper(), serial.toUpper());
}

void tst_CertificateDialog::validity_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("until");
    QTest::newRow("valid today") << QStringLiteral("good")
                                 << QStringLiteral("2020-01-01 00:00:00 UTC")
                                 << QStringLiteral("2045-01-01 00:00:00 UTC");
    QTest::newRow("expired") << QStringLiteral("expired")
                             << QStringLiteral("2020-01-01 00:00:00 UTC")
                             << QStringLiteral("2020-02-01 00:00:00 UTC (expired)");
    QTest::newRow("not yet valid")
        << QStringLiteral("future") << QStringLiteral("2040-01-01 00:00:00 UTC")
        << QStringLiteral("2040-02-01 00:00:00 UTC (not yet valid)");
}

void tst_CertificateDialog::validity()
{
    QFETCH(QString, name);
    QFETCH(QString, from);
    QFETCH(QString, until);
    CertificateDialog dialog(peerInfo({certificate(name)}), QStringLiteral("localhost:443"));
    const QStringList lines = block(dialog.text(), 1);
    QCOMPARE(lines.value(0), QStringLiteral("Certificate 1 of 1: CN=localhost"));
    QVERIFY2(lines.contains(QStringLiteral("  Valid from: ") + from), qPrintable(dialog.text()));
    QVERIFY2(lines.contains(QStringLiteral("  Valid until: ") + until), qPrintable(dialog.text()));
}

void tst_CertificateDialog::fingerprintAsOpensslShowsIt_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("a CA") << QStringLiteral("ca");
    QTest::newRow("a leaf it signed") << QStringLiteral("good");
    QTest::newRow("a self-signed certificate") << QStringLiteral("self");
}

void tst_CertificateDialog::fingerprintAsOpensslShowsIt()
{
    QFETCH(QString, name);
    const QSslCertificate cert = certificate(name);
    QVERIFY(!cert.isNull());
    // "sha256 Fingerprint=AB:CD:..."
    const QString expected =
        opensslSays(name, {QStringLiteral("-fingerprint"), QStringLiteral("-sha256")});
    QCOMPARE(expected.size(), 32 * 3 - 1);
    QCOMPARE(sha256Fingerprint(cert), expected);

    CertificateDialog dialog(peerInfo({cert}), QStringLiteral("localhost:443"));
    QVERIFY2(block(dialog.text(), 1).contains(QStringLiteral("  SHA-256: ") + expected),
             qPrintable(dialog.text()));
}

void tst_CertificateDialog::summary_data()
{
    QTest::addColumn<bool>("verified");
    QTest::addColumn<QString>("alpn");
    QTest::addColumn<QString>("says");
    QTest::newRow("verified, no ALPN")
        << true << QString() << QStringLiteral("TLS 1.3, TLS_AES_256_GCM_SHA384: verified");
    QTest::newRow("not verified, ALPN h2")
        << false << QStringLiteral("h2")
        << QStringLiteral("TLS 1.3, TLS_AES_256_GCM_SHA384, ALPN h2: not verified");
}

void tst_CertificateDialog::summary()
{
    QFETCH(bool, verified);
    QFETCH(QString, alpn);
    QFETCH(QString, says);
    TlsPeerInfo info = peerInfo({certificate(QStringLiteral("self"))});
    info.verified = verified;
    info.alpn = alpn;
    CertificateDialog dialog(info, QStringLiteral("localhost:443"));
    QStringList labels;
    for (const QLabel *label : dialog.findChildren<QLabel *>())
        labels << label->text();
    QVERIFY2(labels.contains(says), qPrintable(labels.join(QLatin1Char('|'))));
}

void tst_CertificateDialog::copiesThePem()
{
    const QSslCertificate leaf = certificate(QStringLiteral("good"));
    const QSslCertificate ca = certificate(QStringLiteral("ca"));
    CertificateDialog dialog(peerInfo({leaf, ca}), QStringLiteral("127.0.0.1:4433"));
    QPushButton *copy = nullptr;
    for (QPushButton *b : dialog.findChildren<QPushButton *>()) {
        if (b->text() == QStringLiteral("&Copy as PEM"))
            copy = b;
    }
    QVERIFY(copy);
    QApplication::clipboard()->clear();
    copy->click();
    const QString pem = QApplication::clipboard()->text();
    QCOMPARE(QSslCertificate::fromData(pem.toLatin1(), QSsl::Pem),
             (QList<QSslCertificate>{leaf, ca}));
}

QTEST_MAIN(tst_CertificateDialog)
#include "tst_certificatedialog.moc"
