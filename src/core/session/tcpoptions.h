#pragma once

#include <QString>

namespace sockeye {

struct SessionConfig;

/**
 * The TCP socket options a session sets on each of its connections: TCP_NODELAY, keepalive
 * (SO_KEEPALIVE with TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT) and the kernel's buffer sizes
 * (SO_RCVBUF, SO_SNDBUF; Linux doubles what is asked and caps it at net.core.rmem_max and
 * wmem_max). Options left at their defaults are not touched. A server sets them on each
 * accepted connection, a client once connected.
 */
namespace TcpOptions {

/// Sets what `config` asks for on the connected socket `fd`. Returns "" or, when the kernel
/// refused an option, a sentence naming it and why; the others are set all the same.
QString apply(qintptr fd, const SessionConfig &config);

} // namespace TcpOptions

} // namespace sockeye
