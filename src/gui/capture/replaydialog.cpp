#include "capture/replaydialog.h"

#include "session/sessionmanager.h"
#include "traffic/conversationtable.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QRadioButton>

namespace sockeye {

ReplayDialog::ReplayDialog(const ConversationTable *capture, SessionManager *manager,
                           QWidget *parent)
    : QDialog(parent)
    , m_manager(manager)
{
    ui.setupUi(this);
    for (const Conversation &c : capture->conversations()) {
        const QString text = tr("%1 \u2014 %2 (%3)")
                                 .arg(capture->sessionName(c.session), c.remoteLabel(),
                                      c.transport == Transport::Udp ? tr("UDP") : tr("TCP"));
        ui.conversation->addItem(text, PeerKey{c.session, c.peer}.packed());
    }
    for (Session *session : manager->sessions()) {
        const QString state = Session::stateText(session->state()).toLower();
        ui.target->addItem(tr("%1 (%2)").arg(session->displayName(), state), session->id());
    }
    m_ok = ui.buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Replay"));

    connect(ui.buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(ui.buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(ui.original, &QRadioButton::toggled, ui.speed, &QWidget::setEnabled);
    connect(ui.target, &QComboBox::currentIndexChanged, this, [this] { updateOk(); });
    connect(ui.conversation, &QComboBox::currentIndexChanged, this, [this] { updateOk(); });
    for (Session *session : manager->sessions())
        connect(session, &Session::stateChanged, this, [this] { updateOk(); });
    updateOk();
}

void ReplayDialog::updateOk()
{
    QString note;
    if (ui.conversation->count() == 0)
        note = tr("The capture holds no conversation to replay.");
    else if (ui.target->count() == 0)
        note = tr("Open a session to replay through (a TCP client connected to the server to "
                  "test, for example).");
    else if (Session *session = target(); session && !session->isActive())
        note = tr("%1 is not running: start or connect it first.").arg(session->displayName());
    ui.note->setText(note);
    ui.note->setVisible(!note.isEmpty());
    m_ok->setEnabled(ui.conversation->count() > 0 && target() && target()->isActive());
}

SessionId ReplayDialog::captureSession() const
{
    return PeerKey::unpacked(ui.conversation->currentData().toULongLong()).session;
}

PeerId ReplayDialog::capturePeer() const
{
    return PeerKey::unpacked(ui.conversation->currentData().toULongLong()).peer;
}

Session *ReplayDialog::target() const
{
    return ui.target->count() ? m_manager->session(SessionId(ui.target->currentData().toUInt()))
                              : nullptr;
}

Replayer::Timing ReplayDialog::timing() const
{
    return ui.fast->isChecked() ? Replayer::Timing::AsFastAsPossible : Replayer::Timing::Original;
}

double ReplayDialog::speed() const
{
    return ui.speed->value();
}

} // namespace sockeye
