#pragma once

#include <QAbstractTableModel>

namespace sockeye {

class AutomationController;
class ReplyRule;

/**
 * The rules of an AutomationController as a table: name (with the enabled check box), what
 * matches, the reply, delay, target and the live match count. Rows can be dragged to reorder
 * (the move goes to the controller, which owns the order).
 */
class RulesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, MatchColumn, ReplyColumn, DelayColumn, TargetColumn, CountColumn };
    static constexpr int ColumnCount = CountColumn + 1;
    static constexpr const char *MimeType = "application/x-sockeye-rule-row";

    explicit RulesModel(AutomationController *controller, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;
    [[nodiscard]] Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;

    [[nodiscard]] Qt::DropActions supportedDropActions() const override;
    [[nodiscard]] QStringList mimeTypes() const override;
    [[nodiscard]] QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

    /// "hex 01 03 ?? ??", "regex ^AT", "any frame", "on connect".
    [[nodiscard]] static QString matchText(const ReplyRule &rule);
    /// "hex:01 03 04 + CRC-16/MODBUS", "echo the frame".
    [[nodiscard]] static QString replyText(const ReplyRule &rule);

signals:
    /// A drag moved row `from` to `to` (after the controller moved it).
    void rowDragged(int from, int to);

private:
    AutomationController *m_controller;
};

} // namespace sockeye
