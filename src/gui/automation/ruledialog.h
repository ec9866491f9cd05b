#pragma once

#include "automation/replyrule.h"
#include "ui_ruledialog.h"

#include <QDialog>

class QPushButton;

namespace sockeye {

/**
 * Adds or edits one auto-reply rule: name, when it fires (a frame or a connection), how the
 * frame is matched (with the pattern checked on every keystroke: the error sentence under it
 * and the bad character marked), the reply payload (a PayloadEditor: text or hex, encoding,
 * escapes, line ending, checksum with its range and byte order), delay and target. OK stays
 * disabled while the rule does not compile.
 *
 * "Try it" encodes a sample typed in the payload syntax, cuts it into frames with the session's
 * framing exactly as the live session does (a StreamFramers over a scratch log), and shows
 * whether the rule matches the first frame and the exact reply bytes, with a scratch
 * PayloadContext (nothing is sent).
 *
 * The layout is the Designer form ui/ruledialog.ui; the choices and their values are filled in
 * here, each combo's item data being the enum value it stands for.
 */
class RuleDialog : public QDialog
{
    Q_OBJECT
public:
    explicit RuleDialog(QWidget *parent = nullptr);

    void setRule(const ReplyRule &rule);
    /// The session's framing, which "Try it" cuts the sample with ("" : the sample is a frame).
    void setFraming(const QString &spec);
    /// The rule as the controls describe it, compiled when isValid().
    [[nodiscard]] ReplyRule rule() const;
    [[nodiscard]] bool isValid() const
    {
        return m_patternError.isEmpty() && m_replyError.isEmpty();
    }
    [[nodiscard]] QString patternError() const { return m_patternError; }
    [[nodiscard]] QString replyError() const { return m_replyError; }
    /// What "Try it" says about the sample (plain text).
    [[nodiscard]] QString testResult() const;

    // For tests.
    [[nodiscard]] QLineEdit *nameEdit() const { return ui.name; }
    [[nodiscard]] QComboBox *triggerBox() const { return ui.trigger; }
    [[nodiscard]] QComboBox *matchBox() const { return ui.match; }
    [[nodiscard]] QLineEdit *patternEdit() const { return ui.pattern; }
    [[nodiscard]] QLabel *patternMessage() const { return ui.patternMessage; }
    [[nodiscard]] QComboBox *actionBox() const { return ui.action; }
    [[nodiscard]] PayloadEditor *replyEditor() const { return ui.replyPayload; }
    [[nodiscard]] QComboBox *replyModeBox() const;
    [[nodiscard]] QPlainTextEdit *replyEdit() const;
    [[nodiscard]] QComboBox *lineEndingBox() const;
    [[nodiscard]] QComboBox *checksumBox() const;
    [[nodiscard]] QSpinBox *delayBox() const { return ui.delay; }
    [[nodiscard]] QComboBox *targetBox() const { return ui.target; }
    [[nodiscard]] QLineEdit *sampleEdit() const { return ui.sample; }
    [[nodiscard]] QPushButton *okButton() const { return m_ok; }

protected:
    bool event(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    /// Keeps the window tall enough for its width: the reply's options wrap, and a window's
    /// minimum height does not follow wrapping by itself.
    void fitHeightToWidth();
    void updateEnabledStates();
    void validate();
    void runTest();
    void showMessage(QLabel *label, const QString &text, bool error);

    [[nodiscard]] ReplyRule::MatchKind matchKind() const;
    [[nodiscard]] bool onFrame() const;
    [[nodiscard]] bool replies() const;

    Ui::RuleDialog ui;
    QPushButton *m_ok = nullptr;
    QString m_patternError;
    QString m_replyError;
    QString m_framing;
    bool m_enabledFlag = true; ///< kept from setRule(); the rules list's check box sets it
};

} // namespace sockeye
