#pragma once

#include "session/sessionconfig.h"
#include "ui_socketoptionsdialog.h"

#include <QDialog>

class QPushButton;

namespace sockeye {

/**
 * A TCP session's socket options: TCP_NODELAY, keepalive, the kernel's buffer sizes and, for a
 * client, the local address and port it connects from. Edits a copy of the session's config;
 * the caller applies config() when accepted. What it sets takes effect on the connections
 * made after (a server's next clients, a client's next connection).
 */
class SocketOptionsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SocketOptionsDialog(const SessionConfig &config, QWidget *parent = nullptr);

    /// The config given, with what the dialog shows.
    [[nodiscard]] SessionConfig config() const;
    [[nodiscard]] QPushButton *okButton() const { return m_ok; }
    /// Why OK is disabled, or "".
    [[nodiscard]] QString error() const { return ui.error->text(); }

    Ui::SocketOptionsDialog ui;

private:
    void validate();

    SessionConfig m_config;
    QPushButton *m_ok = nullptr;
};

} // namespace sockeye
