#pragma once

#include <QCoreApplication>
#include <QSslCertificate>
#include <QString>

#include <optional>

namespace sockeye {

/**
 * The certificate a TLS server of Sockeye presents when the user has none: made once per
 * user and machine (an EC P-256 key, for the host's name, localhost, 127.0.0.1 and ::1, valid
 * 825 days), kept in Sockeye's data folder and made anew once it nears its end. Clients do
 * not trust it unless told to: its fingerprint is shown so a user can compare it there.
 */
class SelfSignedCertificate
{
    Q_DECLARE_TR_FUNCTIONS(sockeye::SelfSignedCertificate)

public:
    static constexpr int ValidDays = 825;

    QString certFile;
    QString keyFile; ///< unencrypted, readable by its owner only
    QSslCertificate certificate;

    /// The folder it lives in: the generic data folder's sockeye/tls, shared by the app and the
    /// CLI (SOCKEYE_DATA_DIR, when set, stands for sockeye/, for tests).
    [[nodiscard]] static QString folder();
    /// This machine's certificate, made now if there is none or it expires within a week.
    [[nodiscard]] static std::optional<SelfSignedCertificate> forThisMachine(QString *error);
    /// Makes a new one in `dir` for `hostName`; `error` says why not.
    [[nodiscard]] static std::optional<SelfSignedCertificate>
    create(const QString &dir, const QString &hostName, QString *error);
};

/// "AB:CD:..." — the SHA-256 fingerprint of a certificate's DER, as browsers and openssl show it.
[[nodiscard]] QString sha256Fingerprint(const QSslCertificate &certificate);

} // namespace sockeye
