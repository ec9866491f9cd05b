#include "tlsreport.h"

#include "selfsignedcertificate.h"

#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>

namespace sockeye {

namespace {

QString dateText(const QDateTime &when)
{
    return when.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

} // namespace

QString TlsReport::protocolName(int protocol)
{
    switch (QSsl::SslProtocol(protocol)) {
    case QSsl::TlsV1_3:
        return QStringLiteral("TLS 1.3");
    case QSsl::TlsV1_2:
        return QStringLiteral("TLS 1.2");
        QT_WARNING_PUSH
        QT_WARNING_DISABLE_DEPRECATED
    case QSsl::TlsV1_1:
        return QStringLiteral("TLS 1.1");
    case QSsl::TlsV1_0:
        return QStringLiteral("TLS 1.0");
        QT_WARNING_POP
    default:
        return tr("an unknown TLS version");
    }
}

TlsPeerInfo TlsReport::infoOf(const QSslSocket *socket, bool verified)
{
    TlsPeerInfo info;
    info.encrypted = socket->isEncrypted();
    info.verified = verified;
    info.protocol = protocolName(socket->sessionProtocol());
    info.cipher = socket->sessionCipher().name();
    info.alpn = QString::fromUtf8(socket->sslConfiguration().nextNegotiatedProtocol());
    info.serverName =
        socket->peerVerifyName().isEmpty() ? socket->peerName() : socket->peerVerifyName();
    info.chain = socket->peerCertificateChain();
    return info;
}

QString TlsReport::handshakeDone(const TlsPeerInfo &info, Side peerSide)
{
    QString text = tr("TLS handshake done: %1, %2").arg(info.protocol, info.cipher);
    if (!info.alpn.isEmpty())
        text += tr(", ALPN %1").arg(info.alpn);
    if (peerSide == Side::Server) {
        text += info.verified
                    ? tr("; the server's certificate is verified for %1").arg(info.serverName)
                    : tr("; NOT verified: you chose not to verify the server");
    } else if (info.chain.isEmpty()) {
        text += tr("; the client sent no certificate");
    } else {
        text += info.verified ? tr("; the client's certificate is verified")
                              : tr("; the client's certificate is not verified");
    }
    return text;
}

QString TlsReport::nameText(const QSslCertificate &certificate, bool issuer)
{
    QStringList parts;
    for (const QByteArray &attribute : {QByteArray("CN"), QByteArray("O"), QByteArray("OU")}) {
        const QStringList values =
            issuer ? certificate.issuerInfo(attribute) : certificate.subjectInfo(attribute);
        for (const QString &value : values)
            parts << QString::fromLatin1(attribute) + QLatin1Char('=') + value;
    }
    return parts.isEmpty() ? tr("(no name)") : parts.join(QStringLiteral(", "));
}

QStringList TlsReport::namesOf(const QSslCertificate &certificate)
{
    QStringList names;
    const auto alternatives = certificate.subjectAlternativeNames();
    for (auto it = alternatives.cbegin(); it != alternatives.cend(); ++it) {
        if (it.key() == QSsl::DnsEntry || it.key() == QSsl::IpAddressEntry)
            names << it.value();
    }
    if (names.isEmpty())
        names = certificate.subjectInfo(QSslCertificate::CommonName);
    return names;
}

QStringList TlsReport::chainLines(const QList<QSslCertificate> &chain)
{
    QStringList lines;
    for (int i = 0; i < chain.size(); ++i) {
        const QSslCertificate &c = chain.at(i);
        lines << tr("Certificate %1 of %2: %3, issued by %4, valid %5 to %6, SHA-256 %7")
                     .arg(i + 1)
                     .arg(chain.size())
                     .arg(nameText(c, false), nameText(c, true), dateText(c.effectiveDate()),
                          dateText(c.expiryDate()), sha256Fingerprint(c));
    }
    return lines;
}

QString TlsReport::verifyFailure(const QList<QSslError> &errors, const QString &connectedName,
                                 Side peerSide)
{
    const bool server = peerSide == Side::Server;
    const QString anyway =
        server ? tr(" To connect anyway, choose \"Do not verify\" (sockeye-cli: --insecure).")
               : QString();
    // The one that explains the most first: a wrong name or date says more than "untrusted".
    const QList<QSslError::SslError> order = {QSslError::HostNameMismatch,
                                              QSslError::CertificateExpired,
                                              QSslError::CertificateNotYetValid,
                                              QSslError::SelfSignedCertificate,
                                              QSslError::SelfSignedCertificateInChain,
                                              QSslError::UnableToGetLocalIssuerCertificate,
                                              QSslError::UnableToGetIssuerCertificate,
                                              QSslError::UnableToVerifyFirstCertificate,
                                              QSslError::CertificateRevoked,
                                              QSslError::NoPeerCertificate};
    for (QSslError::SslError kind : order) {
        for (const QSslError &e : errors) {
            if (e.error() != kind)
                continue;
            const QSslCertificate c = e.certificate();
            const QString whose =
                server ? tr("the server's certificate") : tr("the client's certificate");
            switch (kind) {
            case QSslError::HostNameMismatch:
                return tr("The certificate is for %1; you connected to %2. Connect by a name "
                          "it is for, or set the server name (SNI) to one of them.%3")
                    .arg(namesOf(c).join(QStringLiteral(", ")), connectedName, anyway);
            case QSslError::CertificateExpired:
                return tr("Verification failed: %1 (%2) expired on %3. Ask its owner to renew "
                          "it, or check this computer's date.%4")
                    .arg(whose, nameText(c, false), dateText(c.expiryDate()), anyway);
            case QSslError::CertificateNotYetValid:
                return tr("Verification failed: %1 (%2) is valid only from %3. Check the date "
                          "of this computer and of the peer.%4")
                    .arg(whose, nameText(c, false), dateText(c.effectiveDate()), anyway);
            case QSslError::SelfSignedCertificate:
                return tr("Verification failed: %1 (%2) is self-signed, so no authority vouches "
                          "for it. If it is the one you expect (SHA-256 %3), give that "
                          "certificate as the CA file to trust it.%4")
                    .arg(whose, nameText(c, false), sha256Fingerprint(c), anyway);
            case QSslError::SelfSignedCertificateInChain:
            case QSslError::UnableToGetLocalIssuerCertificate:
            case QSslError::UnableToGetIssuerCertificate:
            case QSslError::UnableToVerifyFirstCertificate:
                return tr("Verification failed: %1 (%2) was issued by %3, which this computer "
                          "does not trust. Give that authority's certificate as the CA file.%4")
                    .arg(whose, nameText(c, false), nameText(c, true), anyway);
            case QSslError::CertificateRevoked:
                return tr("Verification failed: %1 (%2) has been revoked by its issuer.%3")
                    .arg(whose, nameText(c, false), anyway);
            case QSslError::NoPeerCertificate:
                return server ? tr("Verification failed: the server sent no certificate.%1")
                                    .arg(anyway)
                              : tr("%1 sent no certificate, and this server requires one "
                                   "(mutual TLS).")
                                    .arg(connectedName);
            default:
                break;
            }
        }
    }
    QStringList texts;
    for (const QSslError &e : errors)
        texts << e.errorString();
    return tr("Verification failed: %1.%2").arg(texts.join(QStringLiteral("; ")), anyway);
}

QString TlsReport::handshakeFailure(const QString &endpoint, Side peerSide,
                                    const std::optional<TlsAlert> &alert, bool peerClosed,
                                    const QString &detail)
{
    const bool server = peerSide == Side::Server;
    if (alert) {
        // Qt 6.4 names the older alerts only; TLS 1.3's come as "unknown".
        QString name = alert->description;
        if (name.isEmpty() || name == QLatin1String("unknown")) {
            switch (QSsl::AlertType(alert->type)) {
            case QSsl::AlertType::CertificateRequired:
                name = QStringLiteral("certificate required");
                break;
            case QSsl::AlertType::NoApplicationProtocol:
                name = QStringLiteral("no application protocol");
                break;
            case QSsl::AlertType::MissingExtension:
                name = QStringLiteral("missing extension");
                break;
            case QSsl::AlertType::UnrecognizedName:
                name = QStringLiteral("unrecognized name");
                break;
            default:
                name = QStringLiteral("#%1").arg(alert->type);
                break;
            }
        }
        const QString said =
            tr("%1 ended the TLS handshake with the alert \"%2\"").arg(endpoint, name);
        switch (QSsl::AlertType(alert->type)) {
        case QSsl::AlertType::HandshakeFailure:
        case QSsl::AlertType::InsufficientSecurity:
            return tr("%1: it shares no cipher or parameters with Sockeye, or wants a client "
                      "certificate. Check the TLS versions and ciphers it accepts.")
                .arg(said);
        case QSsl::AlertType::ProtocolVersion:
            return tr("%1: it shares no TLS version with Sockeye (which speaks TLS 1.2 and "
                      "1.3).")
                .arg(said);
        case QSsl::AlertType::CertificateRequired:
            return tr("%1: it requires a client certificate. Choose a certificate and key.")
                .arg(said);
        case QSsl::AlertType::BadCertificate:
        case QSsl::AlertType::UnknownCa:
        case QSsl::AlertType::CertificateUnknown:
        case QSsl::AlertType::UnsupportedCertificate:
        case QSsl::AlertType::CertificateExpired:
        case QSsl::AlertType::CertificateRevoked:
        case QSsl::AlertType::AccessDenied:
            return server ? tr("%1: it refused our client certificate. Check that it trusts "
                               "the certificate's issuer and that the certificate is valid.")
                                .arg(said)
                          : tr("%1: it refused this server's certificate. Give the client the "
                               "certificate (or its CA) to trust, or tell it not to verify.")
                                .arg(said);
        case QSsl::AlertType::NoApplicationProtocol:
            return tr("%1: it accepts none of the ALPN protocols offered. Change the ALPN "
                      "list.")
                .arg(said);
        case QSsl::AlertType::UnrecognizedName:
            return tr("%1: it does not know the server name (SNI) sent. Set the server name to "
                      "one it serves.")
                .arg(said);
        default:
            return tr("%1.").arg(said);
        }
    }
    const QString lower = detail.toLower();
    if (lower.contains(QLatin1String("wrong version number")) ||
        lower.contains(QLatin1String("packet length too long")) ||
        lower.contains(QLatin1String("http request")) ||
        lower.contains(QLatin1String("unexpected message")))
        return server ? tr("%1 does not speak TLS: what it answered is not a TLS handshake (a "
                           "plain TCP or HTTP service on that port?). Connect without TLS, or "
                           "check the port.")
                            .arg(endpoint)
                      : tr("%1 does not speak TLS: what it sent is not a TLS handshake (a plain "
                           "TCP client on this TLS server?).")
                            .arg(endpoint);
    if (lower.contains(QLatin1String("unsupported protocol")) ||
        lower.contains(QLatin1String("no protocols available")) ||
        lower.contains(QLatin1String("version too low")))
        return tr("%1 shares no TLS version with Sockeye (which speaks TLS 1.2 and 1.3).")
            .arg(endpoint);
    if (lower.contains(QLatin1String("no shared cipher")) ||
        lower.contains(QLatin1String("no cipher")))
        return tr("%1 shares no cipher with Sockeye.").arg(endpoint);
    if (peerClosed)
        return server ? tr("%1 closed the connection during the TLS handshake: it may not "
                           "speak TLS on this port, or refused to go on (it may want a client "
                           "certificate).")
                            .arg(endpoint)
                      : tr("%1 closed the connection during the TLS handshake: it may not "
                           "speak TLS, or did not trust this server's certificate.")
                            .arg(endpoint);
    return tr("The TLS handshake with %1 failed: %2.").arg(endpoint, detail);
}

} // namespace sockeye
