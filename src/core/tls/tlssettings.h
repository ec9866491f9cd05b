#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace sockeye {

/**
 * A TCP session's TLS, as the user sets it: off by default. A client verifies the server
 * against the system's CAs (or a CA file) unless the user chose not to; a server presents a
 * certificate and key from files, or the self-signed one Sockeye makes for this machine.
 *
 * The key's passphrase is asked for when needed and kept only in memory: toJson() never
 * writes it.
 */
struct TlsSettings
{
    static constexpr qsizetype MaxPathLength = 4096;
    static constexpr qsizetype MaxAlpnProtocols = 16;

    bool enabled = false;

    // Client.
    bool verifyPeer = true; ///< false: "Do not verify", shown as such while connected
    QString caFile;         ///< PEM CA certificates to trust; empty: the system's
    QString serverName;     ///< SNI and the name verified; empty: the host connected to
    QStringList alpn;       ///< protocols offered, in order ("h2", "http/1.1", "mqtt")

    // Both: our certificate (a server's, or a client's for mutual TLS).
    QString certFile;
    QString keyFile;
    QString keyPassphrase; ///< in memory only

    // Server.
    bool selfSigned = false;        ///< present Sockeye's certificate for this machine
    bool requireClientCert = false; ///< mutual TLS: a client without a valid certificate fails

    [[nodiscard]] QJsonObject toJson() const;
    /// Reads the settings; a bad value sets `error` (naming the key) and returns nothing.
    [[nodiscard]] static std::optional<TlsSettings> fromJson(const QJsonObject &json,
                                                             QString *error = nullptr);
    /// "h2,http/1.1" into a list; an empty entry or one longer than 255 bytes (the protocol's
    /// limit) sets `error`.
    [[nodiscard]] static std::optional<QStringList> parseAlpn(const QString &text,
                                                              QString *error = nullptr);

    Q_DECLARE_TR_FUNCTIONS(sockeye::TlsSettings) // last: the macro ends with "private:"
};

} // namespace sockeye
