#pragma once

#include "automation/replyrule.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace sockeye {

/**
 * Adds or edits one auto-reply rule: name, when it fires (a frame or a connection), how the
 * frame is matched (with the pattern checked on every keystroke: the error sentence under it
 * and the bad character marked), the reply payload (text or hex, encoding, escapes, line ending,
 * checksum), delay and target. OK stays disabled while the rule does not compile.
 *
 * "Try it" encodes a sample typed in the payload syntax, cuts it into frames with the session's
 * framing exactly as the live session does (a StreamFramers over a scratch log), and shows
 * whether the rule matches the first frame and the exact reply bytes, with a scratch
 * PayloadContext (nothing is sent).
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
    [[nodiscard]] QLineEdit *nameEdit() const { return m_name; }
    [[nodiscard]] QComboBox *triggerBox() const { return m_trigger; }
    [[nodiscard]] QComboBox *matchBox() const { return m_match; }
    [[nodiscard]] QLineEdit *patternEdit() const { return m_pattern; }
    [[nodiscard]] QLabel *patternMessage() const { return m_patternMessage; }
    [[nodiscard]] QComboBox *actionBox() const { return m_action; }
    [[nodiscard]] QComboBox *replyModeBox() const { return m_replyMode; }
    [[nodiscard]] QPlainTextEdit *replyEdit() const { return m_reply; }
    [[nodiscard]] QComboBox *lineEndingBox() const { return m_lineEnding; }
    [[nodiscard]] QComboBox *checksumBox() const { return m_checksum; }
    [[nodiscard]] QSpinBox *delayBox() const { return m_delay; }
    [[nodiscard]] QComboBox *targetBox() const { return m_target; }
    [[nodiscard]] QLineEdit *sampleEdit() const { return m_sample; }
    [[nodiscard]] QPushButton *okButton() const { return m_ok; }

private:
    [[nodiscard]] PayloadSpec replySpec() const;
    void setReplySpec(const PayloadSpec &spec);
    void onReplyModeChanged(int index);
    void updateEnabledStates();
    void validate();
    void runTest();
    void showMessage(QLabel *label, const QString &text, bool error);

    QLineEdit *m_name;
    QComboBox *m_trigger;
    QComboBox *m_match;
    QLineEdit *m_pattern;
    QComboBox *m_regexEncoding;
    QLabel *m_patternMessage;
    QComboBox *m_action;
    QComboBox *m_replyMode;
    QComboBox *m_replyEncoding;
    QCheckBox *m_escapes;
    QComboBox *m_lineEnding;
    QComboBox *m_checksum;
    QPlainTextEdit *m_reply;
    QLabel *m_replyMessage;
    QSpinBox *m_delay;
    QComboBox *m_target;
    QLineEdit *m_sample;
    QLabel *m_result;
    QPushButton *m_ok;
    QString m_patternError;
    QString m_replyError;
    QString m_framing;
    int m_lastReplyMode = 0;
    bool m_enabledFlag = true; ///< kept from setRule(); the rules list's check box sets it
};

} // namespace sockeye
