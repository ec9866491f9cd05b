// MainWindow: moving between tabs and into the send box from the keyboard, and the question
// before quitting with live connections; the rest of the window is in mainwindow.cpp.
#include "app/mainwindow.h"

#include "session/sendcomposer.h"
#include "session/sessionmanager.h"
#include "session/sessionpanel.h"

#include <QAction>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>

namespace sockeye {

void MainWindow::addNavigationActions(QMenu *menu)
{
    const auto step = [this](int by) {
        if (m_tabs->count() > 1)
            m_tabs->setCurrentIndex((m_tabs->currentIndex() + by + m_tabs->count()) %
                                    m_tabs->count());
    };
    QAction *next = menu->addAction(tr("Next session"), this, [step] { step(1); });
    next->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_PageDown), QKeySequence(Qt::CTRL | Qt::Key_Tab)});
    QAction *previous = menu->addAction(tr("Previous session"), this, [step] { step(-1); });
    previous->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_PageUp),
                            QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab),
                            QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Tab)});
    QAction *sendBox = menu->addAction(tr("Go to the send box"), this, [this] {
        if (SessionPanel *panel = currentPanel()) {
            panel->composer()->editor()->setFocus(Qt::ShortcutFocusReason);
            panel->composer()->editor()->selectAll();
        }
    });
    sendBox->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    sendBox->setToolTip(tr("Type the next payload (Ctrl+K)"));
}

bool MainWindow::confirmQuit()
{
    int sessions = 0;
    int connections = 0;
    for (Session *session : m_manager->sessions()) {
        const int peers = session->kind() == SessionKind::Udp ? 0 : int(session->peers().size());
        sessions += peers > 0 ? 1 : 0;
        connections += peers;
    }
    if (connections == 0)
        return true;
    QMessageBox box(QMessageBox::Question, tr("Quit Sockeye"),
                    connections == 1
                        ? tr("One connection is still open. Quit and close it?")
                        : tr("%1 connections in %2 sessions are still open. Quit and close "
                             "them?")
                              .arg(connections)
                              .arg(sessions),
                    QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("quitQuestion"));
    QPushButton *quit = box.addButton(tr("&Quit"), QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(quit);
    box.exec();
    return box.clickedButton() == quit;
}

} // namespace sockeye
