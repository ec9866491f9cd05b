#include "traffic/trafficpane.h"

#include "models/trafficmodel.h"
#include "payload/textcodec.h"
#include "session/session.h"
#include "traffic/framer.h"
#include "traffic/framingedit.h"
#include "traffic/streamframers.h"
#include "traffic/trafficview.h"
#include "widgets/flowlayout.h"
#include "widgets/icons.h"

#include <QCheckBox>
#include <QComboBox>
#include <QJsonObject>
#include <QJsonValue>
#include <QLabel>
#include <QLineEdit>
#include <QMetaEnum>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace sockeye {

TrafficPane::TrafficPane(Session *session, TrafficModel *model, StreamFramers *framers,
                         QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(model)
    , m_view(new TrafficView(model, this))
    , m_rawView(m_view)
    , m_stack(new QStackedWidget(this))
    , m_framing(new FramingEdit(this))
    , m_framer(framers ? framers : new StreamFramers(model->log(), 0, this))
    , m_mode(new QComboBox(this))
    , m_encoding(new QComboBox(this))
    , m_timestamps(new QCheckBox(tr("Time"), this))
    , m_peer(new QComboBox(this))
    , m_direction(new QComboBox(this))
    , m_pause(new QToolButton(this))
    , m_clear(new QToolButton(this))
    , m_search(new QLineEdit(this))
    , m_searchHex(new QCheckBox(tr("Hex"), this))
    , m_searchStatus(new QLabel(this))
    , m_display(new QCheckBox(tr("Display"), this))
    , m_bar(new FlowLayout)
{
    m_mode->addItems(modeNames());
    m_mode->setToolTip(
        tr("How payloads are shown. Stream: each peer's text as it flows, lines broken at line "
           "ends, a new block when the peer or direction changes or after half a second of "
           "quiet. Log: a line per received chunk (or frame). Hex, Hex dump: the bytes"));
    m_encoding->addItems(TextCodec::encodings());
    m_encoding->setToolTip(tr("Text encoding used to show payloads in text mode"));
    m_timestamps->setChecked(true);
    watchSelection(m_view);
    m_timestamps->setToolTip(tr("Show the time of each record"));
    m_peer->setToolTip(tr("Show only one peer's traffic"));
    m_peer->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_direction->addItem(tr("Both directions"));
    m_direction->addItem(tr("Received only"));
    m_direction->addItem(tr("Sent only"));
    m_direction->setToolTip(tr("Show received data, sent data or both"));
    m_framing->kindBox()->setToolTip(
        tr("Show each stream cut into frames (lines, fixed length, length prefix, idle gap) "
           "instead of the chunks as they were read; display only"));
    m_framing->specEdit()->setPlaceholderText(tr("as read"));
    m_framing->specEdit()->setAccessibleName(tr("Framing"));
    // The spec field takes what is left of its row, from a few characters up.
    m_framing->specEdit()->setMinimumWidth(
        m_framing->specEdit()->fontMetrics().horizontalAdvance(QLatin1Char('m')) * 7);
    m_stack->addWidget(m_rawView);

    m_pause->setAutoRaise(true);
    m_pause->setCheckable(true);
    m_clear->setAutoRaise(true);
    m_clear->setIcon(Icons::icon(Icons::Clear));
    m_clear->setToolTip(
        tr("Clear this session's traffic and free its memory (Ctrl+L); a recording keeps it"));
    m_clear->setText(tr("Clear"));
    m_clear->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_pause->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_display->setChecked(true);
    m_display->setToolTip(
        tr("Show new traffic here. Off: nothing new is shown (for floods), but every byte is "
           "still counted, kept in the log and recorded; on again, it shows from then on"));

    m_search->setPlaceholderText(tr("Search (Ctrl+F)"));
    m_search->setAccessibleName(tr("Search"));
    m_search->setClearButtonEnabled(true);
    for (QToolButton *clearButton : m_search->findChildren<QToolButton *>()) // Qt's own ✕
        clearButton->setAccessibleName(tr("Clear the search"));
    m_search->setMinimumWidth(m_search->fontMetrics().horizontalAdvance(QLatin1Char('m')) * 10);
    m_search->setToolTip(tr("Enter finds the next match, Shift+Enter the previous one"));
    m_searchHex->setToolTip(tr("Search for bytes written as hex (\"0D 0A\")"));
    auto *prev = new QToolButton(this);
    prev->setArrowType(Qt::UpArrow);
    prev->setAutoRaise(true);
    prev->setToolTip(tr("Previous match (Shift+F3)"));
    prev->setAccessibleName(tr("Previous match"));
    auto *next = new QToolButton(this);
    next->setArrowType(Qt::DownArrow);
    next->setAutoRaise(true);
    next->setToolTip(tr("Next match (F3)"));
    next->setAccessibleName(tr("Next match"));

    // The controls wrap onto a second row in a narrow window rather than widen it; what belongs
    // together stays together.
    auto *framesLabel = new QLabel(tr("&Frames"), this);
    framesLabel->setBuddy(m_framing->kindBox());
    framesLabel->setToolTip(m_framing->kindBox()->toolTip());
    auto *bar = m_bar;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->setSpacing(8);
    bar->setVerticalSpacing(2);
    bar->addWidget(FlowLayout::group(this, {m_mode, m_encoding, m_timestamps}));
    bar->addWidget(FlowLayout::group(this, {m_peer, m_direction}));
    bar->addWidget(FlowLayout::group(this, {framesLabel, m_framing}));
    bar->addWidget(FlowLayout::group(this, {m_pause, m_clear, m_display}));
    bar->addWidget(FlowLayout::group(this, {m_search, m_searchHex, prev, next}));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_searchStatus);
    m_searchStatus->hide();

    connect(m_mode, &QComboBox::currentIndexChanged, this, [this](int index) {
        applyViewSettings(m_rawView);
        applyViewSettings(m_framedView);
        m_encoding->setEnabled(index <= int(LineFormatter::Mode::Log));
        emit viewSettingsChanged();
    });
    connect(m_encoding, &QComboBox::currentTextChanged, this, [this] {
        applyViewSettings(m_rawView);
        applyViewSettings(m_framedView);
        emit viewSettingsChanged();
    });
    connect(m_timestamps, &QCheckBox::toggled, this, [this] {
        applyViewSettings(m_rawView);
        applyViewSettings(m_framedView);
        emit viewSettingsChanged();
    });
    connect(m_peer, &QComboBox::currentIndexChanged, this, [this] {
        for (TrafficModel *each : models())
            each->setPeerFilter(PeerId(m_peer->currentData().toUInt()));
    });
    connect(m_direction, &QComboBox::currentIndexChanged, this, [this](int index) {
        for (TrafficModel *each : models())
            each->setDirectionFilter(TrafficModel::DirectionFilter(index));
    });
    connect(m_framing, &FramingEdit::specEdited, this,
            [this](const QString &spec) { (void)setFraming(spec); });
    connect(m_framer, &StreamFramers::specChanged, this, [this] {
        showFraming();
        emit framingChanged(framing());
    });
    connect(m_pause, &QToolButton::clicked, this, [this] { togglePause(); });
    connect(m_display, &QCheckBox::toggled, this, [this](bool on) {
        for (TrafficModel *each : models())
            each->setDisplaying(on);
        emit viewSettingsChanged();
    });
    connect(m_clear, &QToolButton::clicked, this, [this] { clear(); });
    connect(m_model, &TrafficModel::pausedChanged, this, [this] { updatePauseButton(); });
    connect(m_search, &QLineEdit::returnPressed, this, [this] { findNext(); });
    connect(m_search, &QLineEdit::textChanged, m_searchStatus, &QLabel::hide);
    connect(next, &QToolButton::clicked, this, [this] { findNext(); });
    connect(prev, &QToolButton::clicked, this, [this] { findPrevious(); });
    if (session) {
        // Rebuilding the peer list per connection is quadratic when thousands connect at once:
        // refresh at most four times a second.
        auto *peerRefresh = new QTimer(this);
        peerRefresh->setSingleShot(true);
        peerRefresh->setInterval(250);
        connect(peerRefresh, &QTimer::timeout, this, [this] { refreshPeerFilter(); });
        const auto schedule = [peerRefresh] {
            if (!peerRefresh->isActive())
                peerRefresh->start();
        };
        connect(session, &Session::peerAdded, peerRefresh, schedule);
        connect(session, &Session::peerRemoved, peerRefresh, schedule);
    }

    refreshPeerFilter();
    updatePauseButton();
    // A new pane starts with the defaults (Stream, the first encoding, times shown), not with
    // another session's choices: each session keeps its own (viewSettings()).
    m_mode->setCurrentIndex(int(LineFormatter::Mode::Stream));
    applyViewSettings(m_rawView);
    showFraming(); // the session's framing, whatever it was before the pane
}

QList<TrafficModel *> TrafficPane::models() const
{
    QList<TrafficModel *> list{m_model};
    if (m_framedModel)
        list << m_framedModel;
    return list;
}

void TrafficPane::watchSelection(TrafficView *view)
{
    connect(view, &TrafficView::selectionChanged, this, [this, view] {
        if (view != m_view)
            return;
        const QList<int> rows = view->selectedRows();
        const PeerId peer =
            rows.size() == 1
                ? view->model()->index(rows.first()).data(TrafficModel::PeerRole).value<PeerId>()
                : NoPeer;
        emit selectedPeerChanged(peer);
    });
}

void TrafficPane::applyViewSettings(TrafficView *view) const
{
    if (!view)
        return;
    view->setMode(mode());
    view->setEncoding(m_encoding->currentText());
    view->setShowTimestamps(m_timestamps->isChecked());
}

QString TrafficPane::setFraming(const QString &spec)
{
    if (m_framing->spec() != spec.trimmed())
        m_framing->setSpec(spec);
    return m_framer->setSpec(spec.trimmed()); // specChanged() shows it
}

void TrafficPane::showFraming()
{
    // The field follows a framing set elsewhere (a workspace, the CLI's), but a spec being typed
    // that means the same (`idle:020`) is left as typed, and so is a marked, rejected one.
    QString error;
    const auto typed = Framer::create(m_framing->spec(), &error);
    if (error.isEmpty() && (typed ? typed->spec() : QString()) != m_framer->spec()) {
        m_framing->setSpec(m_framer->spec());
        // Shown whole (prefix:2be,offset=4 was cut to "refix:2be,offset=4"). Only a spec set
        // from elsewhere resizes the field: typing never moves the controls beside it.
        QLineEdit *edit = m_framing->specEdit();
        const QFontMetrics metrics = edit->fontMetrics();
        const int least = metrics.horizontalAdvance(QLatin1Char('m')) * 7;
        edit->setMinimumWidth(qBound(least,
                                     metrics.horizontalAdvance(m_framer->spec()) +
                                         metrics.horizontalAdvance(QLatin1Char('m')) * 2,
                                     least * 3));
    }
    if (m_framer->spec().isEmpty()) {
        if (m_framedView) {
            m_view = m_rawView;
            m_stack->setCurrentWidget(m_rawView);
            delete m_framedView;
            delete m_framedModel;
            m_framedView = nullptr;
            m_framedModel = nullptr;
        }
        return;
    }
    if (!m_framedModel) {
        m_framedModel = new TrafficModel(m_framer->frames(), this);
        if (m_session)
            m_framedModel->setSession(m_session);
        else
            m_framedModel->setSessionFilter(m_model->sessionFilter());
        m_framedModel->addPeerLabels(m_model->peerLabels());
        m_framedModel->setPeerFilter(m_model->peerFilter());
        m_framedModel->setDirectionFilter(m_model->directionFilter());
        m_framedModel->setPaused(m_model->isPaused());
        m_framedModel->setDisplaying(m_model->isDisplaying());
        connect(m_framedModel, &TrafficModel::pausedChanged, this, [this] { updatePauseButton(); });
        m_framedView = new TrafficView(m_framedModel, this);
        m_framedView->setFramed(true);
        applyViewSettings(m_framedView);
        watchSelection(m_framedView);
        m_stack->addWidget(m_framedView);
    }
    m_framedModel->flush();
    m_view = m_framedView;
    m_stack->setCurrentWidget(m_framedView);
}

void TrafficPane::showRejectedFraming(const QString &spec, const QString &why)
{
    Q_UNUSED(why); // the field finds the same reason itself and shows it as its tool tip
    m_framing->setSpec(spec);
}

QString TrafficPane::framing() const
{
    return m_framer->spec();
}

void TrafficPane::setSessionFilter(SessionId session)
{
    for (TrafficModel *model : models())
        model->setSessionFilter(session);
}

QStringList TrafficPane::modeNames()
{
    // In the order of LineFormatter::Mode.
    return {tr("Stream"), tr("Log"), tr("Hex"), tr("Hex dump")};
}

void TrafficPane::setMode(LineFormatter::Mode mode)
{
    m_mode->setCurrentIndex(int(mode));
}

LineFormatter::Mode TrafficPane::mode() const
{
    return LineFormatter::Mode(
        qBound(0, m_mode->currentIndex(), int(LineFormatter::Mode::HexDump)));
}

void TrafficPane::refreshPeerFilter()
{
    const PeerId current = PeerId(m_peer->currentData().toUInt());
    const QSignalBlocker blocker(m_peer);
    m_peer->clear();
    m_peer->addItem(tr("All peers"), 0u);
    if (m_session) {
        // A menu of ten thousand clients helps nobody and costs a stall to build: list the
        // first few hundred.
        constexpr int MaxListedPeers = 300;
        const QList<Peer> peers = m_session->peers();
        for (qsizetype i = 0; i < qMin<qsizetype>(peers.size(), MaxListedPeers); ++i)
            m_peer->addItem(peers.at(i).label(), peers.at(i).id);
        if (peers.size() > MaxListedPeers) {
            m_peer->addItem(tr("(%n more not listed)", nullptr, int(peers.size() - MaxListedPeers)),
                            0u);
            auto *model = qobject_cast<QStandardItemModel *>(m_peer->model());
            if (model)
                model->item(m_peer->count() - 1)->setEnabled(false);
        }
    }
    for (const auto &[id, label] : std::as_const(m_peerChoices))
        m_peer->addItem(label, id);
    // A peer that left keeps its entry while it is the filter, so the view does not jump.
    int index = m_peer->findData(current);
    if (index < 0 && current != NoPeer) {
        const SessionId session = m_session ? m_session->id() : m_model->sessionFilter();
        m_peer->addItem(tr("%1 (gone)").arg(m_model->peerLabel(session, current)), current);
        index = m_peer->count() - 1;
    }
    m_peer->setCurrentIndex(qMax(0, index));
}

void TrafficPane::setPeerChoices(const QList<QPair<PeerId, QString>> &peers)
{
    m_peerChoices = peers;
    {
        const QSignalBlocker blocker(m_peer);
        m_peer->setCurrentIndex(0);
    }
    refreshPeerFilter();
    for (TrafficModel *model : models())
        model->setPeerFilter(NoPeer);
}

void TrafficPane::updatePauseButton()
{
    const bool paused = m_model->isPaused();
    m_pause->setChecked(paused);
    m_pause->setIcon(Icons::icon(paused ? Icons::Resume : Icons::Pause));
    m_pause->setText(paused ? tr("Resume") : tr("Pause"));
    m_pause->setToolTip(paused ? tr("Resume the view (Ctrl+P); records kept coming while paused")
                               : tr("Freeze the view (Ctrl+P); recording goes on"));
}

void TrafficPane::togglePause()
{
    const bool pause = !m_model->isPaused();
    for (TrafficModel *model : models())
        model->setPaused(pause);
    if (!pause && m_view->isFollowing())
        m_view->scrollToBottom();
}

void TrafficPane::clear()
{
    m_model->clear();
}

void TrafficPane::focusSearch()
{
    m_search->setFocus();
    m_search->selectAll();
}

void TrafficPane::findNext()
{
    QString error;
    const int row = m_view->find(m_search->text(), m_searchHex->isChecked(), false, &error);
    m_searchStatus->setVisible(row < 0 && !m_search->text().isEmpty());
    m_searchStatus->setText(error.isEmpty() ? tr("Not found: %1").arg(m_search->text()) : error);
}

void TrafficPane::addTools(const QList<QWidget *> &tools)
{
    m_bar->addWidget(FlowLayout::group(this, tools));
}

void TrafficPane::findPrevious()
{
    QString error;
    const int row = m_view->find(m_search->text(), m_searchHex->isChecked(), true, &error);
    m_searchStatus->setVisible(row < 0 && !m_search->text().isEmpty());
    m_searchStatus->setText(error.isEmpty() ? tr("Not found: %1").arg(m_search->text()) : error);
}

QJsonObject TrafficPane::viewSettings() const
{
    return {
        {QLatin1String("mode"),
         QString::fromLatin1(QMetaEnum::fromType<LineFormatter::Mode>().valueToKey(int(mode())))},
        {QLatin1String("encoding"), m_encoding->currentText()},
        {QLatin1String("timestamps"), m_timestamps->isChecked()},
        {QLatin1String("display"), m_display->isChecked()}};
}

void TrafficPane::setViewSettings(const QJsonObject &settings)
{
    // Everything is read before anything is applied: applying one setting announces them all.
    // Keys missing or not understood keep what the pane shows.
    bool known = false;
    const int mode = QMetaEnum::fromType<LineFormatter::Mode>().keyToValue(
        settings.value(QLatin1String("mode")).toString().toLatin1().constData(), &known);
    const int encoding = m_encoding->findText(settings.value(QLatin1String("encoding")).toString());
    const bool timestamps =
        settings.value(QLatin1String("timestamps")).toBool(m_timestamps->isChecked());
    const bool display = settings.value(QLatin1String("display")).toBool(m_display->isChecked());
    if (known)
        m_mode->setCurrentIndex(mode);
    if (encoding >= 0)
        m_encoding->setCurrentIndex(encoding);
    m_timestamps->setChecked(timestamps);
    m_display->setChecked(display);
}

} // namespace sockeye
