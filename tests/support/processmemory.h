#pragma once

// What a process holds in memory, for the fault suite's bounds. Header-only.

#include <QFile>
#include <QString>

namespace sockeye::test {

/// The resident set of a running process (VmRSS of /proc/PID/status), in bytes; -1 if unknown.
inline qint64 residentBytes(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    // Read whole: /proc files say their size is 0, so atEnd() holds from the start.
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').constFirst().toLongLong() * 1024;
    }
    return -1;
}

/// Memory figures mean nothing under AddressSanitizer (shadow memory, quarantine).
inline bool memoryIsMeasurable()
{
#ifdef SOCKEYE_SANITIZED
    return false;
#else
    return true;
#endif
}

} // namespace sockeye::test
