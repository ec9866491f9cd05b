#pragma once

#include "workspace/preset.h"

#include <QList>
#include <QWidget>

class QListWidget;
class QListWidgetItem;
class QToolButton;

namespace sockeye {

/**
 * The presets side panel: a list of named payloads; double-click or Send sends one, Edit loads
 * it into the composer, the name is edited in place, Up/Down (or drag) reorders. The list
 * persists in QSettings (group "presets") as JSON, the same form PayloadSpec::toJson() writes.
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

    /// Loads from / saves to QSettings.
    void load();
    void save() const;

signals:
    void sendRequested(const sockeye::PayloadSpec &spec);
    void editRequested(const sockeye::PayloadSpec &spec);

private:
    void rebuild(int select);
    void updateButtons();

    QList<Preset> m_presets;
    QListWidget *m_list;
    QToolButton *m_send;
    QToolButton *m_edit;
    QToolButton *m_up;
    QToolButton *m_down;
    QToolButton *m_remove;
    bool m_rebuilding = false;
};

} // namespace sockeye
