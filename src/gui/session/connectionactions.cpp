// SessionPanel: how it closes its connections (FIN, RST, half-close) and tunes their socket
// options; the rest of the panel is in sessionpanel.cpp.
#include "models/connectionlistmodel.h"
#include "session/connectiondetails.h"
#include "session/sessionpanel.h"
#include "session/socketoptionsdialog.h"
#include "widgets/icons.h"

#include <QAction>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QMenu>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>

namespace sockeye {

void SessionPanel::closeClient(Session::CloseMode mode)
{
    m_session->disconnectAll(mode); // a client's one connection
}

void SessionPanel::buildClientDetails()
{
    m_details = new ConnectionDetails(m_session, this);
    m_details->followOnlyPeer();
    m_details->setContentsMargins(0, 0, 6, 0);
    m_horizontal->addWidget(m_details);
    // Remembered for every client session: whoever wants the figures wants them each time.
    const QString key = QStringLiteral("view/clientDetails");
    const bool shown = QSettings().value(key, false).toBool();
    m_details->setVisible(shown);
    m_detailsButton->setChecked(shown);
    connect(m_detailsButton, &QToolButton::toggled, this, [this, key](bool on) {
        m_details->setVisible(on);
        QSettings().setValue(key, on);
    });
}

void SessionPanel::setUpConnectionColumns()
{
    QHeaderView *header = m_connectionView->horizontalHeader();
    const QString key = QStringLiteral("view/connectionColumns/%1")
                            .arg(m_session->kind() == SessionKind::Udp ? QStringLiteral("udp")
                                                                       : QStringLiteral("tcp"));
    const QStringList hidden = QSettings().value(key).toStringList();
    for (int column = 1; column < ConnectionListModel::ColumnCount; ++column) {
        if (hidden.contains(QString::number(column)))
            m_connectionView->setColumnHidden(column, true);
    }
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    header->setToolTip(tr("Right-click to choose the columns"));
    connect(header, &QWidget::customContextMenuRequested, this,
            [this, header, key](const QPoint &pos) {
                QMenu menu(this);
                // The peer is always shown; UDP has no round-trip time.
                const int last = m_session->kind() == SessionKind::Udp
                                     ? ConnectionListModel::RttColumn
                                     : ConnectionListModel::ColumnCount;
                for (int column = 1; column < last; ++column) {
                    QAction *action = menu.addAction(
                        m_connectionModel->headerData(column, Qt::Horizontal).toString());
                    action->setCheckable(true);
                    action->setChecked(!m_connectionView->isColumnHidden(column));
                    connect(action, &QAction::toggled, this, [this, column, key](bool on) {
                        m_connectionView->setColumnHidden(column, !on);
                        QStringList hiddenNow;
                        for (int c = 1; c < ConnectionListModel::ColumnCount; ++c) {
                            if (m_connectionView->isColumnHidden(c) &&
                                !(c == ConnectionListModel::RttColumn &&
                                  m_session->kind() == SessionKind::Udp))
                                hiddenNow << QString::number(c);
                        }
                        QSettings().setValue(key, hiddenNow);
                    });
                }
                menu.exec(header->viewport()->mapToGlobal(pos));
            });
}

void SessionPanel::editSocketOptions()
{
    SocketOptionsDialog dialog(m_session->config(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_session->setConfig(dialog.config());
    emit configChanged();
}

QList<PeerId> SessionPanel::selectedPeers() const
{
    QList<PeerId> ids; // first, all: closing one changes the rows
    if (m_connectionView) {
        for (const QModelIndex &index : m_connectionView->selectionModel()->selectedRows())
            ids << m_connectionModel->peerAt(index.row());
    }
    return ids;
}

void SessionPanel::disconnectSelected(Session::CloseMode mode)
{
    if (!m_connectionView)
        return;
    for (PeerId id : selectedPeers())
        m_session->disconnectPeer(id, mode);
}

void SessionPanel::disconnectAll()
{
    m_session->disconnectAll();
}

void SessionPanel::addConnectionShortcuts()
{
    if (m_session->kind() != SessionKind::TcpServer)
        return;
    // Delete in the list disconnects the selected clients (FIN), as the menu's first entry does.
    auto *kick = new QAction(tr("Disconnect the selected clients"), m_connectionView);
    kick->setShortcut(QKeySequence::Delete);
    kick->setShortcutContext(Qt::WidgetShortcut);
    connect(kick, &QAction::triggered, this,
            [this] { disconnectSelected(Session::CloseMode::Fin); });
    m_connectionView->addAction(kick);
}

void SessionPanel::showConnectionMenu(const QPoint &pos)
{
    if (m_session->kind() != SessionKind::TcpServer)
        return;
    QMenu menu(this);
    const int selected = int(m_connectionView->selectionModel()->selectedRows().size());
    QAction *one = menu.addAction(Icons::icon(Icons::Disconnect),
                                  tr("Disconnect %n selected (FIN)", "", selected), this,
                                  [this] { disconnectSelected(Session::CloseMode::Fin); });
    one->setShortcut(QKeySequence::Delete); // shown: the list's own Delete does the same
    QAction *reset = menu.addAction(tr("Reset %n selected (RST)", "", selected), this,
                                    [this] { disconnectSelected(Session::CloseMode::Reset); });
    QAction *half =
        menu.addAction(tr("Half-close %n selected (send FIN, keep receiving)", "", selected), this,
                       [this] { disconnectSelected(Session::CloseMode::HalfClose); });
    QAction *counters =
        menu.addAction(tr("Reset the counters of %n selected", "", selected), this, [this] {
            for (PeerId peer : selectedPeers())
                m_session->resetCounters(peer);
        });
    for (QAction *action : {one, reset, half, counters})
        action->setEnabled(selected > 0);
    menu.addSeparator();
    QAction *all = menu.addAction(tr("Disconnect all"), this, [this] { disconnectAll(); });
    all->setEnabled(m_connectionModel->rowCount() > 0);
    menu.exec(m_connectionView->viewport()->mapToGlobal(pos));
}

} // namespace sockeye
