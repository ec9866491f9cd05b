#include "session/tlsdialog.h"

#include "tls/selfsignedcertificate.h"
#include "tls/tlscontext.h"
#include "widgets/theme.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QInputDialog>
#include <QPushButton>

namespace sockeye {

TlsDialog::TlsDialog(const SessionConfig &config, QWidget *parent)
    : QDialog(parent)
    , m_config(config)
    , m_passphrase(config.tls.keyPassphrase)
{
    ui.setupUi(this);
    m_ok = ui.buttons->button(QDialogButtonBox::Ok);
    const bool client = config.kind == SessionKind::TcpClient;
    const TlsSettings &t = config.tls;
    ui.useTls->setChecked(t.enabled);
    ui.verifyPeer->setChecked(t.verifyPeer);
    ui.requireClientCert->setChecked(t.requireClientCert);
    ui.caFile->setText(t.caFile);
    ui.serverName->setText(t.serverName);
    ui.alpn->setText(t.alpn.join(QLatin1Char(',')));
    ui.certFile->setText(t.certFile);
    ui.keyFile->setText(t.keyFile);
    // A new TLS server starts with the certificate it can make itself: one click to serve.
    ui.selfSigned->setChecked(t.selfSigned || (t.certFile.isEmpty() && !client));
    ui.useFiles->setChecked(!ui.selfSigned->isChecked());

    ui.peerGroup->setTitle(client ? tr("The server's certificate") : tr("Clients' certificates"));
    ui.ownGroup->setTitle(client ? tr("Client certificate (only if the server asks for one)")
                                 : tr("This server's certificate"));
    ui.caFile->setToolTip(client ? tr("PEM file of the authorities to trust besides the "
                                      "system's (a self-signed server: its certificate)")
                                 : tr("PEM file of the authorities that vouch for clients' "
                                      "certificates"));
    for (QWidget *w :
         {static_cast<QWidget *>(ui.verifyPeer), static_cast<QWidget *>(ui.insecureNote),
          static_cast<QWidget *>(ui.serverNameLabel), static_cast<QWidget *>(ui.serverName)})
        w->setVisible(client);
    for (QWidget *w :
         {static_cast<QWidget *>(ui.requireClientCert), static_cast<QWidget *>(ui.selfSigned),
          static_cast<QWidget *>(ui.useFiles), static_cast<QWidget *>(ui.fingerprint)})
        w->setVisible(!client);
    QPalette warning = ui.insecureNote->palette();
    warning.setColor(QPalette::WindowText, Theme::warningText(palette()));
    ui.insecureNote->setPalette(warning);
    ui.error->setPalette(Theme::errorTextPalette(ui.error->palette()));
    ui.error->hide();
    ui.note->setText(client ? tr("Applies when you next connect.")
                            : tr("Applies when the server next starts listening."));
    ui.fingerprint->setTextInteractionFlags(Qt::TextSelectableByMouse);

    connect(ui.buttons, &QDialogButtonBox::accepted, this, &TlsDialog::accept);
    connect(ui.buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QAbstractButton *b :
         {static_cast<QAbstractButton *>(ui.useTls), static_cast<QAbstractButton *>(ui.verifyPeer),
          static_cast<QAbstractButton *>(ui.selfSigned),
          static_cast<QAbstractButton *>(ui.useFiles)})
        connect(b, &QAbstractButton::toggled, this, &TlsDialog::updateEnabled);
    const QString pem = tr("PEM files (*.pem *.crt *.cer *.key);;All files (*)");
    connect(ui.caBrowse, &QPushButton::clicked, this,
            [this, pem] { browse(ui.caFile, tr("CA file"), pem); });
    connect(ui.certBrowse, &QPushButton::clicked, this,
            [this, pem] { browse(ui.certFile, tr("Certificate file"), pem); });
    connect(ui.keyBrowse, &QPushButton::clicked, this,
            [this, pem] { browse(ui.keyFile, tr("Key file"), pem); });
    connect(ui.keyFile, &QLineEdit::textChanged, this, [this] { m_passphrase.clear(); });
    updateEnabled();
    // Wide enough for a path and the 95 characters of a fingerprint on one line; the
    // fingerprint's two lines are there from the start, so nothing moves when they fill in.
    setMinimumWidth(fontMetrics().averageCharWidth() * 112);
    ui.fingerprint->setMinimumHeight(ui.fingerprint->fontMetrics().lineSpacing() * 2);
}

void TlsDialog::updateEnabled()
{
    const bool on = ui.useTls->isChecked();
    ui.peerGroup->setEnabled(on);
    ui.ownGroup->setEnabled(on);
    const bool client = m_config.kind == SessionKind::TcpClient;
    // Hidden rather than disabled would move the rows below it.
    ui.insecureNote->setText(
        client && !ui.verifyPeer->isChecked()
            ? tr("Not verified: anyone between you and the server can read and change the "
                 "traffic. The session says \"not verified\" while connected.")
            : QString());
    const bool files = client || ui.useFiles->isChecked();
    for (QWidget *w :
         {static_cast<QWidget *>(ui.certFile), static_cast<QWidget *>(ui.keyFile),
          static_cast<QWidget *>(ui.certBrowse), static_cast<QWidget *>(ui.keyBrowse),
          static_cast<QWidget *>(ui.certFileLabel), static_cast<QWidget *>(ui.keyFileLabel)})
        w->setEnabled(files);
    ui.fingerprint->setEnabled(!files);
    if (!client && on && !files && ui.fingerprint->text().isEmpty()) {
        // The fingerprint a user compares on the client; the certificate is made (once) only
        // when it is chosen.
        QString error;
        const auto own = SelfSignedCertificate::forThisMachine(&error);
        ui.fingerprint->setText(
            own ? tr("%1\nSHA-256 %2").arg(own->certFile, sha256Fingerprint(own->certificate))
                : error);
    }
}

void TlsDialog::browse(QLineEdit *edit, const QString &title, const QString &filter)
{
    const QString file = QFileDialog::getOpenFileName(this, title, edit->text(), filter);
    if (!file.isEmpty())
        edit->setText(file);
}

SessionConfig TlsDialog::config() const
{
    SessionConfig c = m_config;
    TlsSettings &t = c.tls;
    const bool client = c.kind == SessionKind::TcpClient;
    t.enabled = ui.useTls->isChecked();
    t.verifyPeer = ui.verifyPeer->isChecked();
    t.requireClientCert = !client && ui.requireClientCert->isChecked();
    t.caFile = ui.caFile->text().trimmed();
    t.serverName = client ? ui.serverName->text().trimmed() : QString();
    t.alpn = TlsSettings::parseAlpn(ui.alpn->text()).value_or(QStringList());
    t.selfSigned = !client && ui.selfSigned->isChecked();
    t.certFile = ui.certFile->text().trimmed();
    t.keyFile = ui.keyFile->text().trimmed();
    t.keyPassphrase = m_passphrase;
    return c;
}

void TlsDialog::showError(const QString &message)
{
    ui.error->setText(message);
    ui.error->show();
}

QString TlsDialog::askPassphrase(QWidget *parent, const QString &keyFile, bool retry)
{
    const QString prompt = retry ? tr("That passphrase does not open %1. Passphrase:").arg(keyFile)
                                 : tr("%1 is encrypted. Passphrase:").arg(keyFile);
    bool ok = false;
    const QString text = QInputDialog::getText(parent, tr("Key passphrase"), prompt,
                                               QLineEdit::Password, QString(), &ok);
    return ok ? text : QString();
}

void TlsDialog::accept()
{
    SessionConfig c = config();
    if (!c.tls.enabled) { // what the disabled fields hold does not apply
        QDialog::accept();
        return;
    }
    QString why;
    if (!TlsSettings::parseAlpn(ui.alpn->text(), &why)) {
        showError(tr("ALPN: %1").arg(why));
        ui.alpn->setFocus();
        return;
    }
    // Every file read and checked now, so a session never starts half-configured.
    const auto role =
        c.kind == SessionKind::TcpClient ? TlsContext::Role::Client : TlsContext::Role::Server;
    for (int attempt = 0;; ++attempt) {
        TlsSetupProblem problem;
        if (TlsContext::build(c.tls, role, &problem)) {
            m_passphrase = c.tls.keyPassphrase;
            QDialog::accept();
            return;
        }
        const bool ask = problem.kind == TlsSetupProblem::Kind::NeedsPassphrase ||
                         problem.kind == TlsSetupProblem::Kind::WrongPassphrase;
        if (!ask || attempt == 3) {
            showError(problem.message);
            return;
        }
        c.tls.keyPassphrase = askPassphrase(this, c.tls.keyFile,
                                            problem.kind == TlsSetupProblem::Kind::WrongPassphrase);
        if (c.tls.keyPassphrase.isEmpty()) {
            showError(problem.message);
            return;
        }
    }
}

} // namespace sockeye
