#include "privatesettings.h"

#include <QCoreApplication>
#include <QSettings>

namespace sockeye::test {

void usePrivateSettings(const QString &folder, const QString &organization)
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, folder);
    QCoreApplication::setOrganizationName(organization);
}

} // namespace sockeye::test
