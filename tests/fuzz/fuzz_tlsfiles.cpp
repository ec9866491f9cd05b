// Fuzzes what Sockeye reads from certificate, CA and key files, and the TLS settings of a
// workspace: arbitrary bytes never crash; a file either gives certificates (each with a
// 95-character SHA-256 fingerprint and one chain line) or a sentence naming it; a key either
// opens or says why; settings either round-trip through JSON or say what is wrong.

#include "fuzzcheck.h"
#include "tls/selfsignedcertificate.h"
#include "tls/tlscontext.h"
#include "tls/tlsreport.h"
#include "tls/tlssettings.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace sockeye;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString path = QStringLiteral("fuzz.pem");

    QString error;
    const QList<QSslCertificate> certs =
        TlsContext::parseCertificates(bytes, path, QStringLiteral("CA file"), &error);
    SOCKEYE_FUZZ_CHECK(!certs.isEmpty() || error.contains(path), "no certificate is said");
    SOCKEYE_FUZZ_CHECK(TlsReport::chainLines(certs).size() == certs.size(), "one line each");
    for (const QSslCertificate &c : certs) {
        if (!c.isNull())
            SOCKEYE_FUZZ_CHECK(sha256Fingerprint(c).size() == 95, "fingerprint shape");
        (void)TlsReport::namesOf(c);
    }

    // The first byte picks a passphrase (none, or one), the rest is the key file.
    if (size > 0) {
        const QByteArray passphrase = data[0] & 1 ? QByteArray("s3cret") : QByteArray();
        TlsSetupProblem problem;
        const auto key = TlsContext::parsePrivateKey(bytes.mid(1), path, passphrase, &problem);
        SOCKEYE_FUZZ_CHECK(key || (!problem.message.isEmpty() && problem.message.contains(path)),
                           "a key that does not open is said");
        if (key)
            SOCKEYE_FUZZ_CHECK(!key->isNull(), "an opened key is a key");
    }

    const QJsonObject json = QJsonDocument::fromJson(bytes).object();
    const auto settings = TlsSettings::fromJson(json, &error);
    if (settings) {
        const auto again = TlsSettings::fromJson(settings->toJson());
        SOCKEYE_FUZZ_CHECK(again && again->toJson() == settings->toJson(), "settings round trip");
    } else {
        SOCKEYE_FUZZ_CHECK(error.startsWith(QLatin1String("tls.")), "a refusal names its key");
    }
    return 0;
}
