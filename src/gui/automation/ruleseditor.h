#pragma once

#include <QDialog>

class QLabel;
class QPushButton;
class QTableView;
class QToolButton;

namespace sockeye {

class AutomationController;
class RuleDialog;
class RulesModel;

/**
 * The auto-reply rules of one session in a window of their own: the ordered list with each
 * rule's check box, match, reply, delay, target and live match count; add, edit (a RuleDialog),
 * duplicate, delete, move up/down or drag; import a rules file (replacing the list or adding to
 * it) and export one (the format sockeye-cli --rules reads). Problems with files are shown as
 * sentences in the window, never as a crash or a modal box.
 */
class RulesEditor : public QDialog
{
    Q_OBJECT
public:
    explicit RulesEditor(AutomationController *controller, QWidget *parent = nullptr);

    [[nodiscard]] AutomationController *controller() const { return m_controller; }
    [[nodiscard]] RulesModel *model() const { return m_model; }
    [[nodiscard]] QTableView *view() const { return m_view; }

    /// Opens the rule dialog for a new rule, added at insertionRow() on OK. Returns the open
    /// dialog (window-modal; it deletes itself when closed).
    RuleDialog *addRule();
    /// Opens the rule dialog on a rule; nullptr for a bad row.
    RuleDialog *editRule(int row);
    void duplicateRule(int row);
    void removeRule(int row);
    /// Moves the selected rule one place up (-1) or down (+1).
    void moveSelected(int step);
    [[nodiscard]] int currentRow() const;
    void selectRow(int row);

    /// Reads a rules file and replaces the list (or appends to it). False, with the sentence
    /// shown in the window, when the file cannot be read.
    bool importFrom(const QString &path, bool replace);
    bool exportTo(const QString &path);
    /// The sentence at the bottom of the window (result of the last import/export).
    [[nodiscard]] QString statusText() const;

    // For tests.
    [[nodiscard]] QPushButton *addButton() const { return m_add; }
    [[nodiscard]] QPushButton *upButton() const { return m_up; }
    [[nodiscard]] QPushButton *downButton() const { return m_down; }

private:
    /// Where a new rule goes: below the selected rule; with nothing selected, before the echo
    /// catch-all when there is one (so it gets a chance to answer), else at the end.
    [[nodiscard]] int insertionRow() const;
    void chooseImport(bool replace);
    void chooseExport();
    void showStatus(const QString &text, bool error);
    void updateButtons();
    void updateSummary();

    AutomationController *m_controller;
    RulesModel *m_model;
    QTableView *m_view;
    QLabel *m_summary;
    QLabel *m_status;
    QPushButton *m_add;
    QPushButton *m_edit;
    QPushButton *m_duplicate;
    QPushButton *m_remove;
    QPushButton *m_up;
    QPushButton *m_down;
    QToolButton *m_import;
    QPushButton *m_export;
    QPushButton *m_resetCounts;
    QString m_lastDirectory;
};

} // namespace sockeye
