#pragma once

#include "ui_shortcutdialog.h"

#include <QDialog>
#include <QKeySequence>

#include <functional>

class QPushButton;

namespace sockeye {

/**
 * Picks a preset's hotkey. `takenBy` names what already holds a key (a menu command, another
 * preset) or returns "": such a key is refused with that name and OK stays disabled.
 */
class ShortcutDialog : public QDialog
{
    Q_OBJECT
public:
    using TakenBy = std::function<QString(const QKeySequence &)>;
    ShortcutDialog(const QString &presetName, const QKeySequence &current, TakenBy takenBy,
                   QWidget *parent = nullptr);

    /// Empty: no hotkey.
    [[nodiscard]] QKeySequence key() const;
    [[nodiscard]] QPushButton *okButton() const { return m_ok; }
    [[nodiscard]] QString error() const { return ui.error->text(); }

    Ui::ShortcutDialog ui;

private:
    void validate();

    TakenBy m_takenBy;
    QPushButton *m_ok = nullptr;
};

} // namespace sockeye
