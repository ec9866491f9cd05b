#pragma once

#include "session/sessionconfig.h"
#include "ui_tlsdialog.h"

#include <QDialog>

class QLineEdit;
class QPushButton;

namespace sockeye {

/**
 * A TCP session's TLS: on or off; for a client, whether and against what the server's
 * certificate is verified, the server name (SNI), ALPN and an optional client certificate; for
 * a server, its certificate (files, or the one Sockeye makes for this machine, with its
 * fingerprint) and whether clients must present one. OK reads and checks every file (asking
 * for an encrypted key's passphrase) and stays open with the reason when something is wrong.
 */
class TlsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit TlsDialog(const SessionConfig &config, QWidget *parent = nullptr);

    /// The config given, with what the dialog shows (and the passphrase, in memory).
    [[nodiscard]] SessionConfig config() const;
    [[nodiscard]] QPushButton *okButton() const { return m_ok; }
    /// Why OK did not close the dialog, or "".
    [[nodiscard]] QString error() const
    {
        return ui.error->isHidden() ? QString() : ui.error->text();
    }

    /// Asks for a key's passphrase; empty when the user cancels. `retry`: the last was wrong.
    static QString askPassphrase(QWidget *parent, const QString &keyFile, bool retry);

    Ui::TlsDialog ui;

protected:
    void accept() override;

private:
    void updateEnabled();
    void browse(QLineEdit *edit, const QString &title, const QString &filter);
    void showError(const QString &message);

    SessionConfig m_config;
    QString m_passphrase;
    QPushButton *m_ok = nullptr;
};

} // namespace sockeye
