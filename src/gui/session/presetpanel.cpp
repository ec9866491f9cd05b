#include "session/presetpanel.h"

#include "widgets/icons.h"

#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

namespace sockeye {

PresetPanel::PresetPanel(QWidget *parent)
    : QWidget(parent)
    , m_list(new QListWidget(this))
    , m_send(new QToolButton(this))
    , m_edit(new QToolButton(this))
    , m_up(new QToolButton(this))
    , m_down(new QToolButton(this))
    , m_remove(new QToolButton(this))
{
    m_list->setToolTip(tr("Double-click a preset to send it; F2 renames it"));
    m_list->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
    m_list->setDragDropMode(QAbstractItemView::InternalMove);
    m_list->setAlternatingRowColors(true);

    m_send->setIcon(Icons::icon(Icons::Send));
    m_send->setToolTip(tr("Send the selected preset to the current session"));
    m_edit->setText(tr("Edit"));
    m_edit->setToolTip(tr("Load the selected preset into the composer"));
    m_up->setArrowType(Qt::UpArrow);
    m_up->setToolTip(tr("Move up"));
    m_down->setArrowType(Qt::DownArrow);
    m_down->setToolTip(tr("Move down"));
    m_remove->setIcon(Icons::icon(Icons::Clear));
    m_remove->setToolTip(tr("Delete the selected preset"));
    for (QToolButton *b : {m_send, m_edit, m_up, m_down, m_remove})
        b->setAutoRaise(true);

    auto *hint = new QLabel(tr("Save a payload from the composer with \"Save as preset\"."), this);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);

    auto *buttons = new QHBoxLayout;
    buttons->setSpacing(2);
    buttons->addWidget(m_send);
    buttons->addWidget(m_edit);
    buttons->addStretch(1);
    buttons->addWidget(m_up);
    buttons->addWidget(m_down);
    buttons->addWidget(m_remove);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);
    layout->addWidget(hint);

    connect(m_list, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem *item) {
        const int row = m_list->row(item);
        if (row >= 0 && row < m_presets.size())
            emit sendRequested(m_presets[row].spec);
    });
    connect(m_send, &QToolButton::clicked, this, [this] {
        const int row = currentRow();
        if (row >= 0)
            emit sendRequested(m_presets[row].spec);
    });
    connect(m_edit, &QToolButton::clicked, this, [this] {
        const int row = currentRow();
        if (row >= 0)
            emit editRequested(m_presets[row].spec);
    });
    connect(m_up, &QToolButton::clicked, this, [this] { moveSelected(-1); });
    connect(m_down, &QToolButton::clicked, this, [this] { moveSelected(+1); });
    connect(m_remove, &QToolButton::clicked, this, [this] { removeSelected(); });
    connect(m_list, &QListWidget::currentRowChanged, this, [this] { updateButtons(); });
    connect(m_list, &QListWidget::itemChanged, this, [this](QListWidgetItem *item) {
        if (m_rebuilding)
            return;
        const int row = m_list->row(item);
        if (row >= 0 && row < m_presets.size() && !item->text().trimmed().isEmpty()) {
            m_presets[row].name = item->text().trimmed();
            save();
        }
    });
    // Drag-and-drop reordering: read the new order back from the items.
    connect(m_list->model(), &QAbstractItemModel::rowsMoved, this, [this] {
        QList<Preset> reordered;
        for (int i = 0; i < m_list->count(); ++i) {
            const int old = m_list->item(i)->data(Qt::UserRole).toInt();
            if (old >= 0 && old < m_presets.size())
                reordered << m_presets[old];
        }
        if (reordered.size() == m_presets.size()) {
            m_presets = reordered;
            rebuild(m_list->currentRow());
            save();
        }
    });
    load();
}

int PresetPanel::currentRow() const
{
    const int row = m_list->currentRow();
    return row >= 0 && row < m_presets.size() ? row : -1;
}

void PresetPanel::setPresets(const QList<Preset> &presets)
{
    m_presets = presets;
    rebuild(presets.isEmpty() ? -1 : 0);
}

void PresetPanel::rebuild(int select)
{
    m_rebuilding = true;
    m_list->clear();
    for (int i = 0; i < m_presets.size(); ++i) {
        auto *item = new QListWidgetItem(m_presets[i].name, m_list);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
        item->setData(Qt::UserRole, i);
        item->setToolTip(m_presets[i].spec.toSyntax());
        item->setIcon(Icons::icon(Icons::Preset));
    }
    m_list->setCurrentRow(select);
    m_rebuilding = false;
    updateButtons();
}

void PresetPanel::updateButtons()
{
    const int row = currentRow();
    m_send->setEnabled(row >= 0);
    m_edit->setEnabled(row >= 0);
    m_remove->setEnabled(row >= 0);
    m_up->setEnabled(row > 0);
    m_down->setEnabled(row >= 0 && row + 1 < m_presets.size());
}

void PresetPanel::addPreset(const PayloadSpec &spec, const QString &name)
{
    QString title = name.trimmed();
    if (title.isEmpty()) {
        title = spec.text().simplified().left(32);
        if (title.isEmpty())
            title = tr("Preset %1").arg(m_presets.size() + 1);
    }
    m_presets << Preset{title, spec};
    rebuild(int(m_presets.size()) - 1);
    save();
}

void PresetPanel::moveSelected(int step)
{
    const int row = currentRow();
    const int to = row + step;
    if (row < 0 || to < 0 || to >= m_presets.size())
        return;
    m_presets.move(row, to);
    rebuild(to);
    save();
}

void PresetPanel::removeSelected()
{
    const int row = currentRow();
    if (row < 0)
        return;
    m_presets.removeAt(row);
    rebuild(qMin(row, int(m_presets.size()) - 1));
    save();
}

void PresetPanel::load()
{
    QSettings settings;
    setPresets(presetsFromJson(
        QJsonDocument::fromJson(settings.value(QStringLiteral("presets/list")).toByteArray())
            .array()));
}

void PresetPanel::save() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("presets/list"),
                      QJsonDocument(presetsToJson(m_presets)).toJson(QJsonDocument::Compact));
}

} // namespace sockeye
