#pragma once

#include "capture/exportdialog.h"
#include "traffic/trafficrecord.h"

#include <QObject>
#include <QPointer>
#include <QSet>

class QAction;
class QMenu;

namespace sockeye {

class CapturePanel;
class ConversationTable;
class Recorder;
class RecordingIndicator;
class SessionManager;
class TrafficLog;
class TrafficModel;
class TrafficView;

/**
 * The File menu's recording, export and capture actions: "Record to file" (every session or the
 * current one, pcapng via the core Recorder) with a status bar indicator and Stop; "Export…"
 * (everything, the view's filter, the selection or the recording, in every Exporter format, in a
 * worker thread with progress and cancel); "Open capture…" (a read-only CapturePanel).
 *
 * It knows nothing of the window that holds it: the window says which tab is current
 * (setCurrentTab), shows the indicator, the sentences (statusMessage: results and errors, never a
 * blocking box) and the captures it opens (captureOpened).
 */
class CaptureActions : public QObject
{
    Q_OBJECT
public:
    /// `manager`: the live sessions, whose log is recorded and exported and which a capture
    /// replays to; `conversations`: their peers' addresses; `window`: parent of the dialogs, the
    /// indicator and of this object.
    CaptureActions(SessionManager *manager, ConversationTable *conversations, QWidget *window);
    ~CaptureActions() override;

    /// The tab whose traffic Export and "Record this session" take: a SessionPanel, a
    /// CapturePanel, or anything else (then only every session's traffic).
    void setCurrentTab(QWidget *tab);

    /// Adds the actions to a File menu.
    void addToMenu(QMenu *menu);

    [[nodiscard]] Recorder *recorder() const { return m_recorder; }
    [[nodiscard]] RecordingIndicator *indicator() const { return m_indicator; }
    [[nodiscard]] QAction *recordAllAction() const { return m_recordAll; }
    [[nodiscard]] QAction *recordSessionAction() const { return m_recordSession; }
    [[nodiscard]] QAction *stopRecordingAction() const { return m_stopRecording; }
    [[nodiscard]] QAction *exportAction() const { return m_export; }
    [[nodiscard]] QAction *openCaptureAction() const { return m_openCapture; }
    /// The file being recorded, or the last one recorded ("" when none).
    [[nodiscard]] QString recordingPath() const { return m_recordingPath; }

    /// Records the sessions (empty: every session) to `path`; false with a status sentence.
    bool startRecording(const QString &path, const QSet<SessionId> &sessions = {});
    void stopRecording();

    /// Exports from the current tab (a session or a capture) as asked; false on failure or
    /// cancel, with a sentence in the status bar either way.
    bool exportTo(const ExportRequest &request);
    /// The records a scope covers in the current tab (not Recording).
    [[nodiscard]] QList<TrafficRecord> recordsFor(ExportRequest::Scope scope) const;

    /// Reads a capture into a new read-only panel, announced by captureOpened(); nullptr (and a
    /// status sentence) on failure.
    CapturePanel *openCapture(const QString &path);

signals:
    /// A sentence for the status bar, shown for `timeoutMs` (0: until the next one).
    void statusMessage(const QString &text, int timeoutMs);
    /// A capture was read: show `panel` (parented to the window until then) as a tab.
    void captureOpened(sockeye::CapturePanel *panel, const QString &toolTip);

private:
    /// "a, b, c" in English; the translation's own separator ("a、b、c" in Chinese).
    [[nodiscard]] static QString joinList(const QStringList &items);

    struct Source
    {
        TrafficLog *log = nullptr; ///< everything ("all traffic")
        const ConversationTable *table = nullptr;
        TrafficView *view = nullptr; ///< the view's model gives filter and selection
        QString name;
    };

    [[nodiscard]] Source currentSource() const;
    void recordDialog(bool currentSessionOnly);
    void exportDialog();
    void openCaptureDialog();
    void updateActions();
    [[nodiscard]] QString viewDescription(const Source &source) const;

    SessionManager *m_manager;
    ConversationTable *m_conversations;
    QWidget *m_window;
    QPointer<QWidget> m_tab;
    Recorder *m_recorder;
    RecordingIndicator *m_indicator;
    QAction *m_recordAll;
    QAction *m_recordSession;
    QAction *m_stopRecording;
    QAction *m_export;
    QAction *m_openCapture;
    QString m_recordingPath;
    QString m_lastDir;
    ExportRequest m_lastRequest;
};

} // namespace sockeye
