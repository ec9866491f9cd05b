#include "peer.h"

#include "sessionconfig.h"

namespace sockeye {

QString Peer::label() const
{
    return endpointText(address, port);
}

} // namespace sockeye
