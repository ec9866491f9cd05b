#include "trafficrecord.h"

#include <QCoreApplication>

#include <chrono>

namespace sockeye {

qint64 nowUs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

QString recordKindName(RecordKind kind)
{
    switch (kind) {
    case RecordKind::Data:
        return QCoreApplication::translate("sockeye::TrafficRecord", "data");
    case RecordKind::Listening:
        return QCoreApplication::translate("sockeye::TrafficRecord", "listening");
    case RecordKind::Stopped:
        return QCoreApplication::translate("sockeye::TrafficRecord", "stopped");
    case RecordKind::Accepted:
        return QCoreApplication::translate("sockeye::TrafficRecord", "accepted");
    case RecordKind::Connected:
        return QCoreApplication::translate("sockeye::TrafficRecord", "connected");
    case RecordKind::ClosedByPeer:
        return QCoreApplication::translate("sockeye::TrafficRecord", "closed by peer");
    case RecordKind::Reset:
        return QCoreApplication::translate("sockeye::TrafficRecord", "reset by peer");
    case RecordKind::Closed:
        return QCoreApplication::translate("sockeye::TrafficRecord", "closed");
    case RecordKind::Error:
        return QCoreApplication::translate("sockeye::TrafficRecord", "error");
    case RecordKind::Info:
        return QCoreApplication::translate("sockeye::TrafficRecord", "info");
    }
    return {};
}

} // namespace sockeye
