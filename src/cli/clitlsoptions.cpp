// CliParser: --tls and its options (the rest of the parser is clioptions.cpp).
#include "clioptions.h"

#include "cliflags.h"

#include <QCommandLineParser>
#include <QFile>

namespace sockeye::cli {

namespace {

/// The passphrase from "env:VAR" or "file:PATH" (its first line), as openssl's -passin takes
/// it: never on the command line itself, where other users could read it.
std::optional<QString> readPassphrase(const QString &spec, QString *error)
{
    if (spec.startsWith(QLatin1String("env:"))) {
        const QString name = spec.mid(4);
        if (name.isEmpty() || !qEnvironmentVariableIsSet(name.toLocal8Bit().constData())) {
            *error = CliParser::tr("sockeye-cli: --key-pass %1: the environment variable %2 is "
                                   "not set.")
                         .arg(spec, name);
            return std::nullopt;
        }
        return qEnvironmentVariable(name.toLocal8Bit().constData());
    }
    if (spec.startsWith(QLatin1String("file:"))) {
        QFile file(spec.mid(5));
        if (!file.open(QIODevice::ReadOnly)) {
            *error = CliParser::tr("sockeye-cli: --key-pass %1: cannot read %2: %3.")
                         .arg(spec, file.fileName(), file.errorString());
            return std::nullopt;
        }
        QByteArray line = file.readLine(4096);
        while (line.endsWith('\n') || line.endsWith('\r'))
            line.chop(1);
        return QString::fromUtf8(line);
    }
    *error = CliParser::tr("sockeye-cli: --key-pass %1: give env:VAR (an environment variable "
                           "holds it) or file:PATH (the file's first line).")
                 .arg(spec);
    return std::nullopt;
}

} // namespace

bool CliParser::readTlsOptions(const QCommandLineParser &p, const Flags &f, CliOptions &o)
{
    TlsSettings &t = o.tls;
    t.enabled = p.isSet(f.tls);
    const bool listen = o.command == CliOptions::Command::Listen;
    const QList<const QCommandLineOption *> options = {
        &f.ca,   &f.cert, &f.key,        &f.keyPass,          &f.insecure,
        &f.alpn, &f.sni,  &f.selfSigned, &f.requireClientCert};
    for (const QCommandLineOption *option : options) {
        if (p.isSet(*option) && !t.enabled)
            return refuse(tr("sockeye-cli: --%1 is a TLS option: add --tls.")
                              .arg(option->names().constLast()));
    }
    if (!t.enabled)
        return true;
    if (o.udp)
        return refuse(tr("sockeye-cli: --tls runs over TCP; it cannot be used with --udp."));
    if (o.command != CliOptions::Command::Listen && o.command != CliOptions::Command::Connect)
        return refuse(tr("sockeye-cli: --tls is for listen and connect only."));
    for (const QCommandLineOption *option : {&f.insecure, &f.sni, &f.alpn}) {
        if (listen && option != &f.alpn && p.isSet(*option))
            return refuse(tr("sockeye-cli listen: --%1 is for connect only: a server does not "
                             "verify a server.")
                              .arg(option->names().constLast()));
    }
    for (const QCommandLineOption *option : {&f.selfSigned, &f.requireClientCert}) {
        if (!listen && p.isSet(*option))
            return refuse(tr("sockeye-cli connect: --%1 is for listen only.")
                              .arg(option->names().constLast()));
    }
    if (o.closeMode == Session::CloseMode::HalfClose)
        return refuse(tr("sockeye-cli connect: a TLS connection cannot be half-closed (TLS ends "
                         "both directions together); use --close fin or rst."));
    t.caFile = p.value(f.ca);
    t.certFile = p.value(f.cert);
    t.keyFile = p.value(f.key);
    t.verifyPeer = !p.isSet(f.insecure);
    t.serverName = p.value(f.sni);
    t.selfSigned = p.isSet(f.selfSigned);
    t.requireClientCert = p.isSet(f.requireClientCert);
    if (t.selfSigned && (p.isSet(f.cert) || p.isSet(f.key)))
        return refuse(tr("sockeye-cli listen: give either --cert and --key, or --self-signed."));
    if (listen && !t.selfSigned && (t.certFile.isEmpty() || t.keyFile.isEmpty()))
        return refuse(tr("sockeye-cli listen --tls: give the server's --cert FILE and --key "
                         "FILE, or --self-signed for a certificate made for this machine."));
    if (p.isSet(f.alpn)) {
        QString why;
        const auto alpn = TlsSettings::parseAlpn(p.value(f.alpn), &why);
        if (!alpn)
            return refuse(tr("sockeye-cli: --alpn %1").arg(why));
        t.alpn = *alpn;
    }
    if (p.isSet(f.keyPass)) {
        const auto passphrase = readPassphrase(p.value(f.keyPass), &m_error);
        if (!passphrase)
            return false;
        t.keyPassphrase = *passphrase;
    }
    // Every file is read and checked now: a mistake is said before anything starts.
    TlsSetupProblem problem;
    if (!TlsContext::build(t, listen ? TlsContext::Role::Server : TlsContext::Role::Client,
                           &problem)) {
        QString text = tr("sockeye-cli: %1").arg(problem.message);
        if (problem.kind == TlsSetupProblem::Kind::NeedsPassphrase)
            text +=
                QLatin1Char(' ') + tr("Give it with --key-pass env:VAR or --key-pass file:PATH.");
        return refuse(text);
    }
    return true;
}

} // namespace sockeye::cli
