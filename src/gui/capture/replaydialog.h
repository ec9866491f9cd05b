#pragma once

#include "traffic/replayer.h"
#include "ui_replaydialog.h"

#include <QDialog>

class QPushButton;

namespace sockeye {

class ConversationTable;
class Session;
class SessionManager;

/**
 * Chooses what to replay from an opened capture and where to: one conversation (its client
 * side: what the client sent), a live session to send it through, and the timing (the
 * original gaps scaled by a speed factor, or as fast as possible). The layout is the Designer
 * form ui/replaydialog.ui.
 */
class ReplayDialog : public QDialog
{
    Q_OBJECT
public:
    ReplayDialog(const ConversationTable *capture, SessionManager *manager,
                 QWidget *parent = nullptr);

    /// The chosen conversation (session and peer of the capture).
    [[nodiscard]] SessionId captureSession() const;
    [[nodiscard]] PeerId capturePeer() const;
    /// The live session to send through, or nullptr.
    [[nodiscard]] Session *target() const;
    [[nodiscard]] Replayer::Timing timing() const;
    [[nodiscard]] double speed() const;

    [[nodiscard]] QComboBox *conversationBox() const { return ui.conversation; }
    [[nodiscard]] QComboBox *targetBox() const { return ui.target; }
    [[nodiscard]] QRadioButton *fastButton() const { return ui.fast; }
    [[nodiscard]] QDoubleSpinBox *speedBox() const { return ui.speed; }

private:
    void updateOk();

    Ui::ReplayDialog ui;
    SessionManager *m_manager;
    QPushButton *m_ok = nullptr;
};

} // namespace sockeye
