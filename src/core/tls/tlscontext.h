#pragma once

#include "tlssettings.h"

#include <QCoreApplication>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>

#include <optional>

namespace sockeye {

/// Why TLS settings could not be turned into a configuration.
struct TlsSetupProblem
{
    enum class Kind {
        None,
        BadSettings,     ///< a file is missing, unreadable, malformed or does not match
        NeedsPassphrase, ///< the key is encrypted and no passphrase was given: ask for it
        WrongPassphrase, ///< the passphrase given does not open the key: ask again
    };
    Kind kind = Kind::None;
    QString message; ///< names the file or field and what to do
};

/**
 * Turns TlsSettings into the QSslConfiguration a socket or server uses, having read and
 * checked every file first: nothing starts half-configured. Certificates and keys are PEM;
 * a key may be encrypted (its passphrase comes in the settings, in memory only).
 */
class TlsContext
{
    Q_DECLARE_TR_FUNCTIONS(sockeye::TlsContext)

public:
    enum class Role { Client, Server };

    /// The biggest certificate or key file read (a real one is a few KiB).
    static constexpr qint64 MaxFileBytes = 1024 * 1024;

    [[nodiscard]] static std::optional<QSslConfiguration>
    build(const TlsSettings &settings, Role role, TlsSetupProblem *problem);

    /// The certificates of a PEM (or DER) file; none, with `error` set, when it holds none.
    [[nodiscard]] static QList<QSslCertificate>
    readCertificates(const QString &path, const QString &what, QString *error);
    /// The same for a file's bytes (`path` names it in the sentence).
    [[nodiscard]] static QList<QSslCertificate> parseCertificates(const QByteArray &data,
                                                                  const QString &path,
                                                                  const QString &what,
                                                                  QString *error);
    /// The private key of a PEM file, opened with `passphrase` when it is encrypted.
    [[nodiscard]] static std::optional<QSslKey>
    readPrivateKey(const QString &path, const QByteArray &passphrase, TlsSetupProblem *problem);
    /// The same for a file's bytes (`path` names it in the sentence).
    [[nodiscard]] static std::optional<QSslKey> parsePrivateKey(const QByteArray &data,
                                                                const QString &path,
                                                                const QByteArray &passphrase,
                                                                TlsSetupProblem *problem);
    /// Whether `key` (a file's, as read by readPrivateKey) is the private half of `cert`.
    [[nodiscard]] static bool keyMatches(const QSslCertificate &cert, const QString &keyPath,
                                         const QByteArray &passphrase);
};

} // namespace sockeye
