// SessionPanel: TLS — its dialog, the passphrase of an encrypted key asked for as the session
// starts, and the button that shows whether TLS is on. The rest of the panel is in
// sessionpanel.cpp.
#include "session/sessionpanel.h"

#include "session/tlsdialog.h"

#include <QPushButton>

namespace sockeye {

void SessionPanel::editTls()
{
    TlsDialog dialog(m_session->config(), this);
    if (dialog.exec() == QDialog::Accepted) {
        m_session->setConfig(dialog.config());
        emit configChanged();
        emit titleChanged(); // "TLS client ..." instead of "TCP client ..."
    }
    updateTlsButton();
}

void SessionPanel::updateTlsButton()
{
    if (!m_tls)
        return;
    const TlsSettings &t = m_session->config().tls;
    const bool client = m_session->kind() == SessionKind::TcpClient;
    m_tls->setChecked(t.enabled);
    QString tip;
    if (!t.enabled)
        tip = tr("TLS is off: plain TCP. Click to encrypt with TLS.");
    else if (client)
        tip = t.verifyPeer ? tr("TLS is on; the server's certificate is verified.")
                           : tr("TLS is on, NOT verifying the server's certificate.");
    else
        tip = t.selfSigned ? tr("TLS is on, with the self-signed certificate for this machine.")
                           : tr("TLS is on, with the certificate %1.").arg(t.certFile);
    m_tls->setToolTip(tip);
    m_tls->setAccessibleDescription(tip);
    if (m_halfClose) // TLS ends both directions together
        m_halfClose->setEnabled(!t.enabled);
}

void SessionPanel::startSession()
{
    // An encrypted key's passphrase lives in memory only: after a restart of the app, or for a
    // workspace just opened, it is asked for here.
    for (int attempt = 0; attempt < 4; ++attempt) {
        if (m_session->start() || m_session->lastError() != SessionError::TlsPassphrase)
            return;
        SessionConfig config = m_session->config();
        const bool retry = !config.tls.keyPassphrase.isEmpty();
        const QString passphrase = TlsDialog::askPassphrase(this, config.tls.keyFile, retry);
        if (passphrase.isEmpty())
            return; // the banner says why it did not start
        config.tls.keyPassphrase = passphrase;
        m_session->setConfig(config);
        m_banner->hide();
    }
}

} // namespace sockeye
