#include "session/socketoptionsdialog.h"

#include "widgets/theme.h"

#include <QDialogButtonBox>
#include <QPushButton>

namespace sockeye {

SocketOptionsDialog::SocketOptionsDialog(const SessionConfig &config, QWidget *parent)
    : QDialog(parent)
    , m_config(config)
{
    ui.setupUi(this);
    m_ok = ui.buttons->button(QDialogButtonBox::Ok);
    ui.noDelay->setChecked(config.noDelay);
    ui.keepHalfOpen->setChecked(config.keepHalfOpen);
    ui.keepAlive->setChecked(config.keepAliveIdleS > 0);
    ui.idle->setValue(config.keepAliveIdleS > 0 ? config.keepAliveIdleS : 60);
    ui.interval->setValue(config.keepAliveIntervalS);
    ui.count->setValue(config.keepAliveCount);
    ui.receiveBuffer->setValue(config.receiveBufferBytes);
    ui.sendBuffer->setValue(config.sendBufferBytes);
    const bool client = config.kind == SessionKind::TcpClient;
    for (QWidget *w :
         {static_cast<QWidget *>(ui.localAddressLabel), static_cast<QWidget *>(ui.localAddress),
          static_cast<QWidget *>(ui.localPortLabel), static_cast<QWidget *>(ui.localPort)})
        w->setVisible(client);
    ui.backlog->setValue(config.backlog);
    ui.backlogLabel->setVisible(!client);
    ui.backlog->setVisible(!client);
    if (client && config.clientBind) {
        ui.localAddress->setText(config.bindAddress == QLatin1String("any") ? QString()
                                                                            : config.bindAddress);
        ui.localPort->setValue(config.bindPort);
    }
    ui.note->setText(client ? tr("Applies from the next connection.")
                            : tr("Applies to clients that connect from now on."));
    ui.error->setPalette(Theme::errorTextPalette(ui.error->palette()));
    ui.error->hide();

    connect(ui.buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(ui.buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(ui.localAddress, &QLineEdit::textChanged, this, [this] { validate(); });
    connect(ui.receiveBuffer, &QSpinBox::valueChanged, this, [this] { validate(); });
    connect(ui.sendBuffer, &QSpinBox::valueChanged, this, [this] { validate(); });
    validate();
}

SessionConfig SocketOptionsDialog::config() const
{
    SessionConfig c = m_config;
    c.noDelay = ui.noDelay->isChecked();
    c.keepHalfOpen = ui.keepHalfOpen->isChecked();
    if (c.kind == SessionKind::TcpServer)
        c.backlog = ui.backlog->value();
    c.keepAliveIdleS = ui.keepAlive->isChecked() ? ui.idle->value() : 0;
    c.keepAliveIntervalS = ui.interval->value();
    c.keepAliveCount = ui.count->value();
    c.receiveBufferBytes = ui.receiveBuffer->value();
    c.sendBufferBytes = ui.sendBuffer->value();
    if (c.kind == SessionKind::TcpClient) {
        const QString address = ui.localAddress->text().trimmed();
        c.clientBind = !address.isEmpty() || ui.localPort->value() != 0;
        c.bindAddress = address.isEmpty() ? QStringLiteral("any") : address;
        c.bindPort = quint16(ui.localPort->value());
    }
    return c;
}

void SocketOptionsDialog::validate()
{
    QString error;
    const QString address = ui.localAddress->text().trimmed();
    if (m_config.kind == SessionKind::TcpClient && !address.isEmpty() &&
        !parseBindAddress(address)) {
        error = tr("\"%1\" is not an IP address of this machine: type one (e.g. 192.168.1.20), "
                   "or leave it empty for any.")
                    .arg(address);
    }
    for (QSpinBox *box : {ui.receiveBuffer, ui.sendBuffer}) {
        if (error.isEmpty() && box->value() != 0 && box->value() < 1024)
            error = tr("A buffer is 0 (the system's) or at least 1024 bytes.");
    }
    ui.error->setText(error);
    ui.error->setVisible(!error.isEmpty());
    m_ok->setEnabled(error.isEmpty());
}

} // namespace sockeye
