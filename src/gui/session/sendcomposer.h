#pragma once

#include "payload/payloadcontext.h"
#include "payload/payloadspec.h"
#include "traffic/trafficrecord.h"

#include <QStringList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTimer;
class QToolButton;

namespace sockeye {

class FileSender;
class PeriodicSender;
class Session;

/**
 * Where the user writes what to send: text or hex (the toggle converts the content), line
 * ending, checksum, encoding; validated on every keystroke through PayloadSpec, with the error
 * position marked and Send disabled while invalid. Sends once (Ctrl+Enter), periodically, or a
 * file in chunks. Up/Down at the first/last line walk the send history.
 */
class SendComposer : public QWidget
{
    Q_OBJECT
public:
    static constexpr int HistoryLimit = 50;

    explicit SendComposer(Session *session, QWidget *parent = nullptr);
    ~SendComposer() override;

    /// The payload as the controls describe it.
    [[nodiscard]] PayloadSpec spec() const;
    void setSpec(const PayloadSpec &spec);

    /// The peers the next send goes to; empty: every peer (server) / the server / the UDP target.
    void setTargets(const QList<PeerId> &targets);
    [[nodiscard]] QList<PeerId> targets() const { return m_targets; }

    /// Encodes and sends the current payload. Returns false (and shows why) when it cannot.
    bool send();
    /// Encodes and sends a payload that is not in the editor (a preset).
    bool sendSpec(const PayloadSpec &spec);

    void startPeriodic();
    void stopPeriodic();
    [[nodiscard]] bool isPeriodicRunning() const;
    [[nodiscard]] int periodicSentCount() const { return m_periodicSent; }

    /// Asks for a file and streams it.
    void chooseAndSendFile();
    /// Streams a file (no dialog).
    bool sendFile(const QString &path);
    [[nodiscard]] FileSender *fileSender() const { return m_fileSender; }

    [[nodiscard]] QStringList history() const { return m_history; }
    /// The validation or send message shown under the editor (empty when all is well).
    [[nodiscard]] QString message() const;
    [[nodiscard]] bool isValid() const { return m_valid; }

    // For tests and the main window's shortcuts.
    [[nodiscard]] QPlainTextEdit *editor() const { return m_editor; }
    [[nodiscard]] QPushButton *sendButton() const { return m_send; }
    [[nodiscard]] QComboBox *modeBox() const { return m_mode; }
    [[nodiscard]] QComboBox *lineEndingBox() const { return m_lineEnding; }
    [[nodiscard]] QComboBox *checksumBox() const { return m_checksum; }
    [[nodiscard]] QSpinBox *intervalBox() const { return m_interval; }
    [[nodiscard]] QSpinBox *countBox() const { return m_count; }
    [[nodiscard]] QPushButton *repeatButton() const { return m_repeat; }

signals:
    void saveAsPresetRequested(const sockeye::PayloadSpec &spec);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void validate();
    void onModeChanged(int index);
    void showMessage(const QString &text, bool error);
    void addToHistory(const PayloadSpec &spec);
    void walkHistory(int step);
    void updateTargetsLabel();
    void updateRepeatUi();
    [[nodiscard]] bool hasPayload() const;
    void updateSendEnabled();
    void loadSettings();
    void saveSettings() const;

    Session *m_session;
    PayloadContext m_context;
    QList<PeerId> m_targets;
    QPlainTextEdit *m_editor;
    QComboBox *m_mode;
    QComboBox *m_encoding;
    QComboBox *m_lineEnding;
    QComboBox *m_checksum;
    QCheckBox *m_escapes;
    QPushButton *m_send;
    QPushButton *m_repeat;
    QSpinBox *m_interval;
    QSpinBox *m_count;
    QToolButton *m_file;
    QToolButton *m_savePreset;
    QLabel *m_message;
    QLabel *m_targetsLabel;
    QProgressBar *m_fileProgress;
    QToolButton *m_fileCancel;
    PeriodicSender *m_periodic; ///< the core's drift-free scheduler, shared with sockeye-cli
    FileSender *m_fileSender;
    int m_periodicSent = 0;
    bool m_valid = true;
    int m_lastMode = 0;
    QStringList m_history;   ///< PayloadSpec::toSyntax(), newest last
    int m_historyIndex = -1; ///< -1: not walking
    QString m_draft;         ///< what was typed before walking the history
};

} // namespace sockeye
