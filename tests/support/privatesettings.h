#pragma once

#include <QString>

namespace sockeye::test {

/// Points QSettings (native format, user scope) at \a folder, under the organisation
/// \a organization, so a test reads and writes settings of its own, never the user's. Call it
/// from initTestCase(), before the first QSettings is made.
void usePrivateSettings(const QString &folder,
                        const QString &organization = QStringLiteral("SockeyeTest"));

} // namespace sockeye::test
