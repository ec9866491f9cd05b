#include "capture/replaydialog.h"

#include "session/sessionmanager.h"
#include "traffic/conversationtable.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace sockeye {

ReplayDialog::ReplayDialog(const ConversationTable *capture, SessionManager *manager,
                           QWidget *parent)
    : QDialog(parent)
    , m_manager(manager)
    , m_conversation(new QComboBox(this))
    , m_target(new QComboBox(this))
    , m_original(new QRadioButton(tr("&Original timing"), this))
    , m_fast(new QRadioButton(tr("As &fast as possible"), this))
    , m_speed(new QDoubleSpinBox(this))
    , m_note(new QLabel(this))
{
    setObjectName(QStringLiteral("replayDialog"));
    setWindowTitle(tr("Replay to a session"));

    for (const Conversation &c : capture->conversations()) {
        const QString text = tr("%1 \u2014 %2 (%3)")
                                 .arg(capture->sessionName(c.session), c.remoteLabel(),
                                      c.transport == Transport::Udp ? tr("UDP") : tr("TCP"));
        m_conversation->addItem(text, PeerKey{c.session, c.peer}.packed());
    }
    m_conversation->setToolTip(tr("The conversation whose client side (what the client sent) "
                                  "is sent again"));
    for (Session *session : manager->sessions()) {
        const QString state = Session::stateText(session->state()).toLower();
        m_target->addItem(tr("%1 (%2)").arg(session->displayName(), state), session->id());
    }
    m_target->setToolTip(tr("A live session sends the bytes: connect a TCP client or start a "
                            "server with a client first"));
    m_original->setChecked(true);
    m_speed->setRange(0.01, 1000);
    m_speed->setDecimals(2);
    m_speed->setValue(1.0);
    m_speed->setSuffix(tr("\u00d7"));
    m_speed->setToolTip(tr("2\u00d7 replays twice as fast as recorded"));
    m_note->setWordWrap(true);

    auto *timing = new QHBoxLayout;
    timing->addWidget(m_original);
    timing->addWidget(m_speed);
    timing->addSpacing(12);
    timing->addWidget(m_fast);
    timing->addStretch(1);

    auto *form = new QFormLayout;
    form->addRow(tr("&Conversation"), m_conversation);
    form->addRow(tr("Send &through"), m_target);
    form->addRow(tr("Timing"), timing);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Replay"));
    m_ok = buttons->button(QDialogButtonBox::Ok);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_note);
    layout->addWidget(buttons);

    connect(m_original, &QRadioButton::toggled, m_speed, &QWidget::setEnabled);
    connect(m_target, &QComboBox::currentIndexChanged, this, [this] { updateOk(); });
    connect(m_conversation, &QComboBox::currentIndexChanged, this, [this] { updateOk(); });
    for (Session *session : manager->sessions())
        connect(session, &Session::stateChanged, this, [this] { updateOk(); });
    updateOk();
}

void ReplayDialog::updateOk()
{
    QString note;
    if (m_conversation->count() == 0)
        note = tr("The capture holds no conversation to replay.");
    else if (m_target->count() == 0)
        note = tr("Open a session to replay through (a TCP client connected to the server to "
                  "test, for example).");
    else if (Session *session = target(); session && !session->isActive())
        note = tr("%1 is not running: start or connect it first.").arg(session->displayName());
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
    m_ok->setEnabled(m_conversation->count() > 0 && target() && target()->isActive());
}

SessionId ReplayDialog::captureSession() const
{
    return PeerKey::unpacked(m_conversation->currentData().toULongLong()).session;
}

PeerId ReplayDialog::capturePeer() const
{
    return PeerKey::unpacked(m_conversation->currentData().toULongLong()).peer;
}

Session *ReplayDialog::target() const
{
    return m_target->count() ? m_manager->session(SessionId(m_target->currentData().toUInt()))
                             : nullptr;
}

Replayer::Timing ReplayDialog::timing() const
{
    return m_fast->isChecked() ? Replayer::Timing::AsFastAsPossible : Replayer::Timing::Original;
}

double ReplayDialog::speed() const
{
    return m_speed->value();
}

} // namespace sockeye
