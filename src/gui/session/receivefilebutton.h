#pragma once

#include <QToolButton>

class QTimer;

namespace sockeye {

class ReceiveFile;

/**
 * The traffic bar's "To file" button for a session's ReceiveFile: off, a click asks where
 * (ReceiveFileDialog) and starts writing; on, a click stops. After a failure (a full disk) it
 * shows a warning until the user chooses a file again, which resumes. Its tool tip says what
 * is written where and how much; its width is fixed by its widest label, so nothing beside it
 * moves as the state changes.
 */
class ReceiveFileButton : public QToolButton
{
    Q_OBJECT
public:
    explicit ReceiveFileButton(ReceiveFile *file, QWidget *parent = nullptr);

    /// Opens the dialog and applies it (what a click does when not writing). False if cancelled.
    bool choose();

private:
    void refresh();

    ReceiveFile *m_file;
    QTimer *m_refresh; ///< the byte count in the tool tip, once a second while writing
};

} // namespace sockeye
