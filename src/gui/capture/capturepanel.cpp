#include "capture/capturepanel.h"

#include "capture/replaydialog.h"
#include "models/connectionlistmodel.h"
#include "models/trafficmodel.h"
#include "session/session.h"
#include "traffic/conversationtable.h"
#include "traffic/replayer.h"
#include "traffic/trafficlog.h"
#include "traffic/trafficpane.h"
#include "widgets/theme.h"

#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace sockeye {

CapturePanel::CapturePanel(const QString &path, const QList<TrafficRecord> &records,
                           ConversationTable *table, const QStringList &warnings,
                           SessionManager *manager, QWidget *parent)
    : QWidget(parent)
    , m_path(path)
    , m_records(records)
    , m_manager(manager)
    , m_log(new TrafficLog(this))
    , m_table(table)
    , m_model(nullptr)
    , m_session(new QComboBox(this))
    , m_summary(new QLabel(this))
    , m_warnings(new QLabel(this))
    , m_replay(new QPushButton(tr("&Replay to…"), this))
    , m_progress(new QProgressBar(this))
    , m_stop(new QPushButton(tr("S&top replay"), this))
    , m_replayStatus(new QLabel(this))
{
    setObjectName(QStringLiteral("capturePanel"));
    m_table->setParent(this);
    // The whole capture is shown: the log may hold all of it (it is the user's file).
    qint64 cost = 0;
    for (const TrafficRecord &record : m_records)
        cost += TrafficLog::cost(record);
    m_log->setByteBudget(qMax(TrafficLog::DefaultByteBudget, cost));
    for (const TrafficRecord &record : m_records)
        m_log->append(record);
    m_model = new TrafficModel(m_log, this);
    for (const Conversation &c : m_table->conversations())
        m_model->setPeerLabel(c.session, c.peer, m_table->peerLabel(c.session, c.peer));
    m_model->flush();
    m_pane = new TrafficPane(nullptr, m_model, nullptr, this);

    qint64 bytes = 0;
    for (const TrafficRecord &record : m_records)
        bytes += record.bytes.size();
    m_summary->setText(tr("<b>%1</b> \u2014 read-only capture: %n record(s), %2 of data, %3 "
                          "conversation(s)",
                          "", int(m_records.size()))
                           .arg(QFileInfo(path).fileName().toHtmlEscaped(),
                                ConnectionListModel::formatBytes(bytes))
                           .arg(m_table->conversations().size()));
    m_summary->setToolTip(path);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_session->addItem(tr("All sessions"), 0u);
    for (const CaptureSession &s : m_table->sessions())
        m_session->addItem(m_table->sessionName(s.id), s.id);
    m_session->setToolTip(tr("Show one session of the capture"));
    m_session->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    m_warnings->setWordWrap(true);
    m_warnings->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_warnings->setObjectName(QStringLiteral("captureWarnings"));
    if (!warnings.isEmpty()) {
        QPalette pal = m_warnings->palette();
        pal.setColor(QPalette::Window, Theme::warningBase(palette()));
        m_warnings->setPalette(pal);
        m_warnings->setAutoFillBackground(true);
        m_warnings->setContentsMargins(8, 4, 8, 4);
        m_warnings->setText(tr("While reading: %1").arg(warnings.join(QLatin1Char(' '))));
    }
    m_warnings->setVisible(!warnings.isEmpty());

    m_replay->setToolTip(tr("Send the client side of a conversation again through a live "
                            "session, with the original timing or as fast as possible"));
    m_progress->setVisible(false);
    m_progress->setMaximumWidth(220);
    m_stop->setVisible(false);

    auto *top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_session);
    top->addWidget(m_replayStatus);
    top->addWidget(m_progress);
    top->addWidget(m_stop);
    top->addWidget(m_replay);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addWidget(m_warnings);
    layout->addWidget(m_pane, 1);

    connect(m_session, &QComboBox::currentIndexChanged, this, [this] { onSessionChosen(); });
    connect(m_replay, &QPushButton::clicked, this, [this] { replayDialog(); });
    connect(m_stop, &QPushButton::clicked, this, [this] { stopReplay(); });
    // One session: show it alone, with its peers in the filter.
    if (m_session->count() == 2)
        m_session->setCurrentIndex(1);
}

CapturePanel::~CapturePanel() = default;

QString CapturePanel::title() const
{
    return QFileInfo(m_path).fileName();
}

void CapturePanel::onSessionChosen()
{
    const auto session = SessionId(m_session->currentData().toUInt());
    m_pane->setSessionFilter(session);
    QList<QPair<PeerId, QString>> peers;
    if (session != 0) {
        for (const Conversation &c : m_table->conversations()) {
            if (c.session == session)
                peers << qMakePair(c.peer, m_table->peerLabel(c.session, c.peer));
        }
    }
    m_pane->setPeerChoices(peers);
}

void CapturePanel::replayDialog()
{
    ReplayDialog dialog(m_table, m_manager, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    startReplay(dialog.captureSession(), dialog.capturePeer(), dialog.target(),
                dialog.timing() == Replayer::Timing::AsFastAsPossible, dialog.speed());
}

bool CapturePanel::startReplay(SessionId session, PeerId peer, Session *target, bool fast,
                               double speed)
{
    stopReplay();
    if (!target)
        return false;
    delete m_replayer;
    m_replayer = new Replayer(target, this);
    m_replayer->setRecords(Replayer::clientSide(m_records, m_table, session, peer));
    m_replayer->setTiming(fast ? Replayer::Timing::AsFastAsPossible : Replayer::Timing::Original);
    m_replayer->setSpeed(speed);
    const QString what =
        tr("%1 to %2").arg(m_table->peerLabel(session, peer), target->displayName());
    connect(m_replayer, &Replayer::progress, this, [this](qsizetype sent, qsizetype total) {
        m_progress->setMaximum(int(qMax<qsizetype>(1, total)));
        m_progress->setValue(int(sent));
        m_progress->setFormat(tr("%1 of %2 records").arg(sent).arg(total));
    });
    connect(m_replayer, &Replayer::finished, this, [this, what] {
        finishReplay(tr("Replayed %n record(s) of %1.", "", int(m_replayer->total())).arg(what));
    });
    connect(m_replayer, &Replayer::failed, this, [this, what](const QString &message) {
        finishReplay(tr("Replay of %1 stopped: %2").arg(what, message));
    });
    if (!m_replayer->start()) {
        const QString message = tr("Nothing to replay: %1 sent no data in this capture.")
                                    .arg(m_table->peerLabel(session, peer));
        m_replayStatus->setText(message);
        emit statusMessage(message);
        return false;
    }
    m_replayStatus->setText(tr("Replaying %1").arg(what));
    m_progress->setMaximum(int(qMax<qsizetype>(1, m_replayer->total())));
    m_progress->setValue(0);
    m_progress->setTextVisible(true);
    m_progress->setVisible(true);
    m_stop->setVisible(true);
    m_replay->setEnabled(false);
    return true;
}

void CapturePanel::stopReplay()
{
    if (!m_replayer || !m_replayer->isRunning())
        return;
    m_replayer->stop();
    finishReplay(tr("Replay stopped after %1 of %2 records.")
                     .arg(m_replayer->sent())
                     .arg(m_replayer->total()));
}

void CapturePanel::finishReplay(const QString &message)
{
    m_progress->setVisible(false);
    m_stop->setVisible(false);
    m_replay->setEnabled(true);
    m_replayStatus->setText(message);
    emit statusMessage(message);
}

} // namespace sockeye
