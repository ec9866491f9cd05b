#include "traffic/framer.h"

#include <QRandomGenerator>
#include <QTest>

using namespace sockeye;

namespace {

struct Outcome
{
    QList<QByteArray> frames; // from feed(), then flush()
    QStringList errors;

    bool operator==(const Outcome &o) const { return frames == o.frames && errors == o.errors; }
};

QString describe(const Outcome &o)
{
    QStringList parts;
    for (const QByteArray &f : o.frames)
        parts.append(QString::fromLatin1(f.toHex(' ')));
    return QStringLiteral("frames [%1] errors [%2]")
        .arg(parts.join(QStringLiteral(" | ")), o.errors.join(QStringLiteral(" | ")));
}

// Feeds data cut at the given positions (sorted, inside 1..size-1), all at one timestamp.
Outcome runSplit(const QString &spec, const QByteArray &data, const QList<qsizetype> &cuts)
{
    QString error;
    std::unique_ptr<Framer> framer = Framer::create(spec, &error);
    Q_ASSERT(framer);
    Outcome out;
    qsizetype start = 0;
    QList<qsizetype> ends = cuts;
    ends.append(data.size());
    for (const qsizetype end : ends) {
        out.frames += framer->feed(QByteArrayView(data).sliced(start, end - start), 1000);
        start = end;
    }
    out.frames += framer->flush();
    out.errors = framer->takeErrors();
    return out;
}

QByteArray h(const char *hex)
{
    return QByteArray::fromHex(hex);
}

} // namespace

class tst_Framer : public QObject
{
    Q_OBJECT

private slots:
    void create_data();
    void create();
    void badSpecs_data();
    void badSpecs();
    void frames_data();
    void frames();
    void idleGap();
    void idleGapEverySplit();
    void idleMaxSize();
    void resetDropsState();
    void bodyLeavesTheDelimiterOut_data();
    void bodyLeavesTheDelimiterOut();
};

void tst_Framer::bodyLeavesTheDelimiterOut_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("CR LF") << QStringLiteral("delim:\\r\\n") << QByteArray("AT\r\n")
                           << QByteArray("AT");
    QTest::newRow("last frame of a stream without one")
        << QStringLiteral("delim:\\r\\n") << QByteArray("AT\r") << QByteArray("AT\r");
    QTest::newRow("only the delimiter")
        << QStringLiteral("delim:;") << QByteArray(";") << QByteArray();
    QTest::newRow("fixed length has no trailer")
        << QStringLiteral("fixed:2") << QByteArray("\r\n") << QByteArray("\r\n");
    QTest::newRow("prefix has no trailer")
        << QStringLiteral("prefix:1") << QByteArray("\x01\n") << QByteArray("\x01\n");
}

void tst_Framer::bodyLeavesTheDelimiterOut()
{
    QFETCH(QString, spec);
    QFETCH(QByteArray, frame);
    QFETCH(QByteArray, body);
    QString error;
    const auto framer = Framer::create(spec, &error);
    QVERIFY2(framer, qPrintable(error));
    QCOMPARE(framer->body(frame).toByteArray(), body);
}

void tst_Framer::create_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("canonical");

    QTest::newRow("idle") << QStringLiteral("idle:20") << QStringLiteral("idle:20");
    QTest::newRow("idle with max")
        << QStringLiteral("idle:5,max=100") << QStringLiteral("idle:5,max=100");
    QTest::newRow("delim text") << QStringLiteral("delim:\\r\\n") << QStringLiteral("delim:\\r\\n");
    QTest::newRow("delim hex with commas")
        << QStringLiteral("delim:hex:0d,0a") << QStringLiteral("delim:hex:0d,0a");
    // Frames always keep the delimiter now; specs written when it was an option still read.
    QTest::newRow("delim keep of older specs")
        << QStringLiteral("delim,keep,max=64:;") << QStringLiteral("delim,max=64:;");
    QTest::newRow("fixed") << QStringLiteral("fixed:8") << QStringLiteral("fixed:8");
    QTest::newRow("prefix 2be") << QStringLiteral("prefix:2be") << QStringLiteral("prefix:2be");
    QTest::newRow("prefix default order is be")
        << QStringLiteral("prefix:2") << QStringLiteral("prefix:2be");
    QTest::newRow("prefix 4le+hdr")
        << QStringLiteral("prefix:4le+hdr") << QStringLiteral("prefix:4le+hdr");
    QTest::newRow("prefix 1 with max")
        << QStringLiteral("prefix:1,max=1024") << QStringLiteral("prefix:1,max=1024");
    QTest::newRow("prefix all options") << QStringLiteral("prefix:2le, offset=3, adjust=-2")
                                        << QStringLiteral("prefix:2le,offset=3,adjust=-2");
    QTest::newRow("options before the colon")
        << QStringLiteral("prefix,max=9:1") << QStringLiteral("prefix:1,max=9");
}

void tst_Framer::create()
{
    QFETCH(QString, spec);
    QFETCH(QString, canonical);
    QString error;
    const std::unique_ptr<Framer> framer = Framer::create(spec, &error);
    QVERIFY2(framer, qPrintable(error));
    QVERIFY(error.isEmpty());
    QCOMPARE(framer->spec(), canonical);
    const std::unique_ptr<Framer> again = Framer::create(framer->spec(), &error);
    QVERIFY2(again, qPrintable(error));
    QCOMPARE(again->spec(), canonical);
}

void tst_Framer::badSpecs_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("no colon") << QStringLiteral("idle") << QStringLiteral("no ':'");
    // Frames are the exact bytes received; a stripped delimiter would change what echo sends.
    QTest::newRow("delim strip") << QStringLiteral("delim,strip:\\n")
                                 << QStringLiteral("Frames keep their delimiter");
    QTest::newRow("unknown kind") << QStringLiteral("magic:3") << QStringLiteral("'magic'");
    QTest::newRow("idle not a number") << QStringLiteral("idle:soon") << QStringLiteral("'soon'");
    QTest::newRow("idle zero") << QStringLiteral("idle:0") << QStringLiteral("from 1");
    QTest::newRow("fixed zero") << QStringLiteral("fixed:0") << QStringLiteral("'0'");
    QTest::newRow("fixed with option")
        << QStringLiteral("fixed:4,max=2") << QStringLiteral("no options");
    QTest::newRow("empty delimiter") << QStringLiteral("delim:") << QStringLiteral("empty");
    QTest::newRow("bad hex delimiter") << QStringLiteral("delim:hex:0") << QStringLiteral("Odd");
    QTest::newRow("delimiter with a field")
        << QStringLiteral("delim:{seq}") << QStringLiteral("{fields}");
    QTest::newRow("prefix size 3") << QStringLiteral("prefix:3") << QStringLiteral("'3'");
    QTest::newRow("prefix bad suffix") << QStringLiteral("prefix:2xx") << QStringLiteral("'2xx'");
    QTest::newRow("unknown option") << QStringLiteral("prefix:2,keep") << QStringLiteral("'keep'");
    QTest::newRow("bad max") << QStringLiteral("delim,max=-1:x") << QStringLiteral("max=-1");
    QTest::newRow("max smaller than header")
        << QStringLiteral("prefix:4,offset=2,max=5") << QStringLiteral("smaller than the header");
    QTest::newRow("bad offset") << QStringLiteral("prefix:2,offset=x")
                                << QStringLiteral("offset=x");
}

void tst_Framer::badSpecs()
{
    QFETCH(QString, spec);
    QFETCH(QString, mentions);
    QString error;
    QVERIFY(!Framer::create(spec, &error));
    QVERIFY2(error.contains(mentions), qPrintable(error));
}

void tst_Framer::frames_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<QByteArray>>("expected"); // frames, then what flush() returns
    QTest::addColumn<int>("errors");

    using L = QList<QByteArray>;
    QTest::newRow("delim CR LF kept")
        << QStringLiteral("delim:\\r\\n") << QByteArray("a\r\nbb\r\n\r\nc")
        << L{"a\r\n", "bb\r\n", "\r\n", "c"} << 0;
    QTest::newRow("delim CR LF kept, older keep option")
        << QStringLiteral("delim,keep:hex:0D 0A") << QByteArray("a\r\nbb\r\n\r")
        << L{"a\r\n", "bb\r\n", "\r"} << 0;
    QTest::newRow("delim lone CR is data")
        << QStringLiteral("delim:\\r\\n") << QByteArray("a\rb\r\r\n") << L{"a\rb\r\r\n"} << 0;
    QTest::newRow("delim overlapping with itself")
        << QStringLiteral("delim:aa") << QByteArray("xaaayaaaa") << L{"xaa", "ayaa", "aa"} << 0;
    QTest::newRow("delim binary zero") << QStringLiteral("delim:hex:00") << h("0102000003ff00")
                                       << L{h("010200"), h("00"), h("03ff00")} << 0;
    QTest::newRow("delim frame of exactly max")
        << QStringLiteral("delim,max=3:\\r\\n") << QByteArray("abc\r\nd") << L{"abc\r\n", "d"} << 0;
    QTest::newRow("delim frame over max is cut")
        << QStringLiteral("delim,max=3:\\r\\n") << QByteArray("abcd\r\nxy\r\n")
        << L{"abc", "d\r\n", "xy\r\n"} << 1;
    QTest::newRow("delim long run without delimiter")
        << QStringLiteral("delim,max=4:\\n") << QByteArray("abcdefghij\n")
        << L{"abcd", "efgh", "ij\n"} << 2;
    QTest::newRow("fixed 3") << QStringLiteral("fixed:3") << QByteArray("abcdefgh")
                             << L{"abc", "def", "gh"} << 0;
    QTest::newRow("fixed 1") << QStringLiteral("fixed:1") << QByteArray("xyz") << L{"x", "y", "z"}
                             << 0;
    QTest::newRow("prefix 1 byte") << QStringLiteral("prefix:1")
                                   << h("03616263"
                                        "00"
                                        "017a")
                                   << L{h("03616263"), h("00"), h("017a")} << 0;
    QTest::newRow("prefix 2 big endian") << QStringLiteral("prefix:2be")
                                         << h("00026869"
                                              "0000"
                                              "0001")
                                         << L{h("00026869"), h("0000"), h("0001")} << 0;
    QTest::newRow("prefix 2 little endian with header")
        << QStringLiteral("prefix:2le+hdr")
        << h("04006869"
             "0200"
             "0500aabbcc")
        << L{h("04006869"), h("0200"), h("0500aabbcc")} << 0;
    QTest::newRow("prefix 4 big endian") << QStringLiteral("prefix:4be")
                                         << h("0000000158"
                                              "00000000")
                                         << L{h("0000000158"), h("00000000")} << 0;
    QTest::newRow("prefix 4 little endian") << QStringLiteral("prefix:4le") << h("0200000041420100")
                                            << L{h("020000004142"), h("0100")} << 0;
    QTest::newRow("prefix at an offset") << QStringLiteral("prefix:2be,offset=1")
                                         << h("aa00015a"
                                              "bb0000")
                                         << L{h("aa00015a"), h("bb0000")} << 0;
    QTest::newRow("prefix with adjust for a trailing CRC") << QStringLiteral("prefix:1,adjust=2")
                                                           << h("0141c1c2"
                                                                "00ffff")
                                                           << L{h("0141c1c2"), h("00ffff")} << 0;
    QTest::newRow("prefix garbage is skipped and reported") << QStringLiteral("prefix:1,max=4")
                                                            << h("0909"
                                                                 "0141"
                                                                 "0242")
                                                            << L{h("0141"), h("0242")} << 1;
    QTest::newRow("prefix length below header") << QStringLiteral("prefix:2be+hdr,max=8")
                                                << h("0001"
                                                     "0003aa"
                                                     "0001")
                                                << L{h("0003aa"), h("01")} << 2;
    QTest::newRow("prefix incomplete frame is flushed")
        << QStringLiteral("prefix:2be") << h("00056162") << L{h("00056162")} << 0;
    QTest::newRow("prefix skipped bytes at the end") << QStringLiteral("prefix:1,max=2")
                                                     << h("0141"
                                                          "ff")
                                                     << L{h("0141")} << 1;
    QTest::newRow("empty input") << QStringLiteral("delim:\\n") << QByteArray() << L{} << 0;
}

void tst_Framer::frames()
{
    QFETCH(QString, spec);
    QFETCH(QByteArray, input);
    QFETCH(QList<QByteArray>, expected);
    QFETCH(int, errors);

    const Outcome whole = runSplit(spec, input, {});
    QCOMPARE(whole.frames, expected);
    QCOMPARE(whole.errors.size(), errors);

    // Every single split point.
    for (qsizetype cut = 1; cut < input.size(); ++cut) {
        const Outcome split = runSplit(spec, input, {cut});
        QVERIFY2(split == whole, qPrintable(QStringLiteral("cut at %1: %2 vs %3")
                                                .arg(cut)
                                                .arg(describe(split), describe(whole))));
    }
    // Byte by byte.
    QList<qsizetype> all;
    for (qsizetype cut = 1; cut < input.size(); ++cut)
        all.append(cut);
    const Outcome bytewise = runSplit(spec, input, all);
    QVERIFY2(bytewise == whole, qPrintable(describe(bytewise)));
    // Random multi-splits.
    QRandomGenerator rng(quint32(qHash(spec)));
    for (int round = 0; round < 200 && input.size() > 2; ++round) {
        QList<qsizetype> cuts;
        for (qsizetype cut = 1; cut < input.size(); ++cut) {
            if (rng.bounded(3) == 0)
                cuts.append(cut);
        }
        const Outcome split = runSplit(spec, input, cuts);
        QVERIFY2(split == whole, qPrintable(describe(split)));
    }
}

void tst_Framer::idleGap()
{
    QString error;
    std::unique_ptr<Framer> framer = Framer::create(u"idle:10", &error);
    QVERIFY(framer);
    QCOMPARE(framer->feed("ab", 0), QList<QByteArray>());
    QCOMPARE(framer->feed("cd", 9999), QList<QByteArray>()); // just under the gap
    QCOMPARE(framer->tick(19998), QList<QByteArray>());
    QCOMPARE(framer->feed("ef", 19999), QList<QByteArray>{"abcd"}); // exactly the gap
    QCOMPARE(framer->bufferedBytes(), 2);
    QCOMPARE(framer->tick(25000), QList<QByteArray>());
    QCOMPARE(framer->tick(29999), QList<QByteArray>{"ef"});
    QCOMPARE(framer->tick(50000), QList<QByteArray>());
    QCOMPARE(framer->feed("g", 60000), QList<QByteArray>());
    QCOMPARE(framer->feed(QByteArray(), 90000), QList<QByteArray>()); // empty chunks are no data
    QCOMPARE(framer->flush(), QList<QByteArray>{"g"});
    QCOMPARE(framer->flush(), QList<QByteArray>());
    QVERIFY(!framer->hasErrors());
}

void tst_Framer::idleGapEverySplit()
{
    // Chunks with their arrival times; each chunk cut at every point (same timestamp).
    const QList<QPair<QByteArray, qint64>> chunks{
        {"hello", 0}, {" world", 3000}, {"next", 20000}, {"!", 45000}};
    const QList<QByteArray> expected{"hello world", "next", "!"};
    for (int which = 0; which < chunks.size(); ++which) {
        for (qsizetype cut = 0; cut <= chunks.at(which).first.size(); ++cut) {
            std::unique_ptr<Framer> framer = Framer::create(u"idle:10", nullptr);
            QList<QByteArray> frames;
            for (int i = 0; i < chunks.size(); ++i) {
                const QByteArray &data = chunks.at(i).first;
                const qint64 t = chunks.at(i).second;
                if (i == which) {
                    frames += framer->feed(data.left(cut), t);
                    frames += framer->feed(data.mid(cut), t);
                } else {
                    frames += framer->feed(data, t);
                }
                frames += framer->tick(t + 5000);
            }
            frames += framer->tick(1000000);
            QCOMPARE(frames, expected);
        }
    }
}

void tst_Framer::idleMaxSize()
{
    for (qsizetype cut = 0; cut <= 7; ++cut) {
        std::unique_ptr<Framer> framer = Framer::create(u"idle:10,max=3", nullptr);
        const QByteArray data("abcdefg");
        QList<QByteArray> frames = framer->feed(data.left(cut), 0);
        frames += framer->feed(data.mid(cut), 0);
        frames += framer->flush();
        QCOMPARE(frames, (QList<QByteArray>{"abc", "def", "g"}));
        const QStringList errors = framer->takeErrors();
        QCOMPARE(errors.size(), 2);
        QVERIFY2(errors.at(1).contains(QStringLiteral("stream offset 3")),
                 qPrintable(errors.at(1)));
        QVERIFY(!framer->hasErrors());
    }
}

void tst_Framer::resetDropsState()
{
    const QStringList specs{QStringLiteral("delim:\\n"), QStringLiteral("fixed:4"),
                            QStringLiteral("prefix:1,max=2"), QStringLiteral("idle:5")};
    for (const QString &spec : specs) {
        std::unique_ptr<Framer> framer = Framer::create(spec, nullptr);
        QVERIFY(framer);
        (void)framer->feed("\x09xy", 0);
        framer->reset();
        QCOMPARE(framer->bufferedBytes(), 0);
        QVERIFY(!framer->hasErrors());
        QCOMPARE(framer->flush(), QList<QByteArray>());
        QVERIFY2(framer->takeErrors().isEmpty(), qPrintable(spec));
    }
    QString error;
    QVERIFY(!Framer::create(u"none", &error));
    QVERIFY(error.isEmpty());
    QVERIFY(!Framer::create(u"", &error));
    QVERIFY(error.isEmpty());
}

QTEST_GUILESS_MAIN(tst_Framer)
#include "tst_framer.moc"
