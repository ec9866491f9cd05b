// SessionPanel: its state in words and colour, and errors in its banner; the rest of the panel
// is in sessionpanel.cpp.
#include "session/sessionpanel.h"

#include "traffic/trafficpane.h"
#include "traffic/trafficview.h"
#include "widgets/icons.h"
#include "widgets/theme.h"

#include <QEvent>
#include <QLabel>
#include <QLayout>
#include <QPushButton>
#include <QToolButton>

namespace sockeye {

void SessionPanel::reserveStateWidth()
{
    // As wide as the longest sentence this session can show, so that what follows it on the
    // row (Socket options, Details) does not move or wrap as the state changes.
    const SessionConfig &c = m_session->config();
    QStringList texts;
    switch (c.kind) {
    case SessionKind::TcpClient:
        texts << tr("Connected to %1").arg(endpointText(c.remoteHost, c.remotePort))
              << tr("Connected \u2014 not verified")
              << tr("Waiting to reconnect (attempt %1)").arg(99)
              << Session::stateText(Session::State::Resolving);
        break;
    case SessionKind::TcpServer:
        texts << tr("Listening on %1").arg(endpointText(c.bindAddress, 65535));
        break;
    case SessionKind::Udp:
        texts << tr("Bound to %1").arg(endpointText(c.bindAddress, 65535));
        break;
    }
    QFont bold = m_state->font();
    bold.setBold(true);
    const QFontMetrics fm(bold);
    int width = 0;
    for (const QString &text : std::as_const(texts))
        width = qMax(width, fm.horizontalAdvance(QStringLiteral("\u25cf ") + text));
    m_state->setMinimumWidth(qMin(width + 4, fm.averageCharWidth() * 48));
}

void SessionPanel::onStateChanged(Session::State state)
{
    const bool active = state != Session::State::Idle;
    const bool client = m_session->kind() == SessionKind::TcpClient;
    if (m_closeMenu)
        m_closeMenu->setEnabled(state == Session::State::Connected);
    if (client) {
        m_start->setText(active ? tr("&Disconnect") : tr("&Connect"));
        m_start->setIcon(Icons::icon(active ? Icons::Disconnect : Icons::Connect));
        m_start->setToolTip(active ? tr("Close the connection (Ctrl+R)")
                                   : tr("Connect to the server (Ctrl+R)"));
    } else {
        m_start->setText(active ? tr("&Stop") : tr("&Start"));
        m_start->setIcon(Icons::icon(active ? Icons::Stop : Icons::Start));
        m_start->setToolTip(active ? tr("Stop and drop every connection (Ctrl+R)")
                                   : (m_session->kind() == SessionKind::TcpServer
                                          ? tr("Start listening (Ctrl+R)")
                                          : tr("Bind the socket (Ctrl+R)")));
    }
    setSettingsEnabled(!active);

    QString text = Session::stateText(state);
    bool notVerified = false; // a TLS client that chose not to verify: said in warning colour
    if (state == Session::State::Listening) {
        text = tr("Listening on %1")
                   .arg(endpointText(m_session->boundAddress(), m_session->boundPort()));
    } else if (state == Session::State::Bound) {
        text =
            tr("Bound to %1").arg(endpointText(m_session->boundAddress(), m_session->boundPort()));
    } else if (state == Session::State::Connected) {
        text =
            tr("Connected to %1")
                .arg(endpointText(m_session->config().remoteHost, m_session->config().remotePort));
        const QList<Peer> peers = m_session->peers();
        notVerified = !peers.isEmpty() && peers.constFirst().tls.encrypted &&
                      !peers.constFirst().tls.verified;
        // Short, so that the row keeps its layout; the host is in the fields beside it.
        if (notVerified)
            text = tr("Connected \u2014 not verified");
    } else if (state == Session::State::Reconnecting) {
        // The same number as the timeline's "Reconnecting to ... (attempt N)".
        text = tr("Waiting to reconnect (attempt %1)").arg(m_session->reconnectAttempt());
    }
    reserveStateWidth();
    m_state->setText(QStringLiteral("\u25cf ") + text);
    m_state->setToolTip(notVerified ? tr("Connected to %1 over TLS without verifying the "
                                         "server's certificate: anyone in between can read and "
                                         "change the traffic.")
                                          .arg(endpointText(m_session->config().remoteHost,
                                                            m_session->config().remotePort))
                                    : QString());
    QPalette pal = m_state->palette();
    pal.setColor(QPalette::WindowText,
                 notVerified ? Theme::warningText(palette()) : Theme::stateColor(state, palette()));
    m_state->setPalette(pal);
    if (state == Session::State::Listening || state == Session::State::Connected ||
        state == Session::State::Bound)
        m_banner->hide();
    emit titleChanged();
}

void SessionPanel::showError(const QString &message)
{
    QPalette pal = m_banner->palette();
    pal.setColor(QPalette::Window, Theme::errorBase(palette()));
    pal.setColor(QPalette::WindowText, Theme::errorBaseText(palette()));
    m_banner->setPalette(pal);
    m_bannerText->setPalette(pal);
    m_bannerText->setText(message);
    m_banner->show();
    m_banner->raise();
    placeBanner();
}

void SessionPanel::placeBanner()
{
    if (m_banner->isHidden())
        return;
    // Over the top of the traffic (whatever view it shows), as wide as it, as tall as the
    // wrapped sentence needs.
    const QWidget *traffic = m_trafficPane->view()->parentWidget();
    const QRect area(traffic->mapTo(this, QPoint(0, 0)), traffic->size());
    const int height = m_banner->layout()->hasHeightForWidth()
                           ? m_banner->layout()->heightForWidth(area.width())
                           : m_banner->sizeHint().height();
    m_banner->setGeometry(area.left(), area.top(), area.width(), qMin(height, area.height()));
}

bool SessionPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize || event->type() == QEvent::Move)
        placeBanner();
    return QWidget::eventFilter(watched, event);
}

QString SessionPanel::errorText() const
{
    return m_banner->isVisible() ? m_bannerText->text() : QString();
}

} // namespace sockeye
