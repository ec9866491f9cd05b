#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace sockeye {

/**
 * The language of the user interface, shared by both faces: Sockeye's own translations
 * (embedded at :/i18n/sockeye_<lang>.qm) and Qt's (qtbase_<lang>.qm from Qt's translations
 * directory, when installed). Source strings are English; "en" installs no translator.
 *
 * A language is a code: "" or "system" (follow the system locale), "en", "zh_CN".
 */
class Language
{
    Q_DECLARE_TR_FUNCTIONS(Language)

public:
    /// The codes with a translation, "en" first.
    [[nodiscard]] static QStringList available();
    /// What a user picks in a menu: "English", "简体中文" (in that language, never translated).
    [[nodiscard]] static QString nativeName(const QString &code);
    /// The value of "--lang CODE", "--lang=CODE" (or "-lang") in argv, or "" when absent.
    [[nodiscard]] static QString fromArguments(const QStringList &arguments);
    /// "zh-CN", "zh_CN.UTF-8", "ZH_cn" -> "zh_CN"; "", "system" -> ""; unknown codes ->
    /// nullopt-like empty string with `*known` false.
    [[nodiscard]] static QString normalize(const QString &code, bool *known = nullptr);
    /// The language the system locale asks for, among the available ones ("en" when none fits).
    [[nodiscard]] static QString systemLanguage();

    /**
     * Installs the translators on the application for `code` ("" follows the system locale) and
     * returns the language in effect. An unknown code falls back to the system language and
     * sets `*error` to a sentence saying so.
     */
    static QString install(const QString &code, QString *error = nullptr);
    /// The language installed last ("en" before any install()).
    [[nodiscard]] static QString current();

    /// The language chosen in the GUI's settings (QSettings "ui/language"): "", "en", "zh_CN".
    [[nodiscard]] static QString saved();
    static void save(const QString &code);

    /**
     * What both mains call first: --lang from `arguments` wins over `saved` (the GUI's setting);
     * an unknown code is reported on stderr and the system language is used.
     */
    static QString setUp(const QStringList &arguments, const QString &saved = QString());
};

} // namespace sockeye
