#include "conversation.h"

namespace sockeye {

QString Conversation::remoteLabel() const
{
    return endpointText(remoteAddress, remotePort);
}

QString Conversation::localLabel() const
{
    return endpointText(localAddress, localPort);
}

} // namespace sockeye
