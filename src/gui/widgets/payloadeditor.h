#pragma once

#include "payload/payloadspec.h"

#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace sockeye {

class FlowLayout;

/**
 * Where a payload is typed, in one widget for every place that takes one (the send composer,
 * a rule's reply, a preset loaded with Edit): text or hex (switching converts what is typed),
 * encoding and escapes (text), line ending, and a checksum with the range of bytes it covers and
 * its byte order. spec() gives exactly what setSpec() was given as long as nothing is edited.
 *
 * Checked on every change (PayloadSpec::validate(), or the host's validator): the sentence under
 * the text, at line and column, with the bad character marked; a bad checksum range is marked
 * in its field. Every combo stores the enum value it stands for as item data.
 */
class PayloadEditor : public QWidget
{
    Q_OBJECT
public:
    /// What is wrong with a payload: an error with a position in its text, or none.
    using Validator = std::function<PayloadError(const PayloadSpec &spec)>;

    explicit PayloadEditor(QWidget *parent = nullptr);

    /// The payload as the controls describe it. A checksum range that does not parse counts
    /// as the whole payload (and isValid() is false).
    [[nodiscard]] PayloadSpec spec() const;
    /// Shows `spec` as it is (no conversion); an encoding the list does not have is added.
    void setSpec(const PayloadSpec &spec);

    /// Replaces PayloadSpec::validate() as the check run on every change.
    void setValidator(Validator validator);
    /// Checks again now (when what the validator depends on changed).
    void validate();
    [[nodiscard]] bool isValid() const { return !m_error.isError(); }
    /// What is wrong, with the position in the text when there is one.
    [[nodiscard]] PayloadError error() const { return m_error; }

    /// A sentence under the text (a failed send, a file sent), in the error colour when
    /// `error`; the next change that leaves the payload valid clears it.
    void showMessage(const QString &text, bool error);
    void clearMessage();
    /// The sentence under the text, or "" when none is shown.
    [[nodiscard]] QString message() const;

    /// Puts a widget at the end of the row of options (it wraps with them).
    void addOption(QWidget *widget);

    [[nodiscard]] QPlainTextEdit *textEdit() const { return m_text; }
    [[nodiscard]] QComboBox *modeBox() const { return m_mode; }
    [[nodiscard]] QComboBox *encodingBox() const { return m_encoding; }
    [[nodiscard]] QCheckBox *escapesBox() const { return m_escapes; }
    [[nodiscard]] QComboBox *lineEndingBox() const { return m_lineEnding; }
    [[nodiscard]] QComboBox *checksumBox() const { return m_checksum; }
    [[nodiscard]] QLineEdit *checksumRangeEdit() const { return m_range; }
    [[nodiscard]] QComboBox *checksumOrderBox() const { return m_order; }
    [[nodiscard]] QLabel *messageLabel() const { return m_message; }

signals:
    /// Anything changed (text or option), after validation.
    void specChanged();

private:
    [[nodiscard]] PayloadSpec::Mode mode() const;
    [[nodiscard]] Checksum::Algorithm algorithm() const;
    [[nodiscard]] Checksum checksum() const;
    void setChecksum(const Checksum &checksum);
    void onModeChanged(int index);
    void updateOptions();
    /// Checks the range field; returns the sentence, or "" when it parses.
    QString checkRange(int *position) const;
    void changed();

    QComboBox *m_mode;
    QComboBox *m_encoding;
    QCheckBox *m_escapes;
    QComboBox *m_lineEnding;
    QComboBox *m_checksum;
    QLineEdit *m_range;
    QComboBox *m_order;
    QPlainTextEdit *m_text;
    QLabel *m_message;
    FlowLayout *m_options;
    Validator m_validator;
    PayloadError m_error;
    int m_lastMode = 0;
};

} // namespace sockeye
