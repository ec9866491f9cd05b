#include "../checksumcases.h"
#include "automation/replyrule.h"
#include "automation/ruledialog.h"
#include "payload/checksum.h"
#include "widgets/payloadeditor.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>

using namespace sockeye;

/// The rule dialog on its own: a rule that does not compile keeps OK disabled and says why,
/// "Try it" shows whether a sample matches and the reply's bytes, and a rule comes back out of
/// the dialog as it went in.
class tst_RuleDialog : public QObject
{
    Q_OBJECT
private slots:
    void invalidRuleDisablesOk_data();
    void invalidRuleDisablesOk();
    void tryItShowsMatchAndReplyBytes_data();
    void tryItShowsMatchAndReplyBytes();
    void replySurvivesTheDialog_data();
    void replySurvivesTheDialog();
};

void tst_RuleDialog::invalidRuleDisablesOk_data()
{
    QTest::addColumn<int>("matchKind");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("reply");
    QTest::addColumn<bool>("patternIsWrong");
    QTest::addColumn<QString>("says");

    QTest::newRow("hex pattern with a bad digit")
        << int(ReplyRule::MatchKind::HexPattern) << QStringLiteral("01 0G ??")
        << QStringLiteral("ok") << true << QStringLiteral("position 5");
    QTest::newRow("hex pattern with an odd digit")
        << int(ReplyRule::MatchKind::HexPattern) << QStringLiteral("01 0") << QStringLiteral("ok")
        << true << QStringLiteral("two hex digits");
    QTest::newRow("regex with an open group")
        << int(ReplyRule::MatchKind::Regex) << QStringLiteral("^AT(") << QStringLiteral("ok")
        << true << QStringLiteral("regular expression is invalid at position");
    QTest::newRow("exact bytes in bad hex")
        << int(ReplyRule::MatchKind::Exact) << QStringLiteral("hex:01 zz") << QStringLiteral("ok")
        << true << QStringLiteral("In the match pattern");
    QTest::newRow("empty prefix") << int(ReplyRule::MatchKind::Prefix) << QString()
                                  << QStringLiteral("ok") << true
                                  << QStringLiteral("match pattern is empty");
    QTest::newRow("reply with an unknown field")
        << int(ReplyRule::MatchKind::Any) << QString() << QStringLiteral("{nope}") << false
        << QStringLiteral("In the reply");
}

void tst_RuleDialog::invalidRuleDisablesOk()
{
    QFETCH(int, matchKind);
    QFETCH(QString, pattern);
    QFETCH(QString, reply);
    QFETCH(bool, patternIsWrong);
    QFETCH(QString, says);

    RuleDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.matchBox()->setCurrentIndex(matchKind);
    QTest::keyClicks(dialog.patternEdit(), pattern);
    QTest::keyClicks(dialog.replyEdit(), reply);
    QVERIFY(!dialog.okButton()->isEnabled());
    QVERIFY(!dialog.isValid());
    const QString error = patternIsWrong ? dialog.patternError() : dialog.replyError();
    QVERIFY2(error.contains(says), qPrintable(error));
    if (patternIsWrong) {
        QVERIFY(dialog.patternMessage()->isVisible());
        QVERIFY(dialog.patternMessage()->text().contains(error));
    }
    QVERIFY(dialog.testResult().contains(QStringLiteral("Fix the rule")));

    // Fixed, OK comes back.
    dialog.matchBox()->setCurrentIndex(int(ReplyRule::MatchKind::Any));
    dialog.replyEdit()->setPlainText(QStringLiteral("fine"));
    QVERIFY(dialog.okButton()->isEnabled());
    QVERIFY(!dialog.patternMessage()->isVisible());
}

void tst_RuleDialog::tryItShowsMatchAndReplyBytes_data()
{
    QTest::addColumn<int>("matchKind");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<int>("replyMode");
    QTest::addColumn<QString>("reply");
    QTest::addColumn<QString>("checksum");
    QTest::addColumn<QString>("sample");
    QTest::addColumn<QString>("says");
    QTest::addColumn<QString>("bytes");

    QTest::newRow("modbus request with CRC")
        << int(ReplyRule::MatchKind::HexPattern) << QStringLiteral("01 03 ?? ?? 00 02 ?? ??") << 1
        << QStringLiteral("01 03 04 00 2A 01 00") << QStringLiteral("crc16-modbus")
        << QStringLiteral("hex:01 03 00 00 00 02 C4 0B") << QStringLiteral("Matches. Reply, 9 byte")
        << QStringLiteral("01 03 04 00 2A 01 00 DA 6B");
    QTest::newRow("no match") << int(ReplyRule::MatchKind::Prefix) << QStringLiteral("text:AT") << 0
                              << QStringLiteral("OK") << QString() << QStringLiteral("text:ZZ")
                              << QStringLiteral("No match for these 2 byte")
                              << QStringLiteral("5A 5A");
    QTest::newRow("request bytes copied")
        << int(ReplyRule::MatchKind::Prefix) << QStringLiteral("hex:AA") << 1
        << QStringLiteral("{req:1}") << QString() << QStringLiteral("hex:AA 01 02")
        << QStringLiteral("Reply, 2 byte") << QStringLiteral(": 01 02");
    QTest::newRow("bad sample") << int(ReplyRule::MatchKind::Any) << QString() << 0
                                << QStringLiteral("x") << QString() << QStringLiteral("hex:0")
                                << QStringLiteral("The sample is not a valid payload")
                                << QStringLiteral("Odd number of hex digits");
}

void tst_RuleDialog::tryItShowsMatchAndReplyBytes()
{
    QFETCH(int, matchKind);
    QFETCH(QString, pattern);
    QFETCH(int, replyMode);
    QFETCH(QString, reply);
    QFETCH(QString, checksum);
    QFETCH(QString, sample);
    QFETCH(QString, says);
    QFETCH(QString, bytes);

    RuleDialog dialog;
    dialog.matchBox()->setCurrentIndex(matchKind);
    QTest::keyClicks(dialog.patternEdit(), pattern);
    dialog.replyModeBox()->setCurrentIndex(replyMode);
    QTest::keyClicks(dialog.replyEdit(), reply);
    if (!checksum.isEmpty())
        dialog.checksumBox()->setCurrentIndex(dialog.checksumBox()->findData(
            int(Checksum::algorithmFromName(checksum).value_or(Checksum::Algorithm::None))));
    QTest::keyClicks(dialog.sampleEdit(), sample);
    QVERIFY2(dialog.testResult().contains(says), qPrintable(dialog.testResult()));
    QVERIFY2(dialog.testResult().contains(bytes), qPrintable(dialog.testResult()));
}

void tst_RuleDialog::replySurvivesTheDialog_data()
{
    sockeye::test::addChecksumRows();
}

/// A rule opened in the dialog and taken back unedited is the same rule, its reply's checksum
/// with its range and byte order included, whether the rule answers frames or greets peers.
void tst_RuleDialog::replySurvivesTheDialog()
{
    QFETCH(PayloadSpec, spec);
    for (const ReplyRule::Trigger trigger :
         {ReplyRule::Trigger::Frame, ReplyRule::Trigger::Connect}) {
        ReplyRule rule;
        rule.name = QStringLiteral("device");
        rule.trigger = trigger;
        rule.matchKind = ReplyRule::MatchKind::Prefix;
        rule.pattern = QStringLiteral("hex:01 03");
        rule.reply = spec;
        rule.delayMs = 20;
        rule.target = ReplyRule::Target::AllPeers;
        RuleDialog dialog;
        dialog.setRule(rule);
        QVERIFY2(dialog.isValid(), qPrintable(dialog.patternError() + dialog.replyError()));
        QCOMPARE(dialog.rule().reply.toJson(), spec.toJson());
        QVERIFY(dialog.rule().reply == spec);
        if (trigger == ReplyRule::Trigger::Frame)
            QCOMPARE(dialog.rule().toJson(), rule.toJson());
    }
}

QTEST_MAIN(tst_RuleDialog)
#include "tst_ruledialog.moc"
