#pragma once

#include <QString>

namespace sockeye::test {

/// A python peer that watches how a TCP connection ends. argv: "client PORT" connects to
/// 127.0.0.1:PORT, "server PORT" listens there (printing LISTENING) and accepts one. It prints
/// READY, reads to the end and prints "GOT <the bytes, as python's repr> EOF" (an orderly end,
/// after which it still sends "late\n", as a server answering a half-closed request does) or
/// "GOT <bytes> RESET", then closes and prints DONE.
inline const QString PyCloseWatcher = QStringLiteral(R"(
import socket, sys
role, port = sys.argv[1], int(sys.argv[2])
if role == 'client':
    s = socket.create_connection(('127.0.0.1', port))
else:
    srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(('127.0.0.1', port)); srv.listen(1)
    print('LISTENING', flush=True)
    s, _ = srv.accept()
print('READY', flush=True)
s.settimeout(10); got = b''
try:
    while True:
        d = s.recv(100)
        if not d: break
        got += d
    print('GOT', repr(got), 'EOF', flush=True)
    try:
        s.sendall(b'late\n')
    except OSError:
        pass
except ConnectionResetError:
    print('GOT', repr(got), 'RESET', flush=True)
s.close()
print('DONE', flush=True)
)");

} // namespace sockeye::test
