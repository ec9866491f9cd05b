#include "automation/ruleseditor.h"

#include "automation/automationcontroller.h"
#include "automation/ruledialog.h"
#include "automation/rulesmodel.h"
#include "session/session.h"
#include "widgets/theme.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace sockeye {

RulesEditor::RulesEditor(AutomationController *controller, QWidget *parent)
    : QDialog(parent)
    , m_controller(controller)
    , m_model(new RulesModel(controller, this))
    , m_view(new QTableView(this))
    , m_summary(new QLabel(this))
    , m_status(new QLabel(this))
    , m_add(new QPushButton(tr("&Add…"), this))
    , m_edit(new QPushButton(tr("&Edit…"), this))
    , m_duplicate(new QPushButton(tr("D&uplicate"), this))
    , m_remove(new QPushButton(tr("&Delete"), this))
    , m_up(new QPushButton(tr("Move &up"), this))
    , m_down(new QPushButton(tr("Move do&wn"), this))
    , m_import(new QToolButton(this))
    , m_export(new QPushButton(tr("E&xport…"), this))
    , m_resetCounts(new QPushButton(tr("Reset &counts"), this))
{
    setWindowTitle(tr("Auto-reply rules — %1").arg(controller->session()->displayName()));
    m_summary->setWordWrap(true);

    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setDragEnabled(true);
    m_view->setAcceptDrops(true);
    m_view->setDropIndicatorShown(true);
    m_view->setDragDropMode(QAbstractItemView::InternalMove);
    m_view->setDefaultDropAction(Qt::MoveAction);
    m_view->setDragDropOverwriteMode(false);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->verticalHeader()->setSectionsClickable(false);
    QHeaderView *header = m_view->horizontalHeader();
    const int em = fontMetrics().horizontalAdvance(QLatin1Char('m'));
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(RulesModel::ReplyColumn, QHeaderView::Stretch);
    header->resizeSection(RulesModel::NameColumn, em * 20);
    header->resizeSection(RulesModel::MatchColumn, em * 20);
    header->setSectionResizeMode(RulesModel::DelayColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(RulesModel::TargetColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(RulesModel::CountColumn, QHeaderView::ResizeToContents);
    m_view->setToolTip(tr("Frames go through the ticked rules from the top; the first match "
                          "answers. Drag rows to reorder; double-click to edit."));

    m_add->setToolTip(tr("Add a rule below the selected one"));
    m_edit->setToolTip(tr("Edit the selected rule (or double-click it)"));
    m_duplicate->setToolTip(tr("Copy the selected rule just below it"));
    m_remove->setToolTip(tr("Delete the selected rule (Delete)"));
    m_up->setToolTip(tr("Try the selected rule earlier (Ctrl+Up)"));
    m_down->setToolTip(tr("Try the selected rule later (Ctrl+Down)"));
    m_up->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Up));
    m_down->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Down));
    m_remove->setShortcut(QKeySequence::Delete);
    m_import->setText(tr("&Import…"));
    m_import->setToolTip(tr("Replace the rules with those of a JSON file; the arrow adds them "
                            "instead"));
    m_import->setPopupMode(QToolButton::MenuButtonPopup);
    m_import->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    auto *importMenu = new QMenu(m_import);
    importMenu->addAction(tr("Replace the rules with a file…"), this,
                          [this] { chooseImport(true); });
    importMenu->addAction(tr("Add the rules of a file…"), this, [this] { chooseImport(false); });
    m_import->setMenu(importMenu);
    m_export->setToolTip(tr("Save the rules as JSON (sockeye-cli listen --rules reads it)"));
    m_resetCounts->setToolTip(tr("Set every match count back to 0"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->hide();

    auto *buttons = new QVBoxLayout;
    buttons->setSpacing(4);
    for (QWidget *w : std::initializer_list<QWidget *>{m_add, m_edit, m_duplicate, m_remove})
        buttons->addWidget(w);
    buttons->addSpacing(12);
    buttons->addWidget(m_up);
    buttons->addWidget(m_down);
    buttons->addSpacing(12);
    buttons->addWidget(m_import);
    buttons->addWidget(m_export);
    buttons->addStretch(1);
    buttons->addWidget(m_resetCounts);

    auto *middle = new QHBoxLayout;
    middle->addWidget(m_view, 1);
    middle->addLayout(buttons);

    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addLayout(middle, 1);
    layout->addWidget(m_status);
    layout->addWidget(close);

    connect(close, &QDialogButtonBox::rejected, this, &QDialog::close);
    connect(m_add, &QPushButton::clicked, this, [this] { addRule(); });
    connect(m_edit, &QPushButton::clicked, this, [this] { editRule(currentRow()); });
    connect(m_duplicate, &QPushButton::clicked, this, [this] { duplicateRule(currentRow()); });
    connect(m_remove, &QPushButton::clicked, this, [this] { removeRule(currentRow()); });
    connect(m_up, &QPushButton::clicked, this, [this] { moveSelected(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveSelected(+1); });
    connect(m_import, &QToolButton::clicked, this, [this] { chooseImport(true); });
    connect(m_export, &QPushButton::clicked, this, [this] { chooseExport(); });
    connect(m_resetCounts, &QPushButton::clicked, m_controller, &AutomationController::resetCounts);
    connect(m_view, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex &index) {
        // A double-click on the check box toggles it; elsewhere it edits.
        if (index.isValid())
            editRule(index.row());
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { updateButtons(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { updateButtons(); });
    connect(m_model, &RulesModel::rowDragged, this, [this](int, int to) { selectRow(to); });
    connect(m_controller, &AutomationController::rulesChanged, this, [this] {
        updateSummary();
        updateButtons();
    });
    connect(m_controller, &AutomationController::framingChanged, this, [this] { updateSummary(); });

    QSettings settings;
    m_lastDirectory = settings.value(QStringLiteral("rules/lastDirectory")).toString();
    resize(em * 100, em * 32);
    updateSummary();
    updateButtons();
}

int RulesEditor::currentRow() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

void RulesEditor::selectRow(int row)
{
    if (row < 0 || row >= m_model->rowCount()) {
        m_view->clearSelection();
        updateButtons();
        return;
    }
    const QModelIndex index = m_model->index(row, RulesModel::NameColumn);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                         QItemSelectionModel::Rows);
    m_view->scrollTo(index);
    updateButtons();
}

int RulesEditor::insertionRow() const
{
    const int row = currentRow();
    if (row >= 0)
        return row + 1;
    const int echo = m_controller->echoIndex();
    return echo >= 0 ? echo : m_controller->ruleCount();
}

RuleDialog *RulesEditor::addRule()
{
    auto *dialog = new RuleDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Add a rule"));
    dialog->setFraming(m_controller->framingSpec());
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        ReplyRule rule = dialog->rule();
        if (rule.name.isEmpty())
            rule.name = RulesModel::matchText(rule);
        const int row = insertionRow();
        m_controller->insertRule(row, rule);
        selectRow(row);
    });
    dialog->open();
    return dialog;
}

RuleDialog *RulesEditor::editRule(int row)
{
    if (row < 0 || row >= m_controller->ruleCount())
        return nullptr;
    auto *dialog = new RuleDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Edit rule"));
    dialog->setFraming(m_controller->framingSpec());
    dialog->setRule(m_controller->rules().at(row));
    // The row may move while the dialog is open (a drag elsewhere is blocked by the modality,
    // but rules can change from the session panel's toggles): follow the rule by position.
    connect(dialog, &QDialog::accepted, this, [this, dialog, row] {
        if (row >= m_controller->ruleCount())
            return;
        ReplyRule rule = dialog->rule();
        if (rule.name.isEmpty())
            rule.name = RulesModel::matchText(rule);
        m_controller->replaceRule(row, rule);
        selectRow(row);
    });
    dialog->open();
    return dialog;
}

void RulesEditor::duplicateRule(int row)
{
    if (row < 0 || row >= m_controller->ruleCount())
        return;
    ReplyRule copy = m_controller->rules().at(row);
    copy.name = tr("%1 (copy)").arg(copy.name);
    m_controller->insertRule(row + 1, copy);
    selectRow(row + 1);
}

void RulesEditor::removeRule(int row)
{
    if (row < 0 || row >= m_controller->ruleCount())
        return;
    m_controller->removeRule(row);
    selectRow(qMin(row, m_controller->ruleCount() - 1));
}

void RulesEditor::moveSelected(int step)
{
    const int row = currentRow();
    const int to = row + step;
    if (row < 0 || to < 0 || to >= m_controller->ruleCount())
        return;
    m_controller->moveRule(row, to);
    selectRow(to);
}

bool RulesEditor::importFrom(const QString &path, bool replace)
{
    QString error;
    QString framing; // what the file's requests need, when it says
    const auto rules = AutomationController::readRulesFile(path, &error, &framing);
    if (!rules) {
        showStatus(error, true);
        return false;
    }
    if (replace) {
        m_controller->setRules(*rules);
    } else {
        const int first = m_controller->ruleCount();
        for (int i = 0; i < rules->size(); ++i)
            m_controller->insertRule(first + i, rules->at(i));
    }
    QString status =
        replace ? tr("Replaced the rules with the %n rule(s) of %1.", "", int(rules->size()))
                      .arg(QFileInfo(path).fileName())
                : tr("Added the %n rule(s) of %1.", "", int(rules->size()))
                      .arg(QFileInfo(path).fileName());
    if (!framing.isEmpty() && framing != m_controller->framingSpec()) {
        (void)m_controller->setFramingSpec(framing); // checked by readRulesFile()
        status += QLatin1Char(' ') +
                  tr("The session's framing is now %1, as the file asks.").arg(framing);
    }
    showStatus(status, false);
    selectRow(-1);
    return true;
}

bool RulesEditor::exportTo(const QString &path)
{
    QString error;
    if (!m_controller->writeRulesFile(path, &error)) {
        showStatus(error, true);
        return false;
    }
    showStatus(tr("Saved %n rule(s) to %1.", "", m_controller->ruleCount())
                   .arg(QDir::toNativeSeparators(path)),
               false);
    return true;
}

void RulesEditor::chooseImport(bool replace)
{
    const QString path = QFileDialog::getOpenFileName(
        this, replace ? tr("Replace the rules with a file") : tr("Add the rules of a file"),
        m_lastDirectory, tr("Rules (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    m_lastDirectory = QFileInfo(path).absolutePath();
    QSettings().setValue(QStringLiteral("rules/lastDirectory"), m_lastDirectory);
    importFrom(path, replace);
}

void RulesEditor::chooseExport()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Export rules"), m_lastDirectory,
                                                tr("Rules (*.json)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1String(".json");
    m_lastDirectory = QFileInfo(path).absolutePath();
    QSettings().setValue(QStringLiteral("rules/lastDirectory"), m_lastDirectory);
    exportTo(path);
}

void RulesEditor::showStatus(const QString &text, bool error)
{
    QPalette pal = m_status->palette();
    pal.setColor(QPalette::WindowText,
                 error ? Theme::errorText(palette()) : palette().color(QPalette::WindowText));
    m_status->setPalette(pal);
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

QString RulesEditor::statusText() const
{
    return m_status->isHidden() ? QString() : m_status->text();
}

void RulesEditor::updateButtons()
{
    const int row = currentRow();
    const bool selected = row >= 0;
    m_edit->setEnabled(selected);
    m_duplicate->setEnabled(selected);
    m_remove->setEnabled(selected);
    m_up->setEnabled(selected && row > 0);
    m_down->setEnabled(selected && row < m_controller->ruleCount() - 1);
    m_export->setEnabled(m_controller->ruleCount() > 0);
}

void RulesEditor::updateSummary()
{
    const QString framing = m_controller->framingSpec();
    const QString frames =
        framing.isEmpty() ? tr("each chunk received is a frame")
                          : tr("frames are cut by <code>%1</code>").arg(framing.toHtmlEscaped());
    m_summary->setText(
        tr("<b>%1 of %2 rules on.</b> Each frame received goes through the ticked rules from the "
           "top and the first that matches answers; rules for connections all fire when a peer "
           "connects. Here %3 (set in the traffic view's Frames field). A frame keeps its "
           "delimiter: a rule matches it with or without the delimiter, and echo and "
           "<code>{req:...}</code> get the exact bytes.")
            .arg(m_controller->enabledCount())
            .arg(m_controller->ruleCount())
            .arg(frames));
}

} // namespace sockeye
