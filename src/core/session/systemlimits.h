#pragma once

#include <QtGlobal>

namespace sockeye {

/// Raises this process's limit of open files (RLIMIT_NOFILE) to the hard limit, so a server
/// can hold thousands of clients (each is a descriptor). Returns the limit now in force.
qint64 raiseOpenFileLimit();

} // namespace sockeye
