#pragma once

#include <QCoreApplication>
#include <QList>
#include <QSslCertificate>
#include <QSslError>
#include <QString>
#include <QStringList>

#include <optional>

class QSslSocket;

namespace sockeye {

/// What a TLS connection agreed on, kept with its peer for the timeline and the details view.
struct TlsPeerInfo
{
    bool encrypted = false;       ///< false: a plain TCP connection
    bool verified = false;        ///< the peer's certificate was checked and passed
    QString protocol;             ///< "TLS 1.3"
    QString cipher;               ///< "TLS_AES_256_GCM_SHA384"
    QString alpn;                 ///< the protocol agreed on by ALPN; empty: none
    QString serverName;           ///< client: the name sent as SNI and verified
    QList<QSslCertificate> chain; ///< the peer's certificates, its own first
};

/// An alert the peer sent during the handshake (QSslSocket::alertReceived).
struct TlsAlert
{
    int type = -1; ///< QSsl::AlertType
    QString description;
};

/// The sentences of TLS: a handshake's result, certificates, and failures in plain words with
/// what to do.
class TlsReport
{
    Q_DECLARE_TR_FUNCTIONS(sockeye::TlsReport)

public:
    enum class Side { Server, Client }; ///< whose certificate or handshake it is: the peer's

    /// The socket's agreed protocol, cipher, ALPN and chain, once encrypted.
    [[nodiscard]] static TlsPeerInfo infoOf(const QSslSocket *socket, bool verified);
    /// "TLS handshake done: TLS 1.3, TLS_AES_256_GCM_SHA384, ALPN h2; certificate verified".
    [[nodiscard]] static QString handshakeDone(const TlsPeerInfo &info, Side peerSide);
    /// One line per certificate: subject, issuer, validity and SHA-256 fingerprint.
    [[nodiscard]] static QStringList chainLines(const QList<QSslCertificate> &chain);
    /// "CN=device.local, O=Acme"
    [[nodiscard]] static QString nameText(const QSslCertificate &certificate, bool issuer);
    /// The names a certificate is for: its DNS and IP subject alternative names, else its CN.
    [[nodiscard]] static QStringList namesOf(const QSslCertificate &certificate);

    /// Why the peer's certificate failed verification, and what to do. `connectedName` is the
    /// name the client verified (SNI or host).
    [[nodiscard]] static QString verifyFailure(const QList<QSslError> &errors,
                                               const QString &connectedName, Side peerSide);
    /// Why a handshake failed without a verification error: an alert the peer sent, a peer that
    /// does not speak TLS, no shared protocol or cipher, or a peer that closed.
    [[nodiscard]] static QString handshakeFailure(const QString &endpoint, Side peerSide,
                                                  const std::optional<TlsAlert> &alert,
                                                  bool peerClosed, const QString &detail);
    /// "TLS 1.3" for QSsl::TlsV1_3 ...
    [[nodiscard]] static QString protocolName(int protocol);
};

} // namespace sockeye
