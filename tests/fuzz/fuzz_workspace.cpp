// Fuzzes the JSON loaders a user or a colleague's file reaches: workspaces (every session's
// config, framing, rules and receive to file) and rules files. Whatever the bytes, no crash, and
// what loads saves and loads again to the same thing.

#include "automation/replyrule.h"
#include "fuzzcheck.h"
#include "traffic/receivefile.h"
#include "workspace/workspace.h"

#include <QJsonDocument>

using namespace sockeye;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));

    Workspace workspace;
    QString error;
    if (workspace.fromJson(json, &error)) {
        for (const SessionSetup &session : std::as_const(workspace.sessions)) {
            (void)session.problem(); // the checks sockeye-cli run makes
            QString why;
            if (const auto file = ReceiveFileSettings::fromJson(session.receiveFile, &why)) {
                const auto again = ReceiveFileSettings::fromJson(file->toJson(), &why);
                SOCKEYE_FUZZ_CHECK(again && again->toJson() == file->toJson(),
                                   "saved receive-to-file settings load the same");
            } else {
                SOCKEYE_FUZZ_CHECK(!why.isEmpty(), "refused receive-to-file settings say why");
            }
        }
        Workspace again;
        SOCKEYE_FUZZ_CHECK(again.fromJson(workspace.toJson(), &error), "a saved workspace loads");
        SOCKEYE_FUZZ_CHECK(again.toJson() == workspace.toJson(), "and saves the same");
    } else {
        SOCKEYE_FUZZ_CHECK(!error.isEmpty(), "a refused workspace says why");
    }

    QString why;
    if (const auto rules = rulesFromJson(json, &why)) {
        const QByteArray saved = rulesToJson(*rules);
        const auto reloaded = rulesFromJson(saved, &why);
        SOCKEYE_FUZZ_CHECK(reloaded.has_value(), "saved rules load");
        SOCKEYE_FUZZ_CHECK(rulesToJson(*reloaded) == saved, "and save the same");
    } else {
        SOCKEYE_FUZZ_CHECK(!why.isEmpty(), "refused rules say why");
    }
    return 0;
}
