#pragma once

#include "traffic/receivefile.h"
#include "ui_receivefiledialog.h"

#include <QDialog>

class QPushButton;

namespace sockeye {

/**
 * Where and how a session's received data is saved while it runs (ReceiveFile): the file,
 * raw bytes or a text log, and an optional rotation size. OK is "start writing" (or "resume"
 * after a failure); the caller applies settings(). A folder that does not exist is said here,
 * before anything starts.
 */
class ReceiveFileDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ReceiveFileDialog(const ReceiveFileSettings &settings, QWidget *parent = nullptr);

    [[nodiscard]] ReceiveFileSettings settings() const;
    [[nodiscard]] QPushButton *okButton() const { return m_ok; }
    /// Why OK is disabled, or "".
    [[nodiscard]] QString error() const { return ui.error->text(); }

    Ui::ReceiveFileDialog ui;

private:
    void validate();
    void browse();

    QPushButton *m_ok = nullptr;
};

} // namespace sockeye
