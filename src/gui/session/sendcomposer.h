#pragma once

#include "payload/payloadcontext.h"
#include "payload/payloadspec.h"
#include "traffic/trafficrecord.h"

#include <QStringList>
#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QCheckBox;
class QMenu;
class QTimer;
class QToolButton;

namespace sockeye {

class FileSender;
class PayloadEditor;
class PeriodicSender;
struct PeriodicSend;
class Session;

/**
 * Where the user writes what to send: a PayloadEditor (text or hex, encoding, escapes, line
 * ending, checksum with its range and byte order; validated on every keystroke, the error
 * position marked) with Send disabled while it is invalid. Sends once (Ctrl+Enter),
 * periodically, or a file in chunks. Up/Down at the first/last line walk the send history.
 */
class SendComposer : public QWidget
{
    Q_OBJECT
public:
    static constexpr int HistoryLimit = 50;

    /// Repeats with `periodic` (the session's, from its SessionController, so a workspace saves
    /// and restores it), or with one of its own when none is given.
    explicit SendComposer(Session *session, PeriodicSender *periodic = nullptr,
                          QWidget *parent = nullptr);
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
    /// Shows a periodic send's payload, interval and count in the controls (a restored one).
    void showPeriodic(const PeriodicSend &send);
    [[nodiscard]] bool isPeriodicRunning() const;
    [[nodiscard]] int periodicSentCount() const { return m_periodicSent; }

    /// Asks for a file and streams it.
    void chooseAndSendFile();
    /// Streams a file (no dialog).
    bool sendFile(const QString &path);
    [[nodiscard]] FileSender *fileSender() const { return m_fileSender; }

    /// Whether the editor is emptied after each send from it (the history keeps the payload:
    /// Up brings it back). Saved with the session (SessionSetup::view, "clearAfterSend").
    [[nodiscard]] bool clearsAfterSend() const;
    void setClearsAfterSend(bool clear);
    [[nodiscard]] QCheckBox *clearAfterSendBox() const { return m_clearAfterSend; }

    [[nodiscard]] QStringList history() const { return m_history; }
    [[nodiscard]] QToolButton *historyButton() const { return m_historyButton; }
    /// The validation or send message shown under the editor (empty when all is well).
    [[nodiscard]] QString message() const;
    [[nodiscard]] bool isValid() const { return m_valid; }

    // For tests and the main window's shortcuts.
    [[nodiscard]] PayloadEditor *payloadEditor() const { return m_payload; }
    [[nodiscard]] QPlainTextEdit *editor() const;
    [[nodiscard]] QPushButton *sendButton() const { return m_send; }
    [[nodiscard]] QComboBox *modeBox() const;
    [[nodiscard]] QComboBox *lineEndingBox() const;
    [[nodiscard]] QComboBox *checksumBox() const;
    [[nodiscard]] QToolButton *savePresetButton() const { return m_savePreset; }
    [[nodiscard]] QSpinBox *intervalBox() const { return m_interval; }
    [[nodiscard]] QSpinBox *countBox() const { return m_count; }
    [[nodiscard]] QPushButton *repeatButton() const { return m_repeat; }

signals:
    void saveAsPresetRequested(const sockeye::PayloadSpec &spec);
    /// The user changed an option saved with the session (clearsAfterSend()).
    void optionsChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void validate();
    void showMessage(const QString &text, bool error);
    void addToHistory(const PayloadSpec &spec);
    void walkHistory(int step);
    void fillHistoryMenu();
    void updateTargetsLabel();
    void updateRepeatUi();
    /// A count as at most five digits or a shortened form ("123.4k", "12.3M").
    [[nodiscard]] static QString shortCount(quint64 count);
    [[nodiscard]] bool hasPayload() const;
    void updateSendEnabled();
    void loadSettings();
    void saveSettings() const;

    Session *m_session;
    PayloadContext m_context;
    QList<PeerId> m_targets;
    PayloadEditor *m_payload;
    QPushButton *m_send;
    QPushButton *m_repeat;
    QCheckBox *m_clearAfterSend;
    QSpinBox *m_interval;
    QSpinBox *m_count;
    QToolButton *m_file;
    QToolButton *m_savePreset;
    QLabel *m_targetsLabel;
    QProgressBar *m_fileProgress;
    QToolButton *m_fileCancel;
    PeriodicSender *m_periodic; ///< the core's drift-free scheduler, shared with sockeye-cli
    FileSender *m_fileSender;
    int m_periodicSent = 0;
    int m_repeatTextRoom = 0; ///< the widest label the repeat button was sized for
    QTimer *m_repeatUiTimer;  ///< coalesces the sent count's updates
    QToolButton *m_historyButton;
    QMenu *m_historyMenu;
    bool m_startingPeriodic = false; ///< start() from this composer, not a restored session
    bool m_valid = true;
    QStringList m_history;   ///< PayloadSpec::toSyntax(), newest last
    int m_historyIndex = -1; ///< -1: not walking
    QString m_draft;         ///< what was typed before walking the history
};

} // namespace sockeye
