// The self-signed certificate a TLS server presents when the user has none, checked by the
// openssl command: it verifies against itself, names localhost, 127.0.0.1 and ::1, its key is
// the owner's only and matches, and it is made once and then reused.
#include "tls/selfsignedcertificate.h"
#include "tls/tlscontext.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using sockeye::SelfSignedCertificate;

class tst_SelfSignedCertificate : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void opensslAccepts_data();
    void opensslAccepts();
    void keyIsPrivateAndMatches();
    void reusedOnceMade();
    void fingerprintAsOpensslShowsIt();
    void unwritableFolderIsSaid();

private:
    static QString openssl(const QStringList &arguments, int *exitCode = nullptr);
    QTemporaryDir m_dir;
    SelfSignedCertificate m_own;
};

QString tst_SelfSignedCertificate::openssl(const QStringList &arguments, int *exitCode)
{
    QProcess p;
    p.start(QStringLiteral("openssl"), arguments);
    p.waitForFinished(20000);
    if (exitCode)
        *exitCode = p.exitCode();
    return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
}

void tst_SelfSignedCertificate::initTestCase()
{
    qputenv("SOCKEYE_DATA_DIR", m_dir.path().toLocal8Bit());
    QString error;
    const auto own = SelfSignedCertificate::forThisMachine(&error);
    QVERIFY2(own, qPrintable(error));
    m_own = *own;
    QCOMPARE(m_own.certFile, m_dir.filePath(QStringLiteral("tls/self-signed.crt")));
}

void tst_SelfSignedCertificate::opensslAccepts_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("says");
    QTest::newRow("it verifies as its own authority")
        << QStringList{QStringLiteral("verify"), QStringLiteral("-CAfile"), QStringLiteral("{crt}"),
                       QStringLiteral("{crt}")}
        << QStringLiteral(": OK");
    QTest::newRow("for localhost")
        << QStringList{QStringLiteral("x509"),       QStringLiteral("-in"),
                       QStringLiteral("{crt}"),      QStringLiteral("-noout"),
                       QStringLiteral("-checkhost"), QStringLiteral("localhost")}
        << QStringLiteral("does match certificate");
    QTest::newRow("for 127.0.0.1")
        << QStringList{QStringLiteral("x509"),     QStringLiteral("-in"),
                       QStringLiteral("{crt}"),    QStringLiteral("-noout"),
                       QStringLiteral("-checkip"), QStringLiteral("127.0.0.1")}
        << QStringLiteral("does match certificate");
    QTest::newRow("for ::1") << QStringList{QStringLiteral("x509"),     QStringLiteral("-in"),
                                            QStringLiteral("{crt}"),    QStringLiteral("-noout"),
                                            QStringLiteral("-checkip"), QStringLiteral("::1")}
                             << QStringLiteral("does match certificate");
    QTest::newRow("valid 825 days")
        << QStringList{QStringLiteral("x509"),      QStringLiteral("-in"),
                       QStringLiteral("{crt}"),     QStringLiteral("-noout"),
                       QStringLiteral("-checkend"), QString::number(824 * 86400)}
        << QStringLiteral("will not expire");
}

void tst_SelfSignedCertificate::opensslAccepts()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, says);
    for (QString &a : arguments)
        a.replace(QStringLiteral("{crt}"), m_own.certFile);
    int code = -1;
    const QString out = openssl(arguments, &code);
    QVERIFY2(out.contains(says), qPrintable(out));
    QCOMPARE(code, 0);
}

void tst_SelfSignedCertificate::keyIsPrivateAndMatches()
{
    QCOMPARE(QFile::permissions(m_own.keyFile) &
                 (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteOther),
             QFileDevice::Permissions());
    // openssl's own check that the key is the certificate's.
    const QString fromKey = openssl(
        {QStringLiteral("pkey"), QStringLiteral("-in"), m_own.keyFile, QStringLiteral("-pubout")});
    const QString fromCert = openssl({QStringLiteral("x509"), QStringLiteral("-in"), m_own.certFile,
                                      QStringLiteral("-noout"), QStringLiteral("-pubkey")});
    QVERIFY(fromKey.contains(QLatin1String("BEGIN PUBLIC KEY")));
    QCOMPARE(fromKey, fromCert);
    QVERIFY(sockeye::TlsContext::keyMatches(m_own.certificate, m_own.keyFile, {}));
}

void tst_SelfSignedCertificate::reusedOnceMade()
{
    QString error;
    const auto again = SelfSignedCertificate::forThisMachine(&error);
    QVERIFY(again);
    QCOMPARE(again->certificate, m_own.certificate);
}

void tst_SelfSignedCertificate::fingerprintAsOpensslShowsIt()
{
    const QString out = openssl({QStringLiteral("x509"), QStringLiteral("-in"), m_own.certFile,
                                 QStringLiteral("-noout"), QStringLiteral("-fingerprint"),
                                 QStringLiteral("-sha256")});
    QVERIFY2(out.contains(sockeye::sha256Fingerprint(m_own.certificate)), qPrintable(out));
}

void tst_SelfSignedCertificate::unwritableFolderIsSaid()
{
    QString error;
    QVERIFY(!SelfSignedCertificate::create(QStringLiteral("/proc/sockeye-cannot"),
                                           QStringLiteral("host"), &error));
    QVERIFY2(error.startsWith(QLatin1String("Cannot create the folder /proc/sockeye-cannot")),
             qPrintable(error));
}

QTEST_GUILESS_MAIN(tst_SelfSignedCertificate)
#include "tst_selfsignedcertificate.moc"
