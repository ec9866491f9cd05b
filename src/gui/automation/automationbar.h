#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace sockeye {

class AutomationController;
class RulesEditor;

/**
 * The auto-reply row of a session panel: Echo and Welcome check boxes (the built-in rules, kept
 * in step with the rules list), the welcome payload checked on every keystroke, and a "Rules…"
 * button opening the RulesEditor with the number of rules on. Errors show as sentences under
 * the row. Requests are the session's frames: the framing is set in the traffic view's Frames
 * field, the one place a session's framing is shown.
 */
class AutomationBar : public QWidget
{
    Q_OBJECT
public:
    explicit AutomationBar(AutomationController *controller, QWidget *parent = nullptr);

    [[nodiscard]] AutomationController *controller() const { return m_controller; }
    /// The rules window (made on first use).
    [[nodiscard]] RulesEditor *rulesEditor();
    void showRulesEditor();
    /// The sentence under the row, empty when all is well.
    [[nodiscard]] QString errorText() const;

    // For tests.
    [[nodiscard]] QCheckBox *echoBox() const { return m_echo; }
    [[nodiscard]] QCheckBox *welcomeBox() const { return m_welcome; }
    [[nodiscard]] QLineEdit *welcomeEdit() const { return m_welcomeText; }
    [[nodiscard]] QPushButton *rulesButton() const { return m_rules; }

private:
    void syncFromController();
    void applyWelcome(bool on);
    void updateErrors();

    AutomationController *m_controller;
    QCheckBox *m_echo;
    QCheckBox *m_welcome;
    QLineEdit *m_welcomeText;
    QPushButton *m_rules;
    QLabel *m_error;
    RulesEditor *m_editor = nullptr;
    QString m_welcomeError;
};

} // namespace sockeye
