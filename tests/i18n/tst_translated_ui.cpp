#include "app/languagemenu.h"
#include "app/mainwindow.h"
#include "i18n/language.h"
#include "privatesettings.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace sockeye;

/**
 * The main window in Simplified Chinese, with a session of each kind: every text a user can read
 * (menus, actions, buttons, labels, tooltips, placeholders, combo items, headers) is Chinese or
 * a name that stays as it is (TCP, UTF-8, CRC-16/MODBUS, 127.0.0.1...). This catches strings that
 * never went through tr(); tst_translations_complete catches tr() strings with no translation.
 */
class tst_TranslatedUi : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void everyTextIsChinese();
    void englishStaysEnglish();
    void cleanupTestCase();

private:
    QStringList untranslated(QWidget *root) const;
    QTemporaryDir m_settingsDir;
};

namespace {
bool hasCjk(const QString &text)
{
    for (const QChar c : text) {
        const ushort u = c.unicode();
        if ((u >= 0x4e00 && u <= 0x9fff) || (u >= 0x3000 && u <= 0x303f) ||
            (u >= 0xff00 && u <= 0xffef))
            return true;
    }
    return false;
}

// Words that stay in English in the Chinese UI: names, keys, payload syntax.
bool allowedWord(const QString &word)
{
    static const QStringList words{
        QStringLiteral("Sockeye"), QStringLiteral("sockeye"), QStringLiteral("Latin"),
        QStringLiteral("Shift"),   QStringLiteral("Ctrl"),    QStringLiteral("Alt"),
        QStringLiteral("Enter"),   QStringLiteral("Modbus"),  QStringLiteral("Big"),
        QStringLiteral("Windows"), QStringLiteral("English"), QStringLiteral("text"),
        QStringLiteral("hex"),     QStringLiteral("lit"),     QStringLiteral("delim"),
        QStringLiteral("idle"),    QStringLiteral("fixed"),   QStringLiteral("prefix"),
        QStringLiteral("max"),     QStringLiteral("keep"),    QStringLiteral("strip"),
        QStringLiteral("offset"),  QStringLiteral("adjust"),  QStringLiteral("seq"),
        QStringLiteral("time"),    QStringLiteral("rand"),    QStringLiteral("req"),
        QStringLiteral("iso"),     QStringLiteral("unix"),    QStringLiteral("localhost"),
        QStringLiteral("any"),     QStringLiteral("json"),    QStringLiteral("cli"),
    };
    return words.contains(word);
}

// A text with no Chinese at all and an English word a translator should have seen.
bool looksUntranslated(QString text)
{
    text.remove(QRegularExpression(QStringLiteral("<[^>]*>"))); // rich text tags
    text.remove(QLatin1Char('&'));
    if (text.trimmed().isEmpty() || hasCjk(text))
        return false;
    static const QRegularExpression word(QStringLiteral("[A-Za-z][a-z]{2,}"));
    for (auto it = word.globalMatch(text); it.hasNext();) {
        if (!allowedWord(it.next().captured()))
            return true;
    }
    return false;
}

QString describe(const QObject *object)
{
    QString path;
    for (const QObject *o = object; o; o = o->parent()) {
        const QString name = o->objectName().isEmpty()
                                 ? QString::fromLatin1(o->metaObject()->className())
                                 : o->objectName();
        path = path.isEmpty() ? name : name + QLatin1Char('/') + path;
    }
    return path;
}
} // namespace

void tst_TranslatedUi::initTestCase()
{
    sockeye::test::usePrivateSettings(m_settingsDir.path());
}

QStringList tst_TranslatedUi::untranslated(QWidget *root) const
{
    QStringList found;
    const auto check = [&found](const QObject *where, const QString &what, const QString &text) {
        if (looksUntranslated(text))
            found << QStringLiteral("%1 %2: \"%3\"").arg(describe(where), what, text);
    };
    QList<QObject *> objects{root};
    objects += root->findChildren<QObject *>();
    for (QObject *object : std::as_const(objects)) {
        if (auto *action = qobject_cast<QAction *>(object)) {
            if (action->isSeparator())
                continue;
            check(action, QStringLiteral("text"), action->text());
            if (action->toolTip() != action->text() &&
                action->toolTip() != QString(action->text()).remove(QLatin1Char('&')))
                check(action, QStringLiteral("toolTip"), action->toolTip());
            check(action, QStringLiteral("statusTip"), action->statusTip());
            continue;
        }
        auto *widget = qobject_cast<QWidget *>(object);
        if (!widget)
            continue;
        check(widget, QStringLiteral("toolTip"), widget->toolTip());
        check(widget, QStringLiteral("whatsThis"), widget->whatsThis());
        if (widget->isWindow() || qobject_cast<QDockWidget *>(widget))
            check(widget, QStringLiteral("windowTitle"), widget->windowTitle());
        if (auto *menu = qobject_cast<QMenu *>(widget))
            check(menu, QStringLiteral("title"), menu->title());
        if (auto *button = qobject_cast<QAbstractButton *>(widget))
            check(button, QStringLiteral("text"), button->text());
        if (auto *label = qobject_cast<QLabel *>(widget))
            check(label, QStringLiteral("text"), label->text());
        if (auto *box = qobject_cast<QGroupBox *>(widget))
            check(box, QStringLiteral("title"), box->title());
        if (auto *edit = qobject_cast<QLineEdit *>(widget))
            check(edit, QStringLiteral("placeholderText"), edit->placeholderText());
        if (auto *edit = qobject_cast<QPlainTextEdit *>(widget))
            check(edit, QStringLiteral("placeholderText"), edit->placeholderText());
        if (auto *spin = qobject_cast<QSpinBox *>(widget)) {
            check(spin, QStringLiteral("prefix"), spin->prefix());
            check(spin, QStringLiteral("suffix"), spin->suffix());
            check(spin, QStringLiteral("specialValueText"), spin->specialValueText());
        }
        if (auto *combo = qobject_cast<QComboBox *>(widget)) {
            for (int i = 0; i < combo->count(); ++i) {
                check(combo, QStringLiteral("item %1").arg(i), combo->itemText(i));
                check(combo, QStringLiteral("item %1 toolTip").arg(i),
                      combo->itemData(i, Qt::ToolTipRole).toString());
            }
        }
        if (auto *tabs = qobject_cast<QTabWidget *>(widget)) {
            for (int i = 0; i < tabs->count(); ++i) {
                check(tabs, QStringLiteral("tab %1").arg(i), tabs->tabText(i));
                check(tabs, QStringLiteral("tab %1 toolTip").arg(i), tabs->tabToolTip(i));
            }
        }
        if (auto *view = qobject_cast<QAbstractItemView *>(widget)) {
            if (QAbstractItemModel *model = view->model()) {
                for (int c = 0; c < model->columnCount(); ++c)
                    check(view, QStringLiteral("header %1").arg(c),
                          model->headerData(c, Qt::Horizontal).toString());
            }
        }
    }
    found.removeDuplicates();
    return found;
}

void tst_TranslatedUi::everyTextIsChinese()
{
    QCOMPARE(Language::install(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
    MainWindow window(false);
    LanguageMenu::addTo(&window);
    window.addSession(window.defaultConfig(SessionKind::TcpServer));
    window.addSession(window.defaultConfig(SessionKind::TcpClient));
    window.addSession(window.defaultConfig(SessionKind::Udp));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QStringList found;
    for (int i = 0; i < window.tabs()->count(); ++i) {
        window.tabs()->setCurrentIndex(i);
        QCoreApplication::processEvents();
        found += untranslated(&window);
    }
    found.removeDuplicates();
    if (!found.isEmpty()) {
        qWarning().noquote() << QStringLiteral("Texts that look untranslated (wrap them in tr(), "
                                               "run the update_translations target and translate "
                                               "them):\n  ") +
                                    found.join(QStringLiteral("\n  "));
    }
    QVERIFY2(found.isEmpty(),
             qPrintable(QStringLiteral("%1 untranslated text(s)").arg(found.size())));
    QCOMPARE(window.menuBar()->actions().constFirst()->text(), QStringLiteral("文件(&F)"));
}

void tst_TranslatedUi::englishStaysEnglish()
{
    QCOMPARE(Language::install(QStringLiteral("en")), QStringLiteral("en"));
    MainWindow window(false);
    LanguageMenu::addTo(&window);
    QCOMPARE(window.menuBar()->actions().constFirst()->text(), QStringLiteral("&File"));
    QMenu *language = window.findChild<QMenu *>(QStringLiteral("languageMenu"));
    QVERIFY(language);
    QStringList texts;
    for (QAction *action : language->actions())
        texts << action->text();
    QVERIFY2(texts.contains(QStringLiteral("简体中文")), qPrintable(texts.join(QLatin1Char('|'))));
    QVERIFY(texts.contains(QStringLiteral("English")));
}

void tst_TranslatedUi::cleanupTestCase()
{
    Language::install(QStringLiteral("en"));
}

QTEST_MAIN(tst_TranslatedUi)
#include "tst_translated_ui.moc"
