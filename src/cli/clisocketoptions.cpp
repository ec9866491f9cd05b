// CliParser: the TCP socket options and --stats (the rest of the parser is clioptions.cpp).
#include "clioptions.h"

#include "cliflags.h"

#include <QCommandLineParser>

#include <cmath>
#include <utility>

namespace sockeye::cli {

bool CliParser::readSocketOptions(const QCommandLineParser &p, const Flags &f, CliOptions &o)
{
    SessionConfig &s = o.socketOptions;
    s.noDelay = p.isSet(f.noDelay);
    if (p.isSet(f.keepAlive)) {
        // Linux's limits: idle and interval at most 32767 s, at most 127 probes.
        const QStringList parts = p.value(f.keepAlive).split(QLatin1Char(','));
        bool ok = parts.size() == 3;
        const int limits[3][2] = {{1, 32767}, {1, 32767}, {1, 127}};
        int values[3] = {};
        for (int i = 0; ok && i < 3; ++i) {
            values[i] = parts[i].trimmed().toInt(&ok);
            ok = ok && values[i] >= limits[i][0] && values[i] <= limits[i][1];
        }
        if (!ok)
            return refuse(tr("sockeye-cli: --keepalive %1: give IDLE,INTERVAL,COUNT, e.g. "
                             "60,10,5: seconds idle before the first probe (1 to 32767), "
                             "seconds between probes (1 to 32767) and probes before giving up "
                             "(1 to 127).")
                              .arg(p.value(f.keepAlive)));
        s.keepAliveIdleS = values[0];
        s.keepAliveIntervalS = values[1];
        s.keepAliveCount = values[2];
    }
    for (auto [option, out] :
         {std::pair{&f.rcvbuf, &s.receiveBufferBytes}, std::pair{&f.sndbuf, &s.sendBufferBytes}}) {
        if (!p.isSet(*option))
            continue;
        bool ok = false;
        const qint64 bytes = p.value(*option).toLongLong(&ok);
        if (!ok || bytes < 1024 || bytes > SessionConfig::MaxBufferBytes)
            return refuse(tr("sockeye-cli: --%1 %2 is out of range; use a number of bytes from "
                             "1024 to %3 (the kernel doubles it and caps it at its maximum).")
                              .arg(option->names().constLast(), p.value(*option))
                              .arg(SessionConfig::MaxBufferBytes));
        *out = int(bytes);
    }
    const bool any = s.noDelay || p.isSet(f.keepAlive) || p.isSet(f.rcvbuf) || p.isSet(f.sndbuf);
    if (any && o.udp)
        return refuse(tr("sockeye-cli: --nodelay, --keepalive, --rcvbuf and --sndbuf are TCP "
                         "options; UDP has no connection to set them on."));
    if (p.isSet(f.backlog)) {
        bool ok = false;
        const int backlog = p.value(f.backlog).toInt(&ok);
        if (!ok || backlog < 1 || backlog > 65535)
            return refuse(tr("sockeye-cli: --backlog %1 is out of range; use a number of "
                             "connections from 1 to 65535 (the kernel caps it at "
                             "net.core.somaxconn).")
                              .arg(p.value(f.backlog)));
        if (o.udp)
            return refuse(tr("sockeye-cli: --backlog is the TCP accept queue's size; UDP "
                             "accepts no connections."));
        s.backlog = backlog;
    }
    o.stats = p.isSet(f.stats) || p.isSet(f.statsInterval);
    if (p.isSet(f.statsInterval)) {
        bool ok = false;
        const double seconds = p.value(f.statsInterval).toDouble(&ok);
        if (!ok || !std::isfinite(seconds) || seconds < 0.1 || seconds > 86400)
            return refuse(tr("sockeye-cli: --stats-interval %1 is out of range; use a number "
                             "of seconds from 0.1 to 86400.")
                              .arg(p.value(f.statsInterval)));
        o.statsIntervalS = seconds;
    }
    if (o.stats && o.udp)
        return refuse(tr("sockeye-cli: --stats and --stats-interval show a TCP connection's "
                         "statistics (TCP_INFO); UDP has no connection."));
    return true;
}

} // namespace sockeye::cli
