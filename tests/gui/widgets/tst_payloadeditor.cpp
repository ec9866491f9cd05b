#include "payload/payloadcontext.h"
#include "widgets/payloadeditor.h"
#include "widgets/theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>

using namespace sockeye;

/// The one payload editor of the composer, the rule dialog and the preset Edit path, driven as a
/// user would: options by their values (never by combo positions), errors marked where they are.
class tst_PayloadEditor : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void combosCarryTheirValues();
    void checksumOptionsBuildTheSpec_data();
    void checksumOptionsBuildTheSpec();
    void rangeAndOrderShowWithAChecksum();
    void badRangeIsMarked_data();
    void badRangeIsMarked();
    void errorPointsAtTheBadCharacter();
    void toggleConvertsAndKeepsTheOptions();
    void hostValidatorDecides();
    void unknownEncodingIsKeptAndReported();

private:
    /// Picks the item whose data is `value`, as a user picking that entry.
    static void choose(QComboBox *box, int value)
    {
        const int index = box->findData(value);
        QVERIFY2(index >= 0, qPrintable(QString::number(value)));
        box->setCurrentIndex(index);
    }

    PayloadEditor *m_editor = nullptr;
};

void tst_PayloadEditor::init()
{
    m_editor = new PayloadEditor;
    m_editor->resize(700, 160);
    m_editor->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_editor));
}

void tst_PayloadEditor::cleanup()
{
    delete m_editor;
}

void tst_PayloadEditor::combosCarryTheirValues()
{
    for (const auto ending : {PayloadSpec::LineEnding::None, PayloadSpec::LineEnding::Cr,
                              PayloadSpec::LineEnding::Lf, PayloadSpec::LineEnding::CrLf}) {
        choose(m_editor->lineEndingBox(), int(ending));
        QCOMPARE(m_editor->spec().lineEnding(), ending);
    }
    for (const auto mode : {PayloadSpec::Mode::Hex, PayloadSpec::Mode::Text}) {
        choose(m_editor->modeBox(), int(mode));
        QCOMPARE(m_editor->spec().mode(), mode);
    }
    QCOMPARE(m_editor->checksumBox()->count(), int(Checksum::algorithms().size()) + 1);
    for (const Checksum::Algorithm algorithm : Checksum::algorithms()) {
        choose(m_editor->checksumBox(), int(algorithm));
        QCOMPARE(m_editor->spec().checksum(), Checksum(algorithm));
        QCOMPARE(m_editor->checksumBox()->currentText(), Checksum::displayName(algorithm));
    }
    choose(m_editor->checksumBox(), int(Checksum::Algorithm::None));
    QCOMPARE(m_editor->spec().checksum(), Checksum());
}

void tst_PayloadEditor::checksumOptionsBuildTheSpec_data()
{
    QTest::addColumn<int>("algorithm");
    QTest::addColumn<QString>("range");
    QTest::addColumn<int>("order");
    QTest::addColumn<QString>("expected"); // Checksum::toString()
    QTest::newRow("SUM-16, 2:-1, little endian")
        << int(Checksum::Algorithm::Sum16) << QStringLiteral("2:-1")
        << int(Checksum::ByteOrder::LittleEndian) << QStringLiteral("sum16,range=2:-1,order=le");
    QTest::newRow("CRC-16/MODBUS from byte 1, default order")
        << int(Checksum::Algorithm::Crc16Modbus) << QStringLiteral("1:")
        << int(Checksum::ByteOrder::Default) << QStringLiteral("crc16-modbus,range=1:");
    QTest::newRow("CRC-32, the last 8 bytes but 2, big endian")
        << int(Checksum::Algorithm::Crc32) << QStringLiteral("-8:-2")
        << int(Checksum::ByteOrder::BigEndian) << QStringLiteral("crc32,range=-8:-2,order=be");
    QTest::newRow("LRC, empty start means 0")
        << int(Checksum::Algorithm::Lrc) << QStringLiteral(":3")
        << int(Checksum::ByteOrder::Default) << QStringLiteral("lrc,range=0:3");
    QTest::newRow("XOR-8, every byte")
        << int(Checksum::Algorithm::Xor8) << QString() << int(Checksum::ByteOrder::Default)
        << QStringLiteral("xor8");
}

void tst_PayloadEditor::checksumOptionsBuildTheSpec()
{
    QFETCH(int, algorithm);
    QFETCH(QString, range);
    QFETCH(int, order);
    QFETCH(QString, expected);
    choose(m_editor->modeBox(), int(PayloadSpec::Mode::Hex));
    QTest::keyClicks(m_editor->textEdit(), QStringLiteral("01 02 03 04 05 06 07 08 09 0A"));
    choose(m_editor->checksumBox(), algorithm);
    QTest::keyClicks(m_editor->checksumRangeEdit(), range);
    choose(m_editor->checksumOrderBox(), order);
    QVERIFY2(m_editor->isValid(), qPrintable(m_editor->message()));
    QCOMPARE(m_editor->spec().checksum().toString(), expected);
}

void tst_PayloadEditor::rangeAndOrderShowWithAChecksum()
{
    QVERIFY(m_editor->checksumRangeEdit()->isHidden());
    QVERIFY(m_editor->checksumOrderBox()->isHidden());
    choose(m_editor->checksumBox(), int(Checksum::Algorithm::Crc16Modbus));
    QVERIFY(m_editor->checksumRangeEdit()->isVisible());
    QVERIFY(m_editor->checksumOrderBox()->isVisible());
    QVERIFY(m_editor->checksumOrderBox()->isEnabled());
    // The default entry names the algorithm's own order.
    QCOMPARE(m_editor->checksumOrderBox()->itemText(0), QStringLiteral("Little endian (default)"));
    choose(m_editor->checksumBox(), int(Checksum::Algorithm::Crc16Xmodem));
    QCOMPARE(m_editor->checksumOrderBox()->itemText(0), QStringLiteral("Big endian (default)"));
    // One byte has no order to choose.
    choose(m_editor->checksumBox(), int(Checksum::Algorithm::Sum8));
    QVERIFY(!m_editor->checksumOrderBox()->isEnabled());
    choose(m_editor->checksumBox(), int(Checksum::Algorithm::None));
    QVERIFY(m_editor->checksumRangeEdit()->isHidden());
}

void tst_PayloadEditor::badRangeIsMarked_data()
{
    QTest::addColumn<QString>("range");
    QTest::addColumn<bool>("valid");
    QTest::newRow("from byte 1") << QStringLiteral("1:") << true;
    QTest::newRow("up to the last 2") << QStringLiteral(":-2") << true;
    QTest::newRow("signed") << QStringLiteral("+1:-1") << true;
    QTest::newRow("no colon") << QStringLiteral("1") << false;
    QTest::newRow("a letter") << QStringLiteral("1:x") << false;
    QTest::newRow("two colons") << QStringLiteral("1:2:3") << false;
    QTest::newRow("spaces around the colon") << QStringLiteral("1 : 2") << true;
}

void tst_PayloadEditor::badRangeIsMarked()
{
    QFETCH(QString, range);
    QFETCH(bool, valid);
    QTest::keyClicks(m_editor->textEdit(), QStringLiteral("hello"));
    choose(m_editor->checksumBox(), int(Checksum::Algorithm::Sum8));
    QTest::keyClicks(m_editor->checksumRangeEdit(), range);
    QCOMPARE(m_editor->isValid(), valid);
    const QColor base = m_editor->checksumRangeEdit()->palette().color(QPalette::Base);
    if (valid) {
        QVERIFY(m_editor->message().isEmpty());
        QVERIFY(base != Theme::errorBase(m_editor->palette()));
    } else {
        QVERIFY2(m_editor->message().contains(QStringLiteral("Invalid checksum range")),
                 qPrintable(m_editor->message()));
        QCOMPARE(base, Theme::errorBase(m_editor->palette()));
        // The text itself is fine: nothing is marked there.
        QVERIFY(m_editor->textEdit()->extraSelections().isEmpty());
    }
    m_editor->checksumRangeEdit()->clear();
    QVERIFY(m_editor->isValid());
    QVERIFY(m_editor->message().isEmpty());
}

void tst_PayloadEditor::errorPointsAtTheBadCharacter()
{
    choose(m_editor->modeBox(), int(PayloadSpec::Mode::Hex));
    m_editor->textEdit()->setPlainText(QStringLiteral("01 02\n48 6G"));
    QVERIFY(!m_editor->isValid());
    QCOMPARE(m_editor->error().position, 10);
    QVERIFY2(m_editor->message().startsWith(QStringLiteral("At line 2, column 5: ")),
             qPrintable(m_editor->message()));
    QCOMPARE(m_editor->textEdit()->extraSelections().size(), 1);
    QCOMPARE(m_editor->textEdit()->extraSelections().constFirst().cursor.selectionStart(), 10);

    // A range that does not fit the payload is the payload's problem, with no place to mark.
    m_editor->textEdit()->setPlainText(QStringLiteral("01 02 03"));
    choose(m_editor->checksumBox(), int(Checksum::Algorithm::Sum16));
    QTest::keyClicks(m_editor->checksumRangeEdit(), QStringLiteral("0:20"));
    QVERIFY(!m_editor->isValid());
    QVERIFY2(m_editor->message().contains(QStringLiteral("does not fit")),
             qPrintable(m_editor->message()));
}

void tst_PayloadEditor::toggleConvertsAndKeepsTheOptions()
{
    QTest::keyClicks(m_editor->textEdit(), QStringLiteral("Hi\\r\\n"));
    choose(m_editor->checksumBox(), int(Checksum::Algorithm::Crc16Modbus));
    QTest::keyClicks(m_editor->checksumRangeEdit(), QStringLiteral("1:"));
    choose(m_editor->checksumOrderBox(), int(Checksum::ByteOrder::BigEndian));
    choose(m_editor->lineEndingBox(), int(PayloadSpec::LineEnding::Lf));
    const PayloadSpec text = m_editor->spec();

    QSignalSpy changed(m_editor, &PayloadEditor::specChanged);
    choose(m_editor->modeBox(), int(PayloadSpec::Mode::Hex));
    QCOMPARE(m_editor->textEdit()->toPlainText(), QStringLiteral("48 69 0D 0A"));
    QVERIFY(!m_editor->encodingBox()->isEnabled());
    QVERIFY(!m_editor->escapesBox()->isEnabled());
    QCOMPARE(changed.count(), 1);
    PayloadSpec hex = m_editor->spec();
    QCOMPARE(hex.checksum(), text.checksum());
    QCOMPARE(hex.lineEnding(), text.lineEnding());
    PayloadContext context;
    QCOMPARE(hex.encode(context).bytes, text.encode(context).bytes);

    choose(m_editor->modeBox(), int(PayloadSpec::Mode::Text));
    QCOMPARE(m_editor->spec(), text);

    // A field that means different bytes in each mode cannot be converted: say so, keep it.
    m_editor->textEdit()->setPlainText(QStringLiteral("n={seq}"));
    choose(m_editor->modeBox(), int(PayloadSpec::Mode::Hex));
    QCOMPARE(m_editor->spec().mode(), PayloadSpec::Mode::Text);
    QCOMPARE(m_editor->textEdit()->toPlainText(), QStringLiteral("n={seq}"));
    QVERIFY(m_editor->message().startsWith(QStringLiteral("Cannot convert")));
}

void tst_PayloadEditor::hostValidatorDecides()
{
    QTest::keyClicks(m_editor->textEdit(), QStringLiteral("abc"));
    QVERIFY(m_editor->isValid());
    m_editor->setValidator([](const PayloadSpec &spec) {
        return spec.text().contains(QLatin1Char('b'))
                   ? PayloadError{int(spec.text().indexOf(QLatin1Char('b'))),
                                  QStringLiteral("No b here.")}
                   : PayloadError();
    });
    QVERIFY(!m_editor->isValid());
    QCOMPARE(m_editor->message(), QStringLiteral("At line 1, column 2: No b here."));
    QCOMPARE(m_editor->textEdit()->extraSelections().constFirst().cursor.selectionStart(), 1);
    m_editor->textEdit()->setPlainText(QStringLiteral("ac"));
    QVERIFY(m_editor->isValid());
    QVERIFY(m_editor->textEdit()->extraSelections().isEmpty());
}

void tst_PayloadEditor::unknownEncodingIsKeptAndReported()
{
    PayloadSpec spec(PayloadSpec::Mode::Text, QStringLiteral("hi"));
    spec.setEncoding(QStringLiteral("KOI8-Q"));
    m_editor->setSpec(spec);
    QCOMPARE(m_editor->spec().encoding(), QStringLiteral("KOI8-Q"));
    QVERIFY(!m_editor->isValid());
    QVERIFY(!m_editor->message().isEmpty());
}

QTEST_MAIN(tst_PayloadEditor)
#include "tst_payloadeditor.moc"
