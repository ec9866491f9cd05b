#pragma once

#include <QMenu>

class QActionGroup;

namespace sockeye {

class MainWindow;

/**
 * View > Language: System / English / 简体中文. The choice is stored (Language::save()) and
 * applies the next time Sockeye starts, which the menu says; `--lang` overrides it for one run.
 */
class LanguageMenu : public QMenu
{
    Q_OBJECT
public:
    explicit LanguageMenu(QWidget *parent = nullptr);

    /// Adds the menu at the end of the window's View menu; the window's status bar confirms a
    /// change.
    static LanguageMenu *addTo(MainWindow *window);

signals:
    /// The user picked another language ("" = the system's); `message` says when it applies.
    void languageChosen(const QString &code, const QString &message);

private:
    QActionGroup *m_group;
};

} // namespace sockeye
