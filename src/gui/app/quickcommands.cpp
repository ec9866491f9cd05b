// MainWindow: the presets' hotkeys and the quick-command bar (a button per preset, sending it
// to the current session); the rest of the window is in mainwindow.cpp.
#include "app/mainwindow.h"

#include "session/presetpanel.h"

#include <QAction>
#include <QMenu>
#include <QToolBar>
#include <QToolButton>

namespace sockeye {

void MainWindow::addQuickCommands(QMenu *menu)
{
    // The hotkeys work anywhere in the window, the presets panel shown or not.
    m_presets->setShortcutHost(this);

    auto *bar = new QToolBar(tr("Quick commands"), this);
    bar->setObjectName(QStringLiteral("quickCommands"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setToolTip(tr("A button per preset: click (or press its hotkey) to send it"));
    addToolBar(Qt::BottomToolBarArea, bar);
    bar->hide(); // shown from View; the window's saved state remembers it
    QAction *toggle = bar->toggleViewAction();
    toggle->setText(tr("Quick-command bar"));
    toggle->setToolTip(tr("Show a button per preset above the status bar"));
    menu->addAction(toggle);

    auto *none =
        new QAction(tr("No presets yet: \"Save as preset\" in the composer adds one"), bar);
    none->setEnabled(false);
    const auto fill = [this, bar, none] {
        bar->clear();
        const QList<QAction *> actions = m_presets->sendActions();
        if (actions.isEmpty())
            bar->addAction(none);
        else
            bar->addActions(actions);
    };
    connect(m_presets, &PresetPanel::sendActionsChanged, bar, fill);
    fill();
    nameOverflowButton(bar);
}

void MainWindow::nameOverflowButton(QToolBar *bar)
{
    // Qt's » button for the tools that do not fit has no name of its own.
    if (auto *more = bar->findChild<QToolButton *>(QStringLiteral("qt_toolbar_ext_button")))
        more->setAccessibleName(tr("More tools"));
}

} // namespace sockeye
