// Fuzzes sockeye-cli's option parser: the input is the command line, one argument per line.
// Whatever the arguments, no crash, and a refused command line says why in one line.
// Arguments that would reach outside the process are left out: paths (a '/' could name a
// device to read) and --bind (a host name is looked up).

#include "clioptions.h"
#include "fuzzcheck.h"

#include <QDir>

using namespace sockeye::cli;

// listen --tls --self-signed makes a certificate: in a folder of the fuzzer's own.
extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    qputenv("SOCKEYE_DATA_DIR", (QDir::tempPath() + QStringLiteral("/sockeye-fuzz-data")).toUtf8());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    QStringList arguments{QStringLiteral("sockeye-cli")};
    for (const QByteArray &line : input.split('\n')) {
        if (line.contains('/') || line.contains("bind") || arguments.size() > 40)
            return 0;
        arguments << QString::fromUtf8(line);
    }
    CliParser parser;
    const auto options = parser.parse(arguments);
    if (options) {
        SOCKEYE_FUZZ_CHECK(parser.error().isEmpty(), "an accepted command line has no error");
        SOCKEYE_FUZZ_CHECK(options->repeat >= 1, "--repeat is at least 1");
        SOCKEYE_FUZZ_CHECK(options->timeoutS <= MaxWaitSeconds, "--timeout fits Qt's timers");
        SOCKEYE_FUZZ_CHECK(options->durationS <= MaxWaitSeconds, "--duration fits Qt's timers");
    } else {
        SOCKEYE_FUZZ_CHECK(!parser.error().isEmpty() || !parser.output().isEmpty(),
                           "a refused command line says why");
        SOCKEYE_FUZZ_CHECK(!parser.error().contains(QLatin1Char('\n')) ||
                               parser.error().startsWith(QLatin1String("sockeye-cli run:")),
                           "the sentence is one line");
    }
    return 0;
}
