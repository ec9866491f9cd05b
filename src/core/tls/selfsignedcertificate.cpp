#include "selfsignedcertificate.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QHostInfo>
#include <QSaveFile>
#include <QStandardPaths>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace sockeye {

namespace {

template<typename T, void (*Free)(T *)> struct Deleter
{
    void operator()(T *p) const { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, int(size));
}

bool addExtension(X509 *cert, int nid, const QByteArray &value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.constData());
    if (!ext)
        return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

bool writeFile(const QString &path, const QByteArray &bytes, bool secret, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = SelfSignedCertificate::tr("Cannot write %1: %2. Check that the folder can be "
                                           "written.")
                     .arg(path, file.errorString());
        return false;
    }
    if (secret)
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(bytes);
    if (!file.commit()) {
        *error = SelfSignedCertificate::tr("Cannot write %1: %2.").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

QString sha256Fingerprint(const QSslCertificate &certificate)
{
    const QByteArray digest = certificate.digest(QCryptographicHash::Sha256).toHex().toUpper();
    QStringList pairs;
    for (int i = 0; i + 1 < digest.size(); i += 2)
        pairs << QString::fromLatin1(digest.mid(i, 2));
    return pairs.join(QLatin1Char(':'));
}

QString SelfSignedCertificate::folder()
{
    const QString root = qEnvironmentVariable("SOCKEYE_DATA_DIR");
    if (!root.isEmpty())
        return root + QStringLiteral("/tls");
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/sockeye/tls");
}

std::optional<SelfSignedCertificate> SelfSignedCertificate::forThisMachine(QString *error)
{
    const QString dir = folder();
    SelfSignedCertificate own;
    own.certFile = dir + QStringLiteral("/self-signed.crt");
    own.keyFile = dir + QStringLiteral("/self-signed.key");
    QFile cert(own.certFile);
    if (cert.open(QIODevice::ReadOnly) && QFile::exists(own.keyFile)) {
        const QList<QSslCertificate> certs = QSslCertificate::fromData(cert.read(1 << 20));
        if (!certs.isEmpty() &&
            certs.constFirst().expiryDate() > QDateTime::currentDateTimeUtc().addDays(7)) {
            own.certificate = certs.constFirst();
            return own;
        }
    }
    return create(dir, QHostInfo::localHostName(), error);
}

std::optional<SelfSignedCertificate>
SelfSignedCertificate::create(const QString &dir, const QString &hostName, QString *error)
{
    if (!QDir().mkpath(dir)) {
        *error = tr("Cannot create the folder %1 for the self-signed certificate: check that "
                    "its parent can be written.")
                     .arg(dir);
        return std::nullopt;
    }
    const auto failed = [error](const char *step) {
        *error = tr("Could not make a self-signed certificate (OpenSSL failed to %1).")
                     .arg(QLatin1String(step));
        return std::nullopt;
    };
    const KeyPtr key(EVP_EC_gen("P-256"));
    if (!key)
        return failed("make an EC key");
    const X509Ptr cert(X509_new());
    const BnPtr serial(BN_new());
    if (!cert || !serial || X509_set_version(cert.get(), 2) != 1 ||
        BN_rand(serial.get(), 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
        !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())))
        return failed("start the certificate");
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600); // a clock a little behind
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), long(ValidDays) * 24 * 3600);
    X509_set_pubkey(cert.get(), key.get());
    const QString host = hostName.isEmpty() ? QStringLiteral("localhost") : hostName;
    X509_NAME *name = X509_get_subject_name(cert.get());
    const QByteArray cn = host.toUtf8();
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char *>("Sockeye self-signed"), -1,
                               -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char *>(cn.constData()), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    QByteArray names = "DNS:localhost,IP:127.0.0.1,IP:::1";
    if (host != QLatin1String("localhost") && !host.contains(QLatin1Char(',')))
        names = "DNS:" + cn + ',' + names;
    // As `openssl req -x509` makes them: its own CA, so clients can trust it by its file.
    if (!addExtension(cert.get(), NID_basic_constraints, "critical,CA:TRUE") ||
        !addExtension(cert.get(), NID_subject_key_identifier, "hash") ||
        !addExtension(cert.get(), NID_subject_alt_name, names))
        return failed("add the certificate's extensions");
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0)
        return failed("sign the certificate");

    const BioPtr certPem(BIO_new(BIO_s_mem()));
    const BioPtr keyPem(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_X509(certPem.get(), cert.get()) != 1 ||
        PEM_write_bio_PrivateKey(keyPem.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
            1)
        return failed("write PEM");
    SelfSignedCertificate own;
    own.certFile = dir + QStringLiteral("/self-signed.crt");
    own.keyFile = dir + QStringLiteral("/self-signed.key");
    const QByteArray certBytes = bioBytes(certPem.get());
    if (!writeFile(own.keyFile, bioBytes(keyPem.get()), true, error) ||
        !writeFile(own.certFile, certBytes, false, error))
        return std::nullopt;
    own.certificate = QSslCertificate(certBytes, QSsl::Pem);
    return own;
}

} // namespace sockeye
