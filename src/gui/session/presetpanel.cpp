#include "session/presetpanel.h"

#include "session/shortcutdialog.h"
#include "widgets/icons.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QPainter>
#include <QStyledItemDelegate>

#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

namespace sockeye {

namespace {

constexpr int ShortcutRole = Qt::UserRole + 1;

/// Draws a preset's hotkey at the right of its row, in the placeholder colour; the name stays
/// the item's text, so renaming it in place (F2) edits only the name.
class ShortcutDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        const QString key = index.data(ShortcutRole).toString();
        if (key.isEmpty()) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        // The row's background and selection span the whole width; the name is laid out left
        // of the key.
        QStyleOptionViewItem full = option;
        initStyleOption(&full, index);
        const QWidget *widget = option.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        style->drawPrimitive(QStyle::PE_PanelItemViewItem, &full, painter, widget);
        QStyleOptionViewItem room = option;
        room.rect.setRight(option.rect.right() - option.fontMetrics.horizontalAdvance(key) - 8);
        QStyledItemDelegate::paint(painter, room, index);
        painter->save();
        painter->setPen(option.palette.color((option.state & QStyle::State_Selected)
                                                 ? QPalette::HighlightedText
                                                 : QPalette::PlaceholderText));
        painter->drawText(option.rect.adjusted(0, 0, -4, 0), Qt::AlignRight | Qt::AlignVCenter,
                          key);
        painter->restore();
    }
};

} // namespace

PresetPanel::PresetPanel(QWidget *parent)
    : QWidget(parent)
    , m_list(new QListWidget(this))
    , m_send(new QToolButton(this))
    , m_edit(new QToolButton(this))
    , m_up(new QToolButton(this))
    , m_down(new QToolButton(this))
    , m_remove(new QToolButton(this))
{
    m_list->setToolTip(
        tr("Double-click a preset (or press its hotkey) to send it; F2 renames it; right-click "
           "sets its hotkey"));
    m_list->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
    m_list->setDragDropMode(QAbstractItemView::InternalMove);
    m_list->setAlternatingRowColors(true);
    m_list->setItemDelegate(new ShortcutDelegate(m_list));
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_list, &QWidget::customContextMenuRequested, this,
            [this](const QPoint &pos) { showMenu(pos); });

    m_send->setIcon(Icons::icon(Icons::Send));
    m_send->setToolTip(tr("Send the selected preset to the current session"));
    m_send->setAccessibleName(tr("Send"));
    m_edit->setText(tr("Edit"));
    m_edit->setToolTip(tr("Load the selected preset into the composer"));
    m_up->setArrowType(Qt::UpArrow);
    m_up->setToolTip(tr("Move up"));
    m_up->setAccessibleName(tr("Move up"));
    m_down->setArrowType(Qt::DownArrow);
    m_down->setToolTip(tr("Move down"));
    m_down->setAccessibleName(tr("Move down"));
    m_remove->setIcon(Icons::icon(Icons::Clear));
    m_remove->setToolTip(tr("Delete the selected preset"));
    m_remove->setAccessibleName(tr("Delete"));
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
            rebuildActions(); // the bar's button and the hotkey's tool tip say the new name
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
        item->setData(ShortcutRole,
                      QKeySequence::fromString(m_presets[i].shortcut, QKeySequence::PortableText)
                          .toString(QKeySequence::NativeText));
    }
    m_list->setCurrentRow(select);
    m_rebuilding = false;
    updateButtons();
    rebuildActions();
}

void PresetPanel::setShortcutHost(QWidget *host)
{
    m_shortcutHost = host;
    rebuildActions();
}

void PresetPanel::rebuildActions()
{
    qDeleteAll(m_actions); // deleting an action removes it from every widget it was added to
    m_actions.clear();
    for (int i = 0; i < m_presets.size(); ++i) {
        auto *action = new QAction(Icons::icon(Icons::Preset), m_presets[i].name, this);
        const QKeySequence key =
            QKeySequence::fromString(m_presets[i].shortcut, QKeySequence::PortableText);
        action->setShortcut(key);
        action->setToolTip(key.isEmpty() ? tr("Send %1").arg(m_presets[i].spec.toSyntax())
                                         : tr("Send %1 (%2)")
                                               .arg(m_presets[i].spec.toSyntax(),
                                                    key.toString(QKeySequence::NativeText)));
        const PayloadSpec spec = m_presets[i].spec;
        connect(action, &QAction::triggered, this, [this, spec] { emit sendRequested(spec); });
        m_actions << action;
    }
    if (m_shortcutHost)
        m_shortcutHost->addActions(m_actions);
    emit sendActionsChanged();
}

QString PresetPanel::takenBy(const QKeySequence &key, int exceptRow) const
{
    if (key.isEmpty())
        return {};
    for (int i = 0; i < m_presets.size(); ++i) {
        if (i != exceptRow &&
            QKeySequence::fromString(m_presets[i].shortcut, QKeySequence::PortableText) == key)
            return tr("the preset \"%1\"").arg(m_presets[i].name);
    }
    if (!m_shortcutHost)
        return {};
    for (const QAction *action : m_shortcutHost->findChildren<QAction *>()) {
        if (m_actions.contains(action))
            continue;
        for (const QKeySequence &held : action->shortcuts()) {
            if (held == key)
                return QString(action->text()).remove(QLatin1Char('&'));
        }
    }
    return {};
}

bool PresetPanel::setShortcut(int row, const QKeySequence &key, QString *error)
{
    if (row < 0 || row >= m_presets.size())
        return false;
    const QString holder = takenBy(key, row);
    if (!holder.isEmpty()) {
        if (error)
            *error = tr("%1 is already taken by %2.")
                         .arg(key.toString(QKeySequence::NativeText), holder);
        return false;
    }
    m_presets[row].shortcut = key.toString(QKeySequence::PortableText);
    rebuild(row);
    save();
    return true;
}

QString PresetPanel::firstFreeShortcut() const
{
    for (int digit = 1; digit <= 9; ++digit) {
        const QKeySequence key(Qt::CTRL | Qt::Key(Qt::Key_0 + digit));
        if (takenBy(key).isEmpty())
            return key.toString(QKeySequence::PortableText);
    }
    return {};
}

void PresetPanel::chooseShortcut()
{
    const int row = currentRow();
    if (row < 0)
        return;
    ShortcutDialog dialog(
        m_presets[row].name,
        QKeySequence::fromString(m_presets[row].shortcut, QKeySequence::PortableText),
        [this, row](const QKeySequence &key) { return takenBy(key, row); }, this);
    if (dialog.exec() == QDialog::Accepted)
        (void)setShortcut(row, dialog.key());
}

void PresetPanel::showMenu(const QPoint &pos)
{
    const int row = m_list->row(m_list->itemAt(pos));
    if (row < 0 || row >= m_presets.size())
        return;
    m_list->setCurrentRow(row);
    QMenu menu(this);
    menu.addAction(Icons::icon(Icons::Send), tr("Send"), this,
                   [this, row] { emit sendRequested(m_presets[row].spec); });
    menu.addAction(tr("Load into the composer"), this,
                   [this, row] { emit editRequested(m_presets[row].spec); });
    menu.addSeparator();
    menu.addAction(tr("Set hotkey…"), this, [this] { chooseShortcut(); });
    QAction *none = menu.addAction(tr("No hotkey"), this,
                                   [this, row] { (void)setShortcut(row, QKeySequence()); });
    none->setEnabled(!m_presets[row].shortcut.isEmpty());
    menu.addAction(tr("Rename"), this, [this, row] { m_list->editItem(m_list->item(row)); });
    menu.addSeparator();
    menu.addAction(Icons::icon(Icons::Clear), tr("Delete"), this, [this] { removeSelected(); });
    menu.exec(m_list->viewport()->mapToGlobal(pos));
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
    m_presets << Preset{title, spec, firstFreeShortcut()};
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
