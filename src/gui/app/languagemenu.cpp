#include "app/languagemenu.h"

#include "app/mainwindow.h"
#include "i18n/language.h"

#include <QActionGroup>
#include <QMenuBar>

namespace sockeye {

LanguageMenu::LanguageMenu(QWidget *parent)
    : QMenu(tr("&Language"), parent)
    , m_group(new QActionGroup(this))
{
    setObjectName(QStringLiteral("languageMenu"));
    const QString saved = Language::saved();
    QStringList codes{QString()};
    codes << Language::available();
    for (const QString &code : std::as_const(codes)) {
        // Language names stay in their own language, so anyone can find theirs.
        const QString text =
            code.isEmpty() ? tr("System (%1)").arg(Language::nativeName(Language::systemLanguage()))
                           : Language::nativeName(code);
        QAction *action = addAction(text);
        action->setCheckable(true);
        action->setChecked(code == saved);
        action->setData(code);
        m_group->addAction(action);
    }
    addSeparator();
    QAction *note = addAction(tr("Takes effect when Sockeye is restarted"));
    note->setEnabled(false);

    connect(m_group, &QActionGroup::triggered, this, [this](QAction *action) {
        const QString code = action->data().toString();
        if (code == Language::saved())
            return;
        Language::save(code);
        const QString name =
            code.isEmpty() ? tr("the system language") : Language::nativeName(code);
        emit languageChosen(code, tr("Sockeye will use %1 the next time it starts.").arg(name));
    });
}

LanguageMenu *LanguageMenu::addTo(MainWindow *window)
{
    auto *menu = new LanguageMenu(window);
    connect(menu, &LanguageMenu::languageChosen, window,
            [window](const QString &, const QString &message) { window->showStatus(message); });
    if (auto *view = window->menuBar()->findChild<QMenu *>(QStringLiteral("viewMenu"))) {
        view->addSeparator();
        view->addMenu(menu);
    } else {
        window->menuBar()->addMenu(menu);
    }
    return menu;
}

} // namespace sockeye
