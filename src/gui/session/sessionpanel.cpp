#include "session/sessionpanel.h"

#include "automation/automationbar.h"
#include "automation/automationcontroller.h"
#include "automation/periodicsender.h"
#include "models/connectionlistmodel.h"
#include "models/trafficmodel.h"
#include "session/connectiondetails.h"
#include "session/receivefilebutton.h"
#include "session/sendcomposer.h"
#include "traffic/framingedit.h"
#include "traffic/receivefile.h"
#include "traffic/trafficpane.h"
#include "traffic/trafficview.h"
#include "widgets/flowlayout.h"
#include "widgets/icons.h"
#include "widgets/theme.h"
#include "workspace/sessioncontroller.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QNetworkInterface>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace sockeye {

namespace {
const char *const FixedBindWords[] = {"any4", "any6", "any"};

} // namespace

SessionSetup SessionPanel::setup() const
{
    SessionSetup setup = m_controller->setup();
    setup.config = configFromUi();
    // A framing that was refused stays in the Frames field, marked, until it is mended: the
    // file keeps what the field shows, not the framing in use before it.
    const FramingEdit *framing = m_trafficPane->framingEdit();
    if (!framing->error().isEmpty())
        setup.framing = framing->spec();
    setup.view = m_trafficPane->viewSettings();
    setup.view.insert(QLatin1String("clearAfterSend"), m_composer->clearsAfterSend());
    return setup;
}

QStringList SessionPanel::applySetup(const SessionSetup &setup)
{
    const QStringList problems = m_controller->apply(setup);
    showSetup(setup);
    return problems;
}

void SessionPanel::showSetup(const SessionSetup &setup)
{
    const QString framingError = setup.framingError();
    if (!framingError.isEmpty())
        m_trafficPane->showRejectedFraming(setup.framing, framingError);
    if (!setup.periodic.isEmpty() && PeriodicSend::fromJson(setup.periodic))
        m_composer->showPeriodic(m_controller->periodic()->settings());
    m_trafficPane->setViewSettings(setup.view);
    m_composer->setClearsAfterSend(
        setup.view.value(QLatin1String("clearAfterSend")).toBool(m_composer->clearsAfterSend()));
}

QString SessionPanel::bindAddressText(const QString &word)
{
    if (word == QLatin1String("any4"))
        return tr("All IPv4 (0.0.0.0)");
    if (word == QLatin1String("any6"))
        return tr("All IPv6 (::)");
    if (word == QLatin1String("any"))
        return tr("Dual-stack (IPv4 + IPv6)");
    return word;
}

SessionPanel::SessionPanel(Session *session, SessionController *controller, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_trafficModel(new TrafficModel(session->log(), this))
    , m_trafficPane(nullptr)
    , m_composer(nullptr)
    , m_controller(controller ? controller : new SessionController(session, this))
    , m_automation(m_controller->automation())
    , m_automationBar(new AutomationBar(m_automation, this))
    , m_settings(new QWidget(this))
    , m_start(new QPushButton(this))
    , m_state(new QLabel(this))
    , m_banner(new QWidget(this))
    , m_bannerText(new QLabel(m_banner))
    , m_vertical(new QSplitter(Qt::Vertical, this))
    , m_horizontal(new QSplitter(Qt::Horizontal, this))
{
    m_trafficModel->setSession(session);
    m_trafficPane = new TrafficPane(session, m_trafficModel, m_controller->framers(), this);
    m_composer = new SendComposer(session, m_controller->periodic(), this);

    buildSettings();

    // Error banner: the core's sentence, dismissable, never modal.
    m_banner->setAutoFillBackground(true);
    m_banner->setObjectName(QStringLiteral("errorBanner"));
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(8, 4, 4, 4);
    m_bannerText->setWordWrap(true);
    m_bannerText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *dismiss = new QToolButton(m_banner);
    dismiss->setText(QStringLiteral("\u2715"));
    dismiss->setAutoRaise(true);
    dismiss->setToolTip(tr("Hide this message"));
    dismiss->setAccessibleName(tr("Hide this message"));
    m_bannerText->setAccessibleName(tr("Error"));
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(dismiss);
    m_banner->hide();
    connect(dismiss, &QToolButton::clicked, m_banner, &QWidget::hide);

    // Connection list for servers and UDP (a client has exactly one peer: the server).
    if (session->kind() != SessionKind::TcpClient) {
        auto *box = new QWidget(this);
        auto *boxLayout = new QVBoxLayout(box);
        boxLayout->setContentsMargins(0, 0, 0, 0);
        boxLayout->setSpacing(2);
        m_connectionsLabel = new QLabel(box);
        m_connectionsLabel->setWordWrap(true);
        m_connectionModel = new ConnectionListModel(session, this);
        m_connectionView = new QTableView(box);
        m_connectionView->setAccessibleName(m_session->kind() == SessionKind::Udp ? tr("Peers")
                                                                                  : tr("Clients"));
        m_connectionView->setModel(m_connectionModel);
        m_connectionView->setSelectionBehavior(QAbstractItemView::SelectRows);
        m_connectionView->setSelectionMode(QAbstractItemView::ExtendedSelection);
        m_connectionView->setContextMenuPolicy(Qt::CustomContextMenu);
        m_connectionView->verticalHeader()->hide();
        m_connectionView->horizontalHeader()->setStretchLastSection(true);
        // Fixed widths from sample texts: ResizeToContents measures every row on every insert,
        // which is quadratic when thousands of clients connect at once.
        m_connectionView->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
        {
            const QFontMetrics fm = m_connectionView->fontMetrics();
            // Headers are measured in their own font, with room for the sort arrow.
            const QFontMetrics headerFm = m_connectionView->horizontalHeader()->fontMetrics();
            const QString samples[ConnectionListModel::ColumnCount] = {
                QStringLiteral("255.255.255.255:65535"),
                QStringLiteral("00:00:00"),
                QStringLiteral("1023.9 MiB"),
                QStringLiteral("1023.9 MiB"),
                QStringLiteral("99999999"),
                QStringLiteral("99999999"),
                QStringLiteral("999.9 KiB/s"),
                QStringLiteral("999.9 KiB/s"),
                QStringLiteral("999.99 ms")};
            for (int column = 0; column < ConnectionListModel::ColumnCount; ++column) {
                const QString header =
                    m_connectionModel->headerData(column, Qt::Horizontal).toString();
                m_connectionView->setColumnWidth(column,
                                                 qMax(fm.horizontalAdvance(samples[column]) + 16,
                                                      headerFm.horizontalAdvance(header) + 28));
            }
        }
        m_connectionView->setColumnHidden(ConnectionListModel::RttColumn,
                                          session->kind() == SessionKind::Udp);
        m_connectionView->setAlternatingRowColors(true);
        m_connectionView->setWordWrap(false);
        m_connectionView->verticalHeader()->setDefaultSectionSize(
            m_connectionView->fontMetrics().height() + 6);
        m_connectionView->setToolTip(
            session->kind() == SessionKind::TcpServer
                ? tr("Select clients to send only to them (none selected: all). Right-click "
                     "to disconnect.")
                : tr("Peers that sent datagrams. Select some to reply to them (none selected: "
                     "the target host and port)."));
        boxLayout->addWidget(m_connectionsLabel);
        if (session->kind() != SessionKind::TcpServer) {
            boxLayout->addWidget(m_connectionView, 1);
        } else {
            // The list above, the selected connection's details below, the split the user's.
            auto *split = new QSplitter(Qt::Vertical, box);
            m_connectionSplit = split;
            split->setChildrenCollapsible(false);
            split->addWidget(m_connectionView);
            auto *scroll = new QScrollArea(split);
            scroll->setWidgetResizable(true);
            scroll->setFrameShape(QFrame::NoFrame);
            scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
            m_details = new ConnectionDetails(session, scroll);
            scroll->setWidget(m_details);
            split->addWidget(scroll);
            split->setStretchFactor(0, 1);
            split->setStretchFactor(1, 1);
            boxLayout->addWidget(split, 1);
            // A record picked in the timeline shows its connection, closed ones too.
            connect(m_trafficPane, &TrafficPane::selectedPeerChanged, this, [this](PeerId id) {
                if (id != NoPeer)
                    m_details->setPeer(id);
            });
        }
        m_horizontal->addWidget(box);
        connect(m_connectionView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
                [this] { updateTargets(); });
        connect(m_connectionModel, &QAbstractItemModel::rowsInserted, this,
                [this] { updateConnectionsLabel(); });
        connect(m_connectionModel, &QAbstractItemModel::rowsRemoved, this, [this] {
            updateTargets();
            updateConnectionsLabel();
        });
        connect(m_connectionView, &QWidget::customContextMenuRequested, this,
                [this](const QPoint &pos) { showConnectionMenu(pos); });
        addConnectionShortcuts();
        setUpConnectionColumns();
        updateConnectionsLabel();
    } else {
        buildClientDetails();
    }
    m_horizontal->addWidget(m_trafficPane);
    m_horizontal->setStretchFactor(m_horizontal->count() - 1, 3);

    m_vertical->addWidget(m_horizontal);
    m_vertical->addWidget(m_composer);
    m_vertical->setStretchFactor(0, 4);
    m_vertical->setStretchFactor(1, 1);
    m_vertical->setChildrenCollapsible(false);
    m_vertical->setSizes({520, 150});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);
    layout->addWidget(m_settings);
    layout->addWidget(m_automationBar);
    layout->addWidget(m_vertical, 1);
    // The error banner lies over the top of the traffic, not in the layout: showing it moves
    // nothing (a user about to click must not find the controls elsewhere).
    m_trafficPane->view()->parentWidget()->installEventFilter(this);

    connect(m_start, &QPushButton::clicked, this, [this] { toggleStart(); });
    connect(session, &Session::stateChanged, this,
            [this](Session::State state) { onStateChanged(state); });
    connect(session, &Session::errorOccurred, this,
            [this](SessionError, const QString &message) { showError(message); });
    connect(m_automation, &AutomationController::replyFailed, this,
            [this](const QString &message) { showError(message); });
    connect(m_controller, &SessionController::changed, this, &SessionPanel::configChanged);
    m_receiveFileButton = new ReceiveFileButton(m_controller->receiveFile(), this);
    m_trafficPane->addTools({m_receiveFileButton});
    connect(m_controller->receiveFile(), &ReceiveFile::failed, this,
            [this](const QString &message) { showError(message); });
    connect(m_trafficPane, &TrafficPane::viewSettingsChanged, this, &SessionPanel::configChanged);
    connect(m_composer, &SendComposer::optionsChanged, this, &SessionPanel::configChanged);

    loadConfigIntoUi();
    onStateChanged(session->state());
}

SessionPanel::~SessionPanel() = default;

void SessionPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_shownOnce)
        return;
    m_shownOnce = true;
    // Sizes only stick once the splitters are laid out: apply them after this event.
    QTimer::singleShot(0, this, [this] {
        const int width = m_horizontal->width();
        if (m_horizontal->count() > 1) {
            // Room for the address and a few counters; the traffic takes the rest.
            const int em = fontMetrics().horizontalAdvance(QLatin1Char('m'));
            const int list = qMin(qBound(em * 16, width * 3 / 10, em * 40), width / 2);
            m_horizontal->setSizes({list, width - list});
        }
        if (m_connectionSplit) {
            // The details need room for their rows and the story; the list scrolls.
            const int h = m_connectionSplit->height();
            m_connectionSplit->setSizes({h * 2 / 5, h - h * 2 / 5});
        }
        const int height = m_vertical->height();
        const int composer = qBound(120, height / 4, 170);
        m_vertical->setSizes({height - composer, composer});
        // A new session starts at the field a user edits first (a client's host, else the
        // port), not at what the tab order reaches first (it was the Echo check box); a
        // running one at its send box.
        QWidget *first = static_cast<QWidget *>(m_port);
        if (m_session->isActive())
            first = m_composer->editor();
        else if (m_session->kind() == SessionKind::TcpClient)
            first = m_host;
        if (first && first->isEnabled())
            first->setFocus(Qt::OtherFocusReason);
    });
}

void SessionPanel::buildSettings()
{
    // One row, wrapped in a narrow window.
    auto *row = new FlowLayout(m_settings);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(10);
    row->setVerticalSpacing(4);
    const SessionKind kind = m_session->kind();

    auto *kindIcon = new QLabel(m_settings);
    const Icons::Name iconName = kind == SessionKind::TcpServer   ? Icons::Server
                                 : kind == SessionKind::TcpClient ? Icons::Client
                                                                  : Icons::Udp;
    kindIcon->setPixmap(Icons::icon(iconName).pixmap(QSize(20, 20)));
    row->addWidget(kindIcon);

    const auto addLabel = [this, row](const QString &text, QWidget *buddy) {
        auto *label = new QLabel(text, m_settings);
        label->setBuddy(buddy);
        row->addWidget(FlowLayout::group(m_settings, {label, buddy}));
    };

    if (kind == SessionKind::TcpServer || kind == SessionKind::Udp) {
        m_bind = new QComboBox(m_settings);
        m_bind->setEditable(true);
        m_bind->setInsertPolicy(QComboBox::NoInsert);
        m_bind->setMinimumContentsLength(16);
        m_bind->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        m_bind->setToolTip(tr("Local address to listen on: all IPv4, all IPv6, both, or one "
                              "interface address (you can type one)"));
        fillBindAddresses();
        m_port = new QSpinBox(m_settings);
        m_port->setRange(0, 65535);
        m_port->setToolTip(tr("Local port (0: any free port)"));
        addLabel(tr("&Listen on"), m_bind);
        addLabel(tr("&Port"), m_port);
        connect(m_bind, &QComboBox::currentTextChanged, this, [this] { applyUiToSession(); });
        connect(m_port, &QSpinBox::valueChanged, this, [this] { applyUiToSession(); });
    }
    if (kind == SessionKind::TcpClient || kind == SessionKind::Udp) {
        m_host = new QLineEdit(m_settings);
        m_host->setPlaceholderText(tr("host or address"));
        m_host->setMinimumWidth(m_host->fontMetrics().horizontalAdvance(QLatin1Char('m')) * 12);
        m_remotePort = new QSpinBox(m_settings);
        m_remotePort->setRange(kind == SessionKind::Udp ? 0 : 1, 65535);
        if (kind == SessionKind::TcpClient) {
            m_host->setToolTip(tr("Server to connect to: a host name or an IPv4/IPv6 address"));
            m_remotePort->setToolTip(tr("Server port"));
            addLabel(tr("&Host"), m_host);
            addLabel(tr("P&ort"), m_remotePort);
        } else {
            m_host->setToolTip(tr("Where Send goes when no peer is selected"));
            m_remotePort->setToolTip(tr("Target port (0: no default target)"));
            addLabel(tr("&Target"), m_host);
            addLabel(tr("P&ort"), m_remotePort);
        }
        connect(m_host, &QLineEdit::textChanged, this, [this] { applyUiToSession(); });
        connect(m_remotePort, &QSpinBox::valueChanged, this, [this] { applyUiToSession(); });
    }
    if (kind == SessionKind::TcpClient) {
        m_timeout = new QSpinBox(m_settings);
        m_timeout->setRange(100, 600000);
        m_timeout->setSingleStep(500);
        m_timeout->setSuffix(tr(" ms"));
        m_timeout->setToolTip(tr("Give up connecting after this long"));
        addLabel(tr("Time&out"), m_timeout);
        m_reconnect = new QCheckBox(tr("&Reconnect"), m_settings);
        m_reconnect->setToolTip(tr("Reconnect automatically, waiting longer after each failure"));
        row->addWidget(m_reconnect);
        connect(m_timeout, &QSpinBox::valueChanged, this, [this] { applyUiToSession(); });
        connect(m_reconnect, &QCheckBox::toggled, this, [this] { applyUiToSession(); });
    }
    if (kind == SessionKind::Udp) {
        m_group = new QLineEdit(m_settings);
        m_group->setPlaceholderText(tr("none"));
        m_group->setMaximumWidth(150);
        m_group->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
        m_group->setToolTip(tr("Multicast groups to join when started (e.g. 239.1.2.3), "
                               "separated by commas"));
        addLabel(tr("&Multicast"), m_group);
        connect(m_group, &QLineEdit::textChanged, this, [this] { applyUiToSession(); });
    }

    m_start->setMinimumWidth(110);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_state->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    QFont bold = m_state->font();
    bold.setBold(true);
    m_state->setFont(bold);
    if (m_session->kind() != SessionKind::Udp) {
        m_socketOptions = new QPushButton(tr("Socket options\u2026"), m_settings);
        m_socketOptions->setObjectName(QStringLiteral("socketOptionsButton"));
        m_socketOptions->setToolTip(
            m_session->kind() == SessionKind::TcpClient
                ? tr("TCP_NODELAY, keepalive, buffer sizes, the local address and port")
                : tr("TCP_NODELAY, keepalive, buffer sizes"));
        connect(m_socketOptions, &QPushButton::clicked, this, [this] { editSocketOptions(); });
        m_tls = new QPushButton(tr("&TLS\u2026"), m_settings);
        m_tls->setObjectName(QStringLiteral("tlsButton"));
        m_tls->setCheckable(true);
        connect(m_tls, &QPushButton::clicked, this, [this] { editTls(); });
        updateTlsButton();
    }
    if (m_session->kind() == SessionKind::TcpClient) {
        // The other ways to end a connection, beside Disconnect (FIN); always there, so
        // nothing moves when the state changes.
        m_closeMenu = new QToolButton(m_settings);
        m_closeMenu->setObjectName(QStringLiteral("closeMenuButton"));
        m_closeMenu->setPopupMode(QToolButton::InstantPopup);
        m_closeMenu->setArrowType(Qt::DownArrow);
        m_closeMenu->setToolTip(tr("Other ways to close: reset (RST) or half-close"));
        m_closeMenu->setAccessibleName(tr("Other ways to close"));
        auto *menu = new QMenu(m_closeMenu);
        menu->addAction(tr("Reset the connection (RST)"), this,
                        [this] { closeClient(Session::CloseMode::Reset); });
        m_halfClose = menu->addAction(tr("Half-close (send FIN, keep receiving)"), this,
                                      [this] { closeClient(Session::CloseMode::HalfClose); });
        m_closeMenu->setMenu(menu);
        m_detailsButton = new QToolButton(m_settings);
        m_detailsButton->setObjectName(QStringLiteral("detailsButton"));
        m_detailsButton->setText(tr("&Details"));
        m_detailsButton->setCheckable(true);
        m_detailsButton->setToolTip(tr("Show the connection's details: round-trip time, "
                                       "retransmissions, window, queues"));
        row->addWidget(FlowLayout::group(m_settings, {m_start, m_closeMenu, m_state}, 6));
        row->addWidget(m_socketOptions);
        row->addWidget(m_tls);
        row->addWidget(m_detailsButton);
        return;
    }
    row->addWidget(FlowLayout::group(m_settings, {m_start, m_state}, 6));
    if (m_socketOptions) {
        row->addWidget(m_socketOptions);
        row->addWidget(m_tls);
    }
}

void SessionPanel::fillBindAddresses()
{
    for (const char *word : FixedBindWords)
        m_bind->addItem(bindAddressText(QLatin1String(word)), QLatin1String(word));
    QStringList addresses;
    for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
        if (address.protocol() == QAbstractSocket::IPv6Protocol && !address.scopeId().isEmpty())
            continue; // link-local needs a scope; typed by hand when wanted
        addresses << address.toString();
    }
    addresses.sort();
    for (const QString &address : addresses)
        m_bind->addItem(address, address);
}

void SessionPanel::loadConfigIntoUi()
{
    m_loading = true;
    const SessionConfig &config = m_session->config();
    if (m_bind) {
        const int index = m_bind->findData(config.bindAddress);
        if (index >= 0)
            m_bind->setCurrentIndex(index);
        else
            m_bind->setEditText(config.bindAddress);
    }
    if (m_port)
        m_port->setValue(config.bindPort);
    if (m_host)
        m_host->setText(config.remoteHost);
    if (m_remotePort)
        m_remotePort->setValue(config.remotePort);
    if (m_timeout)
        m_timeout->setValue(config.connectTimeoutMs);
    if (m_reconnect)
        m_reconnect->setChecked(config.autoReconnect);
    if (m_group)
        m_group->setText(config.multicastGroups.join(QStringLiteral(", ")));
    m_loading = false;
}

SessionConfig SessionPanel::configFromUi() const
{
    SessionConfig config = m_session->config();
    if (m_bind) {
        const int index = m_bind->findText(m_bind->currentText());
        config.bindAddress =
            index >= 0 ? m_bind->itemData(index).toString() : m_bind->currentText().trimmed();
    }
    if (m_port)
        config.bindPort = quint16(m_port->value());
    if (m_host)
        config.remoteHost = m_host->text().trimmed();
    if (m_remotePort)
        config.remotePort = quint16(m_remotePort->value());
    if (m_timeout)
        config.connectTimeoutMs = m_timeout->value();
    if (m_reconnect)
        config.autoReconnect = m_reconnect->isChecked();
    if (m_group) {
        QStringList groups;
        for (const QString &group : m_group->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (!group.trimmed().isEmpty())
                groups << group.trimmed();
        }
        config.multicastGroups = groups;
    }
    return config;
}

void SessionPanel::applyUiToSession()
{
    if (m_loading)
        return;
    const SessionConfig config = configFromUi();
    if (config == m_session->config())
        return;
    m_session->setConfig(config);
    reserveStateWidth();
    emit configChanged();
    emit titleChanged();
}

void SessionPanel::setSettingsEnabled(bool enabled)
{
    // TLS is read and checked as the session starts: changed only while it is stopped.
    for (QWidget *w : std::initializer_list<QWidget *>{m_bind, m_port, m_host, m_remotePort,
                                                       m_timeout, m_reconnect, m_group, m_tls}) {
        if (w)
            w->setEnabled(enabled);
    }
    // A UDP target can change while bound: Send reads it each time.
    if (m_session->kind() == SessionKind::Udp) {
        if (m_host)
            m_host->setEnabled(true);
        if (m_remotePort)
            m_remotePort->setEnabled(true);
    }
}

void SessionPanel::toggleStart()
{
    if (m_session->isActive()) {
        m_session->stop();
        return;
    }
    applyUiToSession();
    m_banner->hide();
    startSession();
}

void SessionPanel::updateTargets()
{
    QList<PeerId> targets;
    if (m_connectionView) {
        const QModelIndexList rows = m_connectionView->selectionModel()->selectedRows();
        for (const QModelIndex &index : rows)
            targets << m_connectionModel->peerAt(index.row());
    }
    // One selected: its details. A selection that emptied because the connection closed
    // keeps showing what it ended with.
    if (m_details && m_session->kind() == SessionKind::TcpServer) {
        if (targets.size() == 1)
            m_details->setPeer(targets.first());
        else if (targets.size() > 1 || m_session->peer(m_details->peer()))
            m_details->setPeer(NoPeer);
    }
    m_composer->setTargets(targets);
    updateConnectionsLabel();
}

void SessionPanel::updateConnectionsLabel()
{
    if (!m_connectionsLabel)
        return;
    const int count = m_connectionModel->rowCount();
    const int selected = int(m_connectionView->selectionModel()->selectedRows().size());
    if (m_session->kind() == SessionKind::TcpServer) {
        m_connectionsLabel->setText(
            selected == 0
                ? tr("<b>Clients: %1</b> — none selected: Send goes to all").arg(count)
                : tr("<b>Clients: %1</b> — Send goes to the %2 selected").arg(count).arg(selected));
    } else {
        m_connectionsLabel->setText(
            selected == 0
                ? tr("<b>Peers: %1</b> — none selected: Send goes to the target").arg(count)
                : tr("<b>Peers: %1</b> — Send goes to the %2 selected").arg(count).arg(selected));
    }
}

QString SessionPanel::title() const
{
    // Port 0 picks a free port; once it is bound, the title says which.
    return configFromUi().displayName(m_session->boundPort());
}

} // namespace sockeye
