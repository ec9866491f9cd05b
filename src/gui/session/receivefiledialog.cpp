#include "session/receivefiledialog.h"

#include "widgets/theme.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QPushButton>

namespace sockeye {

ReceiveFileDialog::ReceiveFileDialog(const ReceiveFileSettings &settings, QWidget *parent)
    : QDialog(parent)
{
    ui.setupUi(this);
    m_ok = ui.buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Start writing"));
    ui.path->setText(QDir::toNativeSeparators(settings.path));
    ui.format->setCurrentIndex(settings.format == ReceiveFileSettings::Format::Log ? 1 : 0);
    ui.rotate->setChecked(settings.rotateBytes > 0);
    if (settings.rotateBytes > 0)
        ui.rotateMiB->setValue(int(qMax<qint64>(1, settings.rotateBytes >> 20)));
    ui.rotateMiB->setEnabled(ui.rotate->isChecked());
    ui.error->setPalette(Theme::errorTextPalette(ui.error->palette()));
    connect(ui.buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(ui.buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(ui.browse, &QPushButton::clicked, this, [this] { browse(); });
    connect(ui.path, &QLineEdit::textChanged, this, [this] { validate(); });
    connect(ui.rotate, &QCheckBox::toggled, ui.rotateMiB, &QSpinBox::setEnabled);
    validate();
}

ReceiveFileSettings ReceiveFileDialog::settings() const
{
    ReceiveFileSettings settings;
    settings.path = QDir::fromNativeSeparators(ui.path->text().trimmed());
    settings.format = ui.format->currentIndex() == 1 ? ReceiveFileSettings::Format::Log
                                                     : ReceiveFileSettings::Format::Raw;
    settings.rotateBytes = ui.rotate->isChecked() ? qint64(ui.rotateMiB->value()) << 20 : 0;
    settings.on = true;
    return settings;
}

void ReceiveFileDialog::browse()
{
    const QString chosen = QFileDialog::getSaveFileName(
        this, tr("Save received data to"), ui.path->text(), QString(), nullptr,
        QFileDialog::DontConfirmOverwrite); // appended to, not replaced: nothing to confirm
    if (!chosen.isEmpty())
        ui.path->setText(QDir::toNativeSeparators(chosen));
}

void ReceiveFileDialog::validate()
{
    const QString path = ui.path->text().trimmed();
    QString error;
    if (path.isEmpty()) {
        error = tr("Choose the file to write received data to.");
    } else {
        const QFileInfo info(QDir::fromNativeSeparators(path));
        if (info.isDir())
            error = tr("%1 is a folder: choose a file in it.").arg(path);
        else if (!info.absoluteDir().exists())
            error = tr("The folder %1 does not exist: create it or choose another.")
                        .arg(QDir::toNativeSeparators(info.absolutePath()));
    }
    // Nothing to say for an empty field yet: OK is disabled and the field is plainly empty.
    ui.error->setText(path.isEmpty() ? QString() : error);
    m_ok->setEnabled(error.isEmpty());
}

} // namespace sockeye
