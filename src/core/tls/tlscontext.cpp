#include "tlscontext.h"

#include "selfsignedcertificate.h"

#include <QFile>
#include <QFileInfo>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

namespace sockeye {

namespace {

struct BioFree
{
    void operator()(BIO *b) const { BIO_free(b); }
};
struct KeyFree
{
    void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); }
};
struct X509Free
{
    void operator()(X509 *x) const { X509_free(x); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;

/// OpenSSL asks for the passphrase only when the key is encrypted: that tells "needs one"
/// from "malformed".
struct Passphrase
{
    QByteArray text;
    bool asked = false;
};

int passphraseCallback(char *buffer, int size, int, void *data)
{
    auto *p = static_cast<Passphrase *>(data);
    p->asked = true;
    if (p->text.isEmpty() || p->text.size() > size)
        return -1;
    memcpy(buffer, p->text.constData(), size_t(p->text.size()));
    return int(p->text.size());
}

std::optional<QByteArray> readSmallFile(const QString &path, const QString &what, QString *error)
{
    QFile file(path);
    const QFileInfo info(path);
    if (!info.exists()) {
        *error = TlsContext::tr("The %1 %2 does not exist: check the path.").arg(what, path);
        return std::nullopt;
    }
    if (info.isDir()) {
        *error = TlsContext::tr("The %1 %2 is a folder: choose the file in it.").arg(what, path);
        return std::nullopt;
    }
    if (info.size() > TlsContext::MaxFileBytes) {
        *error = TlsContext::tr("The %1 %2 is %3 bytes: too big for a certificate or key "
                                "file (they are a few KiB); check that it is the right file.")
                     .arg(what, path)
                     .arg(info.size());
        return std::nullopt;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = TlsContext::tr("Cannot read the %1 %2: %3. Check its permissions.")
                     .arg(what, path, file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

KeyPtr loadKey(const QByteArray &pem, const QByteArray &passphrase, bool *asked)
{
    BioPtr bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    Passphrase p{passphrase, false};
    KeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, passphraseCallback, &p));
    *asked = p.asked;
    return key;
}

} // namespace

QList<QSslCertificate> TlsContext::readCertificates(const QString &path, const QString &what,
                                                    QString *error)
{
    const auto data = readSmallFile(path, what, error);
    return data ? parseCertificates(*data, path, what, error) : QList<QSslCertificate>();
}

QList<QSslCertificate> TlsContext::parseCertificates(const QByteArray &data, const QString &path,
                                                     const QString &what, QString *error)
{
    QList<QSslCertificate> certs = QSslCertificate::fromData(data, QSsl::Pem);
    if (certs.isEmpty())
        certs = QSslCertificate::fromData(data, QSsl::Der);
    if (certs.isEmpty()) {
        *error = data.contains("PRIVATE KEY")
                     ? tr("The %1 %2 holds a private key, not a certificate: choose the "
                          "certificate file (-----BEGIN CERTIFICATE-----).")
                           .arg(what, path)
                     : tr("The %1 %2 holds no certificate: it should be PEM text with "
                          "-----BEGIN CERTIFICATE----- blocks.")
                           .arg(what, path);
    }
    return certs;
}

std::optional<QSslKey> TlsContext::readPrivateKey(const QString &path, const QByteArray &passphrase,
                                                  TlsSetupProblem *problem)
{
    const auto fail = [problem](TlsSetupProblem::Kind kind, const QString &message) {
        problem->kind = kind;
        problem->message = message;
        return std::nullopt;
    };
    QString error;
    const auto data = readSmallFile(path, tr("key file"), &error);
    if (!data)
        return fail(TlsSetupProblem::Kind::BadSettings, error);
    return parsePrivateKey(*data, path, passphrase, problem);
}

std::optional<QSslKey> TlsContext::parsePrivateKey(const QByteArray &data, const QString &path,
                                                   const QByteArray &passphrase,
                                                   TlsSetupProblem *problem)
{
    const auto fail = [problem](TlsSetupProblem::Kind kind, const QString &message) {
        problem->kind = kind;
        problem->message = message;
        return std::nullopt;
    };
    bool asked = false;
    KeyPtr key = loadKey(data, passphrase, &asked);
    if (!key) {
        if (asked && passphrase.isEmpty())
            return fail(TlsSetupProblem::Kind::NeedsPassphrase,
                        tr("The key file %1 is encrypted: enter its passphrase.").arg(path));
        if (asked)
            return fail(TlsSetupProblem::Kind::WrongPassphrase,
                        tr("The passphrase does not open the key file %1: check it and enter it "
                           "again.")
                            .arg(path));
        return fail(TlsSetupProblem::Kind::BadSettings,
                    data.contains("CERTIFICATE")
                        ? tr("The key file %1 holds a certificate, not a private key: choose "
                             "the key file (-----BEGIN PRIVATE KEY-----).")
                              .arg(path)
                        : tr("The key file %1 holds no private key Sockeye can read: it should "
                             "be PEM text with a -----BEGIN PRIVATE KEY----- block (RSA, EC or "
                             "Ed25519).")
                              .arg(path));
    }
    // Hand Qt the key decrypted, in memory: RSA and EC as PEM, others as OpenSSL's own.
    const int type = EVP_PKEY_get_base_id(key.get());
    if (type == EVP_PKEY_RSA || type == EVP_PKEY_EC) {
        BioPtr out(BIO_new(BIO_s_mem()));
        PEM_write_bio_PrivateKey(out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
        char *bytes = nullptr;
        const long size = BIO_get_mem_data(out.get(), &bytes);
        const QByteArray pem(bytes, int(size));
        QSslKey qkey(pem, type == EVP_PKEY_RSA ? QSsl::Rsa : QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
        OPENSSL_cleanse(bytes, size_t(size));
        if (!qkey.isNull())
            return qkey;
    }
    return QSslKey(Qt::HANDLE(key.release()), QSsl::PrivateKey);
}

bool TlsContext::keyMatches(const QSslCertificate &cert, const QString &keyPath,
                            const QByteArray &passphrase)
{
    QFile file(keyPath);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    bool asked = false;
    const KeyPtr key = loadKey(file.read(MaxFileBytes), passphrase, &asked);
    const QByteArray der = cert.toDer();
    const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
    const std::unique_ptr<X509, X509Free> x509(d2i_X509(nullptr, &p, long(der.size())));
    return key && x509 && X509_check_private_key(x509.get(), key.get()) == 1;
}

std::optional<QSslConfiguration> TlsContext::build(const TlsSettings &s, Role role,
                                                   TlsSetupProblem *problem)
{
    const auto bad = [problem](const QString &message) {
        problem->kind = TlsSetupProblem::Kind::BadSettings;
        problem->message = message;
        return std::nullopt;
    };
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    QString error;
    if (!s.caFile.isEmpty()) {
        const QList<QSslCertificate> cas = readCertificates(s.caFile, tr("CA file"), &error);
        if (cas.isEmpty())
            return bad(error);
        conf.addCaCertificates(cas);
    }

    QString certFile = s.certFile;
    QString keyFile = s.keyFile;
    QByteArray passphrase = s.keyPassphrase.toUtf8();
    if (role == Role::Server && s.selfSigned) {
        const auto own = SelfSignedCertificate::forThisMachine(&error);
        if (!own)
            return bad(error);
        certFile = own->certFile;
        keyFile = own->keyFile;
        passphrase.clear();
    }
    if (role == Role::Server && (certFile.isEmpty() || keyFile.isEmpty()))
        return bad(tr("A TLS server needs a certificate and its key: choose both files, or use "
                      "a self-signed certificate for this machine."));
    if (certFile.isEmpty() != keyFile.isEmpty())
        return bad(certFile.isEmpty()
                       ? tr("A client certificate needs its certificate file too: choose the "
                            "certificate that goes with the key %1.")
                             .arg(keyFile)
                       : tr("A client certificate needs its key file too: choose the key that "
                            "goes with %1.")
                             .arg(certFile));
    if (!certFile.isEmpty()) {
        const QList<QSslCertificate> chain =
            readCertificates(certFile, tr("certificate file"), &error);
        if (chain.isEmpty())
            return bad(error);
        const auto key = readPrivateKey(keyFile, passphrase, problem);
        if (!key)
            return std::nullopt;
        if (!keyMatches(chain.constFirst(), keyFile, passphrase))
            return bad(tr("The key file %1 does not belong to the certificate %2: choose the "
                          "key that was made with that certificate.")
                           .arg(keyFile, certFile));
        conf.setLocalCertificateChain(chain);
        conf.setPrivateKey(*key);
    }

    QList<QByteArray> protocols;
    for (const QString &name : s.alpn)
        protocols << name.toUtf8();
    conf.setAllowedNextProtocols(protocols);
    if (role == Role::Client)
        conf.setPeerVerifyMode(s.verifyPeer ? QSslSocket::VerifyPeer : QSslSocket::VerifyNone);
    else // without the requirement, a client's certificate is asked for and shown if it has one
        conf.setPeerVerifyMode(s.requireClientCert ? QSslSocket::VerifyPeer
                                                   : QSslSocket::QueryPeer);
    problem->kind = TlsSetupProblem::Kind::None;
    return conf;
}

} // namespace sockeye
