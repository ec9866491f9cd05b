#include "session/connectiondetails.h"

#include "models/connectionlistmodel.h"
#include "session/certificatedialog.h"
#include "session/connectionstory.h"
#include "session/tcpserversession.h"

#include <QDateTime>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace sockeye {

namespace {
// The rows, in order; the listener's rows come last.
enum Row {
    PeerEnd,
    LocalEnd,
    Since,
    Received,
    Sent,
    TlsRow,
    CertificateRow,
    RoundTrip,
    Retransmitted,
    Window,
    InFlight,
    SendQueue,
    ReceiveQueue,
    Listening,
    AcceptQueueRow,
    Overflows,
    RowCount
};
constexpr int FirstListenerRow = Listening;

QString duration(qint64 ms)
{
    const qint64 s = ms / 1000;
    return QStringLiteral("%1:%2:%3")
        .arg(s / 3600, 2, 10, QLatin1Char('0'))
        .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}
} // namespace

ConnectionDetails::ConnectionDetails(Session *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_heading(new QLabel(this))
    , m_form(new QFormLayout)
    , m_story(new QLabel(this))
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("connectionDetails"));
    const QString names[RowCount] = {
        tr("Peer"),          tr("Local end"),    tr("Connected"),    tr("Received"),
        tr("Sent"),          tr("TLS"),          tr("Certificate"),  tr("Round trip"),
        tr("Retransmitted"), tr("Window"),       tr("In flight"),    tr("Send queue"),
        tr("Receive queue"), tr("Listening on"), tr("Accept queue"), tr("Overflows")};
    const QString tips[RowCount] = {
        tr("The peer's address and port"),
        tr("Our address and port (for a client, the local port the kernel chose)"),
        {},
        {},
        {},
        tr("The TLS version, cipher and ALPN protocol agreed, and whether the peer's "
           "certificate was verified"),
        tr("The peer's certificate; Certificate chain shows every field"),
        tr("The kernel's smoothed round-trip time and its mean deviation (TCP_INFO)"),
        tr("Segments sent again over the connection's life: a lossy or congested path"),
        tr("The congestion window: segments the kernel may have in flight, of MSS bytes"),
        tr("Segments sent and not yet acknowledged by the peer"),
        tr("Bytes written and not yet acknowledged by the peer (SIOCOUTQ)"),
        tr("Bytes the kernel received and Sockeye has not read yet (SIOCINQ)"),
        {},
        tr("Connections the kernel completed that wait for Sockeye to accept them, of the "
           "listen backlog"),
        tr("Connections the kernel refused because a listener's accept queue was full "
           "(ListenOverflows, for every listener on this system)")};
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setHorizontalSpacing(8);
    m_form->setVerticalSpacing(1);
    m_form->setLabelAlignment(Qt::AlignLeft);
    for (int row = 0; row < RowCount; ++row) {
        auto *name = new QLabel(names[row], this);
        auto *value = new QLabel(this);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        // A long value must not widen the box (the traffic beside it would move).
        value->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        value->setToolTip(tips[row]);
        name->setToolTip(tips[row]);
        name->setBuddy(value);
        m_form->addRow(name, value);
        m_names << name;
        m_values << value;
    }
    QFont bold = m_heading->font();
    bold.setBold(true);
    m_heading->setFont(bold);
    m_heading->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_heading);
    layout->addLayout(m_form);
    m_chainButton = new QPushButton(tr("Certificate &chain\u2026"), this);
    m_chainButton->setObjectName(QStringLiteral("certificateChainButton"));
    m_chainButton->setToolTip(tr("Every certificate the peer presented, with all its fields"));
    m_chainButton->hide();
    connect(m_chainButton, &QPushButton::clicked, this, [this] {
        const std::optional<Peer> p = m_session->peer(m_peer);
        const auto ended = m_ended.constFind(m_peer);
        const Peer *shown = p ? &*p : (ended != m_ended.constEnd() ? &ended->peer : nullptr);
        if (shown)
            CertificateDialog(shown->tls, shown->label(), this).exec();
    });
    layout->addWidget(m_chainButton, 0, Qt::AlignLeft);
    m_story->setObjectName(QStringLiteral("connectionStory"));
    m_story->setWordWrap(true);
    m_story->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_story->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_story->setTextFormat(Qt::PlainText);
    layout->addSpacing(4);
    layout->addWidget(m_story);
    layout->addStretch(1);

    m_timer->setInterval(RefreshMs);
    connect(m_timer, &QTimer::timeout, this, &ConnectionDetails::refresh);
    connect(session, &Session::connectionStatsAtEnd, this,
            [this](PeerId id, const TcpStats &stats) { m_statsAtEnd.insert(id, stats); });
    connect(session, &Session::peerEnded, this,
            [this](const Peer &p, const TrafficCounters &counters) {
                if (p.connectedSinceUs == 0 || m_session->kind() == SessionKind::Udp)
                    return;
                m_ended.insert(p.id, {p, counters, m_statsAtEnd.take(p.id)});
                m_endedOrder << p.id;
                if (m_endedOrder.size() > EndedKept)
                    m_ended.remove(m_endedOrder.takeFirst());
            });
    connect(session, &Session::peerAdded, this, [this](const Peer &p) {
        if (m_follow)
            setPeer(p.id);
    });
    connect(session, &Session::peerRemoved, this, [this](PeerId id) {
        if (id == m_peer)
            refresh(); // the end, at once
    });
    refresh();
}

void ConnectionDetails::setPeer(PeerId id)
{
    if (id == m_peer)
        return;
    m_peer = id;
    refresh();
}

void ConnectionDetails::followOnlyPeer()
{
    m_follow = true;
    const QList<Peer> peers = m_session->peers();
    if (!peers.isEmpty())
        setPeer(peers.first().id);
}

void ConnectionDetails::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
    m_timer->start();
}

void ConnectionDetails::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer->stop();
}

void ConnectionDetails::setRow(int row, const QString &value)
{
    if (m_values[row]->text() != value)
        m_values[row]->setText(value);
}

void ConnectionDetails::setRowsVisible(int first, int last, bool visible)
{
    for (int row = first; row <= last; ++row)
        m_form->setRowVisible(row, visible);
}

void ConnectionDetails::refresh()
{
    const std::optional<Peer> open = m_peer == NoPeer ? std::nullopt : m_session->peer(m_peer);
    const auto ended = m_ended.constFind(m_peer);
    const bool known = open || ended != m_ended.constEnd();
    const bool listener = m_peer == NoPeer && m_session->kind() == SessionKind::TcpServer;
    setRowsVisible(PeerEnd, ReceiveQueue, known);
    const Peer *tlsPeer = open ? &*open : (known ? &ended->peer : nullptr);
    const bool tls = tlsPeer && tlsPeer->tls.encrypted;
    setRowsVisible(TlsRow, CertificateRow, tls);
    m_chainButton->setVisible(tls && !tlsPeer->tls.chain.isEmpty());
    setRowsVisible(FirstListenerRow, RowCount - 1, listener);
    m_story->setVisible(known);
    if (open)
        showConnection(*open, m_session->peerCounters(m_peer), true, std::nullopt);
    else if (known)
        showConnection(ended->peer, ended->counters, false, ended->stats);
    else if (listener)
        showListener();
    else if (m_peer != NoPeer)
        m_heading->setText(tr("That connection has ended; its details are no longer kept."));
    else
        m_heading->setText(m_session->kind() == SessionKind::TcpClient
                               ? tr("Not connected")
                               : tr("Select one connection to see its details."));
}

void ConnectionDetails::showConnection(const Peer &p, const TrafficCounters &c, bool open,
                                       const std::optional<TcpStats> &statsAtEnd)
{
    QString why;
    const std::optional<TcpStats> stats = open ? m_session->tcpStats(p.id, &why) : statsAtEnd;
    m_heading->setText(
        open ? tr("Connection to %1").arg(p.label())
             : tr("Connection to %1 (closed; the figures it ended with)").arg(p.label()));
    setRow(PeerEnd, p.label());
    setRow(LocalEnd, endpointText(p.localAddress, p.localPort));
    const QDateTime since = QDateTime::fromMSecsSinceEpoch(p.connectedSinceUs / 1000);
    const qint64 lastedMs = open ? since.msecsTo(QDateTime::currentDateTime())
                                 : (p.endedUs - p.connectedSinceUs) / 1000;
    setRow(Since, (open ? tr("%1 (for %2)") : tr("%1 (lasted %2)"))
                      .arg(since.toString(QStringLiteral("HH:mm:ss.zzz")), duration(lastedMs)));
    setRow(Received, ConnectionListModel::formatBytesInFrames(c.bytesIn, c.framesIn));
    setRow(Sent, ConnectionListModel::formatBytesInFrames(c.bytesOut, c.framesOut));
    showStory(p, c);
    if (p.tls.encrypted) {
        const bool ofServer = m_session->kind() == SessionKind::TcpClient;
        QString tls = p.tls.protocol + QStringLiteral(", ") + p.tls.cipher;
        if (!p.tls.alpn.isEmpty())
            tls += tr(", ALPN %1").arg(p.tls.alpn);
        tls += p.tls.verified          ? tr(" \u2014 verified")
               : ofServer              ? tr(" \u2014 NOT verified")
               : p.tls.chain.isEmpty() ? tr(" \u2014 no client certificate")
                                       : tr(" \u2014 client certificate not verified");
        setRow(TlsRow, tls);
        m_values[TlsRow]->setToolTip(tls); // the box may be narrower than the line
        const QSslCertificate cert = p.tls.chain.value(0);
        setRow(CertificateRow,
               cert.isNull()
                   ? tr("none")
                   : tr("%1, issued by %2, valid until %3")
                         .arg(TlsReport::nameText(cert, false), TlsReport::nameText(cert, true),
                              cert.expiryDate().toUTC().toString(QStringLiteral("yyyy-MM-dd"))));
    }
    if (!stats) {
        const QString none = open ? why : tr("not known");
        for (int row : {RoundTrip, Retransmitted, Window, InFlight, SendQueue, ReceiveQueue})
            setRow(row, row == RoundTrip ? none : QStringLiteral("\u2014"));
        return;
    }
    setRow(RoundTrip,
           tr("%1 (\u00b1 %2)")
               .arg(TcpStats::formatRtt(stats->rttMs), TcpStats::formatRtt(stats->rttVarianceMs)));
    setRow(Retransmitted, tr("%1 segments").arg(stats->retransmissions));
    setRow(Window, tr("%1 segments of %2 B").arg(stats->congestionWindow).arg(stats->mss));
    setRow(InFlight, tr("%1 segments unacknowledged").arg(stats->unacknowledged));
    setRow(SendQueue, ConnectionListModel::formatBytes(stats->sendQueueBytes));
    setRow(ReceiveQueue, ConnectionListModel::formatBytes(stats->receiveQueueBytes));
}

void ConnectionDetails::showStory(const Peer &peer, const TrafficCounters &counters)
{
    QStringList lines;
    for (const ConnectionStory::Line &line : ConnectionStory::lines(peer, counters)) {
        lines << QDateTime::fromMSecsSinceEpoch(line.timeUs / 1000)
                         .toString(QStringLiteral("HH:mm:ss.zzz")) +
                     QLatin1String("  ") + line.text;
    }
    const QString text = lines.join(QLatin1Char('\n'));
    if (m_story->text() != text)
        m_story->setText(text);
}

void ConnectionDetails::showListener()
{
    auto *server = qobject_cast<TcpServerSession *>(m_session);
    if (!server || !server->isListening()) {
        m_heading->setText(tr("Not listening"));
        setRowsVisible(FirstListenerRow, RowCount - 1, false);
        return;
    }
    m_heading->setText(tr("Select one connection to see its details."));
    setRow(Listening, endpointText(server->boundAddress(), server->boundPort()));
    const auto queue = server->acceptQueue();
    setRow(AcceptQueueRow, queue ? tr("%1 waiting of %2").arg(queue->waiting).arg(queue->backlog)
                                 : tr("not known on this system"));
    const qint64 overflows = server->acceptQueueOverflows();
    setRow(Overflows, overflows < 0 ? tr("not known on this system")
                                    : tr("%1 since listening").arg(overflows));
}

QString ConnectionDetails::text() const
{
    QStringList lines{m_heading->text()};
    for (int row = 0; row < RowCount; ++row) {
        if (m_form->isRowVisible(row))
            lines << m_names[row]->text() + QLatin1String(": ") + m_values[row]->text();
    }
    if (!m_story->isHidden())
        lines << m_story->text();
    return lines.join(QLatin1Char('\n'));
}

} // namespace sockeye
