// SessionPanel: how it closes its connections (FIN, RST, half-close) and tunes their socket
// options; the rest of the panel is in sessionpanel.cpp.
#include "models/connectionlistmodel.h"
#include "session/sessionpanel.h"
#include "session/socketoptionsdialog.h"
#include "widgets/icons.h"

#include <QItemSelectionModel>
#include <QMenu>
#include <QTableView>

namespace sockeye {

void SessionPanel::closeClient(Session::CloseMode mode)
{
    m_session->disconnectAll(mode); // a client's one connection
}

void SessionPanel::editSocketOptions()
{
    SocketOptionsDialog dialog(m_session->config(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_session->setConfig(dialog.config());
    emit configChanged();
}

void SessionPanel::disconnectSelected(Session::CloseMode mode)
{
    if (!m_connectionView)
        return;
    QList<PeerId> ids;
    for (const QModelIndex &index : m_connectionView->selectionModel()->selectedRows())
        ids << m_connectionModel->peerAt(index.row());
    for (PeerId id : ids)
        m_session->disconnectPeer(id, mode);
}

void SessionPanel::disconnectAll()
{
    m_session->disconnectAll();
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
    QAction *reset = menu.addAction(tr("Reset %n selected (RST)", "", selected), this,
                                    [this] { disconnectSelected(Session::CloseMode::Reset); });
    QAction *half =
        menu.addAction(tr("Half-close %n selected (send FIN, keep receiving)", "", selected), this,
                       [this] { disconnectSelected(Session::CloseMode::HalfClose); });
    for (QAction *action : {one, reset, half})
        action->setEnabled(selected > 0);
    menu.addSeparator();
    QAction *all = menu.addAction(tr("Disconnect all"), this, [this] { disconnectAll(); });
    all->setEnabled(m_connectionModel->rowCount() > 0);
    menu.exec(m_connectionView->viewport()->mapToGlobal(pos));
}

} // namespace sockeye
