// MainWindow: the New session menu (TCP, UDP and TLS kinds, Ctrl+N) and the defaults each new
// session starts from; the rest of the window is in mainwindow.cpp.
#include "app/mainwindow.h"

#include "session/sessionmanager.h"
#include "widgets/icons.h"

#include <QAction>
#include <QMenu>
#include <QToolButton>

namespace sockeye {

QAction *MainWindow::createNewSessionMenu()
{
    m_newMenu = new QMenu(tr("&New session"), this);
    m_newMenu->setIcon(Icons::icon(Icons::NewSession));
    const auto addKind = [this](SessionKind kind, Icons::Name icon, const QString &text,
                                const QString &tip) {
        QAction *action = m_newMenu->addAction(Icons::icon(icon), text, this,
                                               [this, kind] { addSession(defaultConfig(kind)); });
        action->setToolTip(tip);
        action->setStatusTip(tip);
        return action;
    };
    addKind(SessionKind::TcpServer, Icons::Server, tr("TCP &server"), tr("Listen for TCP clients"));
    addKind(SessionKind::TcpClient, Icons::Client, tr("TCP &client"),
            tr("Connect to a TCP server"));
    addKind(SessionKind::Udp, Icons::Udp, tr("&UDP"), tr("Send and receive datagrams"));
    m_newMenu->addSeparator();
    const auto addTls = [this](SessionKind kind, Icons::Name icon, const QString &text,
                               const QString &tip) {
        QAction *action = m_newMenu->addAction(Icons::icon(icon), text, this, [this, kind] {
            SessionConfig config = defaultConfig(kind);
            config.tls.enabled = true;
            // A server that serves at once: the certificate Sockeye makes for this machine.
            config.tls.selfSigned = kind == SessionKind::TcpServer;
            addSession(config);
        });
        action->setToolTip(tip);
        action->setStatusTip(tip);
    };
    addTls(SessionKind::TcpServer, Icons::Server, tr("TLS se&rver"),
           tr("Listen for TLS clients, with a self-signed certificate to start with"));
    addTls(SessionKind::TcpClient, Icons::Client, tr("TLS c&lient"),
           tr("Connect to a TLS server and verify its certificate"));

    QAction *newSession = new QAction(Icons::icon(Icons::NewSession), tr("New session"), this);
    newSession->setShortcut(QKeySequence::New);
    newSession->setToolTip(tr("New TCP, TLS or UDP session (Ctrl+N)"));
    connect(newSession, &QAction::triggered, this, [this] {
        const QPoint at = m_newButton && m_newButton->isVisible()
                              ? m_newButton->mapToGlobal(QPoint(0, m_newButton->height()))
                              : mapToGlobal(QPoint(40, 40));
        m_newMenu->popup(at);
    });
    addAction(newSession);
    return newSession;
}

SessionConfig MainWindow::defaultConfig(SessionKind kind) const
{
    SessionConfig config;
    config.kind = kind;
    switch (kind) {
    case SessionKind::TcpServer: {
        // The first port from 7000 no other server of ours is set to.
        quint16 port = 7000;
        bool taken = true;
        while (taken) {
            taken = false;
            for (Session *s : m_manager->sessions()) {
                if (s->kind() == SessionKind::TcpServer && s->config().bindPort == port) {
                    taken = true;
                    ++port;
                }
            }
        }
        config.bindPort = port;
        break;
    }
    case SessionKind::TcpClient:
        config.remoteHost = QStringLiteral("127.0.0.1");
        config.remotePort = 7000;
        break;
    case SessionKind::Udp:
        config.bindPort = 7001;
        config.remoteHost = QStringLiteral("127.0.0.1");
        config.remotePort = 7002;
        break;
    }
    return config;
}

} // namespace sockeye
