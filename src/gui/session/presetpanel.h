#pragma once

#include "workspace/preset.h"

#include <QList>
#include <QWidget>

class QAction;
class QKeySequence;
class QListWidget;
class QListWidgetItem;
class QToolButton;

namespace sockeye {

/**
 * The presets side panel: a list of named payloads; double-click or Send sends one, Edit loads
 * it into the composer, the name is edited in place, Up/Down (or drag) reorders. The list
 * persists in QSettings (group "presets") as JSON, the same form PayloadSpec::toJson() writes.
 *
 * Each preset has a send action (sendActions(): the quick-command bar's buttons) with its
 * hotkey, if any: new presets take the first free of Ctrl+1 to Ctrl+9, the context menu sets
 * another or none; a key some command already holds is refused with its name.
 */
class PresetPanel : public QWidget
{
    Q_OBJECT
public:
    explicit PresetPanel(QWidget *parent = nullptr);

    [[nodiscard]] QList<Preset> presets() const { return m_presets; }
    void setPresets(const QList<Preset> &presets);
    /// Adds a preset (named after its content when `name` is empty) and selects it.
    void addPreset(const PayloadSpec &spec, const QString &name = {});
    void moveSelected(int step);
    void removeSelected();
    [[nodiscard]] int currentRow() const;
    [[nodiscard]] QListWidget *list() const { return m_list; }
    [[nodiscard]] QToolButton *editButton() const { return m_edit; }

    /// Where the hotkeys work: the actions are added to this widget (the main window).
    void setShortcutHost(QWidget *host);
    /// One action per preset, in order, sending it; with its hotkey when it has one.
    [[nodiscard]] QList<QAction *> sendActions() const { return m_actions; }
    /// Sets a preset's hotkey (empty: none). Refused, with the sentence, when taken.
    bool setShortcut(int row, const QKeySequence &key, QString *error = nullptr);
    /// What holds `key` other than preset `exceptRow` ("Close session", "preset \"ping\""), or "".
    [[nodiscard]] QString takenBy(const QKeySequence &key, int exceptRow = -1) const;
    /// Asks for the selected preset's hotkey (ShortcutDialog).
    void chooseShortcut();

    /// Loads from / saves to QSettings.
    void load();
    void save() const;

signals:
    void sendRequested(const sockeye::PayloadSpec &spec);
    /// The presets' send actions were made again (sendActions()).
    void sendActionsChanged();
    void editRequested(const sockeye::PayloadSpec &spec);

private:
    void rebuild(int select);
    void updateButtons();
    void rebuildActions();
    void showMenu(const QPoint &pos);
    [[nodiscard]] QString firstFreeShortcut() const;

    QList<Preset> m_presets;
    QListWidget *m_list;
    QToolButton *m_send;
    QToolButton *m_edit;
    QToolButton *m_up;
    QToolButton *m_down;
    QToolButton *m_remove;
    QList<QAction *> m_actions;
    QWidget *m_shortcutHost = nullptr;
    bool m_rebuilding = false;
};

} // namespace sockeye
