#include "automation/rulesmodel.h"

#include "automation/automationcontroller.h"
#include "automation/replyrule.h"

#include <QFontDatabase>
#include <QGuiApplication>
#include <QMimeData>
#include <QPalette>

namespace sockeye {

RulesModel::RulesModel(AutomationController *controller, QObject *parent)
    : QAbstractTableModel(parent)
    , m_controller(controller)
{
    int rows = controller->ruleCount();
    connect(controller, &AutomationController::rulesChanged, this, [this, rows]() mutable {
        // Same number of rows (an edit, a toggle, a move): repaint and keep the selection.
        // Otherwise start afresh; a rule list is short.
        if (m_controller->ruleCount() == rows) {
            if (rows > 0)
                emit dataChanged(index(0, 0), index(rows - 1, ColumnCount - 1));
            return;
        }
        beginResetModel();
        rows = m_controller->ruleCount();
        endResetModel();
    });
    connect(controller, &AutomationController::matchCountChanged, this, [this](int row) {
        if (row < rowCount())
            emit dataChanged(index(row, CountColumn), index(row, CountColumn), {Qt::DisplayRole});
    });
}

int RulesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_controller->ruleCount();
}

int RulesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RulesModel::matchText(const ReplyRule &rule)
{
    if (rule.trigger == ReplyRule::Trigger::Connect)
        return tr("a peer connects");
    switch (rule.matchKind) {
    case ReplyRule::MatchKind::Any:
        return tr("any frame");
    case ReplyRule::MatchKind::Exact:
        return tr("equals %1").arg(rule.pattern);
    case ReplyRule::MatchKind::Prefix:
        return tr("starts with %1").arg(rule.pattern);
    case ReplyRule::MatchKind::Contains:
        return tr("contains %1").arg(rule.pattern);
    case ReplyRule::MatchKind::Regex:
        return tr("regex %1").arg(rule.pattern);
    case ReplyRule::MatchKind::HexPattern:
        return tr("hex %1").arg(rule.pattern);
    }
    return {};
}

QString RulesModel::replyText(const ReplyRule &rule)
{
    if (rule.action == ReplyRule::Action::Echo)
        return tr("echo the frame");
    QString text = rule.reply.toSyntax();
    if (rule.reply.checksum().algorithm() != Checksum::Algorithm::None)
        text = tr("%1 + %2").arg(text, Checksum::displayName(rule.reply.checksum().algorithm()));
    switch (rule.reply.lineEnding()) {
    case PayloadSpec::LineEnding::None:
        break;
    case PayloadSpec::LineEnding::Cr:
        text = tr("%1 + CR").arg(text);
        break;
    case PayloadSpec::LineEnding::Lf:
        text = tr("%1 + LF").arg(text);
        break;
    case PayloadSpec::LineEnding::CrLf:
        text = tr("%1 + CR LF").arg(text);
        break;
    }
    return text;
}

QVariant RulesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const ReplyRule &rule = m_controller->rules().at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case NameColumn:
            return rule.name.isEmpty() ? tr("(unnamed)") : rule.name;
        case MatchColumn:
            return matchText(rule);
        case ReplyColumn:
            return replyText(rule);
        case DelayColumn:
            return rule.delayMs > 0 ? tr("%1 ms").arg(rule.delayMs) : tr("at once");
        case TargetColumn:
            return rule.target == ReplyRule::Target::AllPeers ? tr("every peer") : tr("sender");
        case CountColumn:
            return m_controller->matchCount(index.row());
        }
        break;
    case Qt::CheckStateRole:
        if (index.column() == NameColumn)
            return rule.enabled ? Qt::Checked : Qt::Unchecked;
        break;
    case Qt::ToolTipRole:
        if (index.column() == NameColumn)
            return rule.enabled ? tr("On: untick to keep the rule without using it")
                                : tr("Off: tick to use the rule");
        if (index.column() == MatchColumn || index.column() == ReplyColumn)
            return data(index, Qt::DisplayRole);
        if (index.column() == CountColumn)
            return tr("How many frames this rule answered (or connections it greeted)");
        break;
    case Qt::FontRole:
        if (index.column() == MatchColumn || index.column() == ReplyColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        break;
    case Qt::ForegroundRole:
        if (!rule.enabled)
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == CountColumn || index.column() == DelayColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default:
        break;
    }
    return {};
}

QVariant RulesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case NameColumn:
        return tr("Rule");
    case MatchColumn:
        return tr("When");
    case ReplyColumn:
        return tr("Reply");
    case DelayColumn:
        return tr("Delay");
    case TargetColumn:
        return tr("To");
    case CountColumn:
        return tr("Matches");
    }
    return {};
}

Qt::ItemFlags RulesModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled;
    if (index.column() == NameColumn)
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

bool RulesModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.column() != NameColumn || role != Qt::CheckStateRole)
        return false;
    m_controller->setRuleEnabled(index.row(),
                                 Qt::CheckState(value.toInt()) == Qt::CheckState::Checked);
    return true;
}

Qt::DropActions RulesModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

QStringList RulesModel::mimeTypes() const
{
    return {QLatin1String(MimeType)};
}

QMimeData *RulesModel::mimeData(const QModelIndexList &indexes) const
{
    if (indexes.isEmpty())
        return nullptr;
    auto *mime = new QMimeData;
    mime->setData(QLatin1String(MimeType), QByteArray::number(indexes.first().row()));
    return mime;
}

bool RulesModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                              const QModelIndex &parent)
{
    Q_UNUSED(column)
    if (action != Qt::MoveAction || !data || !data->hasFormat(QLatin1String(MimeType)))
        return false;
    bool ok = false;
    const int from = data->data(QLatin1String(MimeType)).toInt(&ok);
    if (!ok || from < 0 || from >= rowCount())
        return false;
    // Dropped between rows: `row` is where it goes; on a row: before that row; below the
    // last row: at the end.
    const int before = row >= 0 ? row : (parent.isValid() ? parent.row() : rowCount());
    const int to = before > from ? before - 1 : before;
    if (to != from) {
        m_controller->moveRule(from, to);
        emit rowDragged(from, to);
    }
    // The move is done; returning false keeps the view from also removing the source row,
    // which it does after an accepted internal move.
    return false;
}

} // namespace sockeye
