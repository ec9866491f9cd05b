#include "tlssettings.h"

#include <QJsonArray>

namespace sockeye {

QJsonObject TlsSettings::toJson() const
{
    QJsonObject o;
    o[QLatin1String("enabled")] = enabled;
    o[QLatin1String("verifyPeer")] = verifyPeer;
    o[QLatin1String("caFile")] = caFile;
    o[QLatin1String("serverName")] = serverName;
    o[QLatin1String("alpn")] = QJsonArray::fromStringList(alpn);
    o[QLatin1String("certFile")] = certFile;
    o[QLatin1String("keyFile")] = keyFile;
    o[QLatin1String("selfSigned")] = selfSigned;
    o[QLatin1String("requireClientCert")] = requireClientCert;
    return o;
}

std::optional<TlsSettings> TlsSettings::fromJson(const QJsonObject &json, QString *error)
{
    const auto fail = [error](const QString &message) -> std::optional<TlsSettings> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    TlsSettings t;
    for (auto [key, out] :
         {std::pair{"enabled", &t.enabled}, std::pair{"verifyPeer", &t.verifyPeer},
          std::pair{"selfSigned", &t.selfSigned},
          std::pair{"requireClientCert", &t.requireClientCert}}) {
        const QJsonValue v = json.value(QLatin1String(key));
        if (v.isUndefined())
            continue;
        if (!v.isBool())
            return fail(tr("tls.%1 must be true or false.").arg(QLatin1String(key)));
        *out = v.toBool();
    }
    for (auto [key, out] : {std::pair{"caFile", &t.caFile}, std::pair{"serverName", &t.serverName},
                            std::pair{"certFile", &t.certFile}, std::pair{"keyFile", &t.keyFile}}) {
        const QJsonValue v = json.value(QLatin1String(key));
        if (v.isUndefined())
            continue;
        if (!v.isString() || v.toString().size() > MaxPathLength)
            return fail(tr("tls.%1 must be text of at most %2 characters.")
                            .arg(QLatin1String(key))
                            .arg(MaxPathLength));
        *out = v.toString();
    }
    const QJsonValue alpn = json.value(QLatin1String("alpn"));
    if (!alpn.isUndefined()) {
        const QJsonArray list = alpn.toArray();
        if (!alpn.isArray() || list.size() > MaxAlpnProtocols)
            return fail(
                tr("tls.alpn must be a list of at most %1 protocol names.").arg(MaxAlpnProtocols));
        QStringList names;
        for (const QJsonValue &v : list)
            names << v.toString();
        QString why;
        const auto parsed = parseAlpn(names.join(QLatin1Char(',')), &why);
        if (!parsed)
            return fail(tr("tls.alpn: %1").arg(why));
        t.alpn = *parsed;
    }
    return t;
}

std::optional<QStringList> TlsSettings::parseAlpn(const QString &text, QString *error)
{
    QStringList out;
    if (text.trimmed().isEmpty())
        return out;
    const QStringList parts = text.split(QLatin1Char(','));
    for (const QString &part : parts) {
        const QString name = part.trimmed();
        if (name.isEmpty() || name.toUtf8().size() > 255) {
            if (error)
                *error = tr("\"%1\" is not a protocol list: give names separated by commas, "
                            "e.g. h2,http/1.1 (each 1 to 255 bytes).")
                             .arg(text);
            return std::nullopt;
        }
        out << name;
    }
    if (out.size() > MaxAlpnProtocols) {
        if (error)
            *error = tr("give at most %1 protocols.").arg(MaxAlpnProtocols);
        return std::nullopt;
    }
    return out;
}

} // namespace sockeye
