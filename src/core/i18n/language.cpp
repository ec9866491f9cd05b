#include "language.h"

#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QSettings>
#include <QTranslator>

#include <cstdio>

namespace sockeye {

namespace {
QList<QPointer<QTranslator>> &installed()
{
    static QList<QPointer<QTranslator>> translators;
    return translators;
}

QString &currentCode()
{
    static QString code = QStringLiteral("en");
    return code;
}

void removeInstalled()
{
    for (const QPointer<QTranslator> &translator : installed()) {
        if (translator) {
            QCoreApplication::removeTranslator(translator);
            delete translator;
        }
    }
    installed().clear();
}

// Loads `file` (e.g. "qtbase_zh_CN") from `directory` and installs it; false when absent.
bool installFile(const QString &file, const QString &directory)
{
    auto *translator = new QTranslator(QCoreApplication::instance());
    if (!translator->load(file, directory)) {
        delete translator;
        return false;
    }
    QCoreApplication::installTranslator(translator);
    installed() << translator;
    return true;
}
} // namespace

QStringList Language::available()
{
    return {QStringLiteral("en"), QStringLiteral("zh_CN")};
}

QString Language::nativeName(const QString &code)
{
    if (code == QLatin1String("zh_CN"))
        return QStringLiteral("简体中文");
    if (code == QLatin1String("en"))
        return QStringLiteral("English");
    return code;
}

QString Language::fromArguments(const QStringList &arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &a = arguments.at(i);
        if (a == QLatin1String("--"))
            break;
        if ((a == QLatin1String("--lang") || a == QLatin1String("-lang")) &&
            i + 1 < arguments.size())
            return arguments.at(i + 1);
        for (const QLatin1String prefix : {QLatin1String("--lang="), QLatin1String("-lang=")}) {
            if (a.startsWith(prefix))
                return a.mid(prefix.size());
        }
    }
    return {};
}

QString Language::normalize(const QString &code, bool *known)
{
    QString c = code.trimmed();
    c = c.left(c.indexOf(QLatin1Char('.'))); // drop ".UTF-8"
    c.replace(QLatin1Char('-'), QLatin1Char('_'));
    const QString lower = c.toLower();
    QString result;
    bool ok = true;
    if (lower.isEmpty() || lower == QLatin1String("system"))
        result.clear();
    else if (lower == QLatin1String("en") || lower.startsWith(QLatin1String("en_")) ||
             lower == QLatin1String("c") || lower == QLatin1String("posix"))
        result = QStringLiteral("en");
    else if (lower == QLatin1String("zh") || lower == QLatin1String("zh_cn") ||
             lower == QLatin1String("zh_hans") || lower == QLatin1String("zh_hans_cn") ||
             lower == QLatin1String("zh_sg"))
        result = QStringLiteral("zh_CN");
    else
        ok = false;
    if (known)
        *known = ok;
    return result;
}

QString Language::systemLanguage()
{
    // uiLanguages() lists the user's preferences in order, e.g. "zh-Hans-CN", "zh-CN", "zh".
    for (const QString &name : QLocale::system().uiLanguages()) {
        const QLocale locale(name);
        if (locale.language() == QLocale::English)
            return QStringLiteral("en");
        if (locale.language() == QLocale::Chinese &&
            locale.script() != QLocale::TraditionalChineseScript &&
            locale.territory() != QLocale::Taiwan && locale.territory() != QLocale::HongKong &&
            locale.territory() != QLocale::Macao)
            return QStringLiteral("zh_CN");
    }
    return QStringLiteral("en");
}

QString Language::install(const QString &code, QString *error)
{
    bool known = true;
    QString language = normalize(code, &known);
    if (language.isEmpty())
        language = systemLanguage();

    removeInstalled();
    if (language != QLatin1String("en")) {
        installFile(QStringLiteral("sockeye_") + language, QStringLiteral(":/i18n"));
        // Qt's own strings (standard dialogs, QCommandLineParser's --help), when installed.
        installFile(QStringLiteral("qtbase_") + language,
                    QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    }
    // Forcing a language also sets the locale used for numbers and dates in messages.
    if (!code.trimmed().isEmpty() && known)
        QLocale::setDefault(QLocale(language));
    currentCode() = language;
    if (!known && error) { // in the language now installed
        *error = tr("There is no translation for \"%1\"; the languages are %2. Using the system "
                    "language.")
                     .arg(code, available().join(QStringLiteral(", ")));
    }
    return language;
}

QString Language::current()
{
    return currentCode();
}

QString Language::saved()
{
    return normalize(QSettings().value(QStringLiteral("ui/language")).toString());
}

void Language::save(const QString &code)
{
    QSettings().setValue(QStringLiteral("ui/language"), normalize(code));
}

QString Language::setUp(const QStringList &arguments, const QString &saved)
{
    const QString requested = fromArguments(arguments);
    QString error;
    const QString language = install(requested.isEmpty() ? saved : requested, &error);
    if (!error.isEmpty())
        std::fprintf(stderr, "%s\n", qPrintable(error));
    return language;
}

} // namespace sockeye
