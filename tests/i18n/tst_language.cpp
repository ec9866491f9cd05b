#include "i18n/language.h"
#include "session/session.h"
#include "session/sessionerror.h"

#include <QLibraryInfo>
#include <QLocale>
#include <QTest>

using namespace sockeye;

/// Language codes, --lang, and that installing a language really translates the core's sentences.
class tst_Language : public QObject
{
    Q_OBJECT
private slots:
    void normalize_data();
    void normalize();
    void fromArguments_data();
    void fromArguments();
    void chineseTranslatesTheCore();
    void englishInstallsNothing();
    void qtOwnTranslations();
    void unknownLanguageSaysSo();
    void cleanupTestCase();
};

void tst_Language::normalize_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("known");
    QTest::newRow("empty") << QString() << QString() << true;
    QTest::newRow("system") << QStringLiteral("system") << QString() << true;
    QTest::newRow("en") << QStringLiteral("en") << QStringLiteral("en") << true;
    QTest::newRow("en_US.UTF-8") << QStringLiteral("en_US.UTF-8") << QStringLiteral("en") << true;
    QTest::newRow("C") << QStringLiteral("C") << QStringLiteral("en") << true;
    QTest::newRow("zh_CN") << QStringLiteral("zh_CN") << QStringLiteral("zh_CN") << true;
    QTest::newRow("zh-CN") << QStringLiteral("zh-CN") << QStringLiteral("zh_CN") << true;
    QTest::newRow("zh_CN.UTF-8") << QStringLiteral("zh_CN.UTF-8") << QStringLiteral("zh_CN")
                                 << true;
    QTest::newRow("zh") << QStringLiteral("zh") << QStringLiteral("zh_CN") << true;
    QTest::newRow("zh_TW") << QStringLiteral("zh_TW") << QString() << false;
    QTest::newRow("fr") << QStringLiteral("fr") << QString() << false;
}

void tst_Language::normalize()
{
    QFETCH(QString, code);
    QFETCH(QString, expected);
    QFETCH(bool, known);
    bool ok = !known;
    QCOMPARE(Language::normalize(code, &ok), expected);
    QCOMPARE(ok, known);
}

void tst_Language::fromArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");
    const QString app = QStringLiteral("sockeye");
    QTest::newRow("none") << QStringList{app, QStringLiteral("--udp"), QStringLiteral("7000")}
                          << QString();
    QTest::newRow("separate") << QStringList{app, QStringLiteral("--lang"), QStringLiteral("zh_CN")}
                              << QStringLiteral("zh_CN");
    QTest::newRow("equals") << QStringList{app, QStringLiteral("--tcp-server"),
                                           QStringLiteral("7000"), QStringLiteral("--lang=en")}
                            << QStringLiteral("en");
    QTest::newRow("single dash") << QStringList{app, QStringLiteral("-lang"), QStringLiteral("en")}
                                 << QStringLiteral("en");
    QTest::newRow("after --") << QStringList{app, QStringLiteral("--"), QStringLiteral("--lang"),
                                             QStringLiteral("en")}
                              << QString();
    QTest::newRow("missing value") << QStringList{app, QStringLiteral("--lang")} << QString();
}

void tst_Language::fromArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    QCOMPARE(Language::fromArguments(arguments), expected);
}

void tst_Language::chineseTranslatesTheCore()
{
    QCOMPARE(Language::install(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
    QCOMPARE(Language::current(), QStringLiteral("zh_CN"));
    const QString sentence =
        describeError(SessionError::PortInUse, QStringLiteral("listen on 0.0.0.0:7000"));
    QVERIFY2(sentence.startsWith(QStringLiteral("无法")), qPrintable(sentence));
    QVERIFY2(sentence.contains(QStringLiteral("端口已被")), qPrintable(sentence));
    QCOMPARE(Session::tr("Connected"), QStringLiteral("已连接"));
}

void tst_Language::englishInstallsNothing()
{
    QCOMPARE(Language::install(QStringLiteral("en")), QStringLiteral("en"));
    QCOMPARE(describeError(SessionError::ConnectionRefused, QStringLiteral("connect to x:1")),
             QStringLiteral("Cannot connect to x:1: the connection was refused: the host "
                            "answered with a reset, so nothing listens on that port or a "
                            "firewall rejects it. Check that the server is running, on that "
                            "port."));
}

void tst_Language::qtOwnTranslations()
{
    const QString dir = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
    if (!QFile::exists(dir + QStringLiteral("/qtbase_zh_CN.qm")))
        QSKIP("qtbase_zh_CN.qm is not installed (Debian: qt6-translations-l10n)");
    const char *source = "Displays help on commandline options.";
    Language::install(QStringLiteral("zh_CN"));
    QVERIFY(QCoreApplication::translate("QCommandLineParser", source) != QLatin1String(source));
    Language::install(QStringLiteral("en"));
    QCOMPARE(QCoreApplication::translate("QCommandLineParser", source), QLatin1String(source));
}

void tst_Language::unknownLanguageSaysSo()
{
    QString error;
    Language::install(QStringLiteral("xx_YY"), &error);
    QVERIFY(error.contains(QLatin1String("xx_YY")));
    QVERIFY(Language::available().contains(Language::current()));
}

void tst_Language::cleanupTestCase()
{
    Language::install(QStringLiteral("en"));
}

QTEST_GUILESS_MAIN(tst_Language)
#include "tst_language.moc"
