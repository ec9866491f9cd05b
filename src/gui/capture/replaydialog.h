#pragma once

#include "traffic/replayer.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QRadioButton;

namespace sockeye {

class ConversationTable;
class Session;
class SessionManager;

/**
 * Chooses what to replay from an opened capture and where to: one conversation (its client
 * side: what the client sent), a live session to send it through, and the timing (the
 * original gaps scaled by a speed factor, or as fast as possible).
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

    [[nodiscard]] QComboBox *conversationBox() const { return m_conversation; }
    [[nodiscard]] QComboBox *targetBox() const { return m_target; }
    [[nodiscard]] QRadioButton *fastButton() const { return m_fast; }
    [[nodiscard]] QDoubleSpinBox *speedBox() const { return m_speed; }

private:
    void updateOk();

    SessionManager *m_manager;
    QComboBox *m_conversation;
    QComboBox *m_target;
    QRadioButton *m_original;
    QRadioButton *m_fast;
    QDoubleSpinBox *m_speed;
    QLabel *m_note;
    QWidget *m_ok = nullptr;
};

} // namespace sockeye
