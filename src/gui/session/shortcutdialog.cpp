#include "session/shortcutdialog.h"

#include "widgets/theme.h"

#include <QDialogButtonBox>
#include <QPushButton>

namespace sockeye {

ShortcutDialog::ShortcutDialog(const QString &presetName, const QKeySequence &current,
                               TakenBy takenBy, QWidget *parent)
    : QDialog(parent)
    , m_takenBy(std::move(takenBy))
{
    ui.setupUi(this);
    m_ok = ui.buttons->button(QDialogButtonBox::Ok);
    ui.prompt->setText(
        tr("Press the hotkey that sends \"%1\" to the current session.").arg(presetName));
    ui.key->setKeySequence(current);
    ui.error->setPalette(Theme::errorTextPalette(ui.error->palette()));
    connect(ui.buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(ui.buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(ui.clear, &QPushButton::clicked, ui.key, &QKeySequenceEdit::clear);
    connect(ui.key, &QKeySequenceEdit::keySequenceChanged, this, [this] { validate(); });
    validate();
}

QKeySequence ShortcutDialog::key() const
{
    // One chord: a second one would make the first key wait for it everywhere.
    const QKeySequence typed = ui.key->keySequence();
    return typed.isEmpty() ? QKeySequence() : QKeySequence(typed[0]);
}

void ShortcutDialog::validate()
{
    const QKeySequence typed = key();
    QString error;
    if (!typed.isEmpty()) {
        const QKeyCombination chord = typed[0];
        const Qt::KeyboardModifiers mods = chord.keyboardModifiers() & ~Qt::KeypadModifier;
        const bool function = chord.key() >= Qt::Key_F1 && chord.key() <= Qt::Key_F35;
        if (!function && (mods == Qt::NoModifier || mods == Qt::ShiftModifier))
            error = tr("%1 would be typed as text: add Ctrl or Alt (or use F1 to F12).")
                        .arg(typed.toString(QKeySequence::NativeText));
        else if (const QString holder = m_takenBy(typed); !holder.isEmpty())
            error = tr("%1 is already taken by %2: choose another.")
                        .arg(typed.toString(QKeySequence::NativeText), holder);
    }
    ui.error->setText(error);
    m_ok->setEnabled(error.isEmpty());
}

} // namespace sockeye
