#pragma once

#include "tcpstats.h"

#include <QObject>

#include <optional>

class QSocketNotifier;
class QTcpSocket;

namespace sockeye {

/**
 * Tells an orderly close (FIN) from a reset (RST) on a connected QTcpSocket.
 *
 * Qt reports both as RemoteHostClosedError and closes the descriptor before anyone can ask the
 * kernel. This watches the socket's read and write notifications and, just before Qt reads or
 * writes, peeks at the descriptor: ECONNRESET means a reset. A reset often shows first to a
 * write (a peer that stops reading and resets while we send), so senders call check() before
 * writing themselves.
 *
 * It also keeps a half-closed connection open while Sockeye still has bytes for the peer: Qt
 * has no half-close and closes the socket as soon as it reads the peer's FIN, dropping what
 * waits in its write buffer (an echo or replies still under way to a peer that sent its
 * request and then FIN). When the peek finds the end of the stream and something waits to be
 * written (or a sender holds the connection, see hold()), the read notification is held back
 * until the write buffer has drained and nothing holds it; then Qt
 * reads the end and closes as usual, and the kernel delivers the rest before its FIN.
 * Linux/Unix only; elsewhere every close reads as FIN and nothing is held back.
 */
class TcpCloseDetector : public QObject
{
    Q_OBJECT
public:
    /// Attaches to a connected socket; the detector is a child of the socket.
    static TcpCloseDetector *attach(QTcpSocket *socket);
    /// The socket's detector, or nullptr when none is attached.
    [[nodiscard]] static TcpCloseDetector *of(const QTcpSocket *socket);
    /// Writes what waits now (QAbstractSocket::flush()), having looked for a reset first: a
    /// reset often shows to a write before any read, and Qt closes the socket inside it.
    static void flush(QTcpSocket *socket);
    /// Makes the socket's close a reset: SO_LINGER 0, so close() sends RST and drops what
    /// waits. Call just before QAbstractSocket::abort().
    static void resetOnClose(QTcpSocket *socket);
    /// Half-closes: once Qt's write buffer has drained, shutdown(SHUT_WR) sends FIN; the
    /// socket goes on receiving until the peer closes too. False where that is not possible
    /// (no descriptor, not Unix).
    static bool shutdownWrite(QTcpSocket *socket);
    /// TLS: a peer's close_notify ends the connection. Qt only reports it as an error and keeps
    /// the socket open, so a peer that ends its stream properly (curl, openssl s_client at
    /// EOF, python's unwrap()) would wait forever for our close; this closes once what waits
    /// for the peer is written. No-op for a plain TCP socket.
    static void closeOnCloseNotify(QTcpSocket *socket);

    [[nodiscard]] bool wasReset() const { return m_reset; }
    /// Keeps the connection open after the peer's FIN for as long as held (a file still being
    /// sent to it), not only while bytes wait; hold() and release() pair up.
    void hold() { ++m_holds; }
    void release();

    /// Peeks now (call before writing to the socket outside Qt's notifiers, e.g. flush()).
    void check();

    /// Of what Qt handed to the kernel for this socket, how much the peer had acknowledged at
    /// least (the handed total less SIOCOUTQ, the kernel's unacknowledged queue), as last
    /// sampled: at every write and every notification before a reset, so it stands after Qt
    /// closes the socket; the peer may have acknowledged more since. -1 where the kernel
    /// cannot say (not Linux).
    [[nodiscard]] qint64 acknowledgedBytes() const { return m_acknowledged; }

    /// The kernel's statistics as last sampled (sampleStats()): at the end of the stream, at
    /// a reset and as Sockeye closes, so that they stand after Qt has closed the descriptor.
    [[nodiscard]] const std::optional<TcpStats> &lastStats() const { return m_lastStats; }
    /// Reads the statistics now, while the descriptor is open.
    void sampleStats();

signals:
    /// The peer closed its side (FIN) and the connection stays open for what is still for it.
    void peerHalfClosed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit TcpCloseDetector(QTcpSocket *socket);
    /// Peeks: -1 nothing to read, 0 the end of the stream, 1 data (or an error for Qt to see).
    int peek();
    void sampleAcknowledged();
    void releaseHeldNotifier();

    QTcpSocket *m_socket;
    std::optional<TcpStats> m_lastStats;
    QSocketNotifier *m_heldNotifier = nullptr; ///< the read notifier, off while draining
    int m_holds = 0;
    qint64 m_handed = 0;
    qint64 m_acknowledged = -1;
    bool m_reset = false;
    bool m_halfCloseTold = false;
    bool m_sawEnd = false; ///< a peek found the end of the stream: the peer sent FIN
};

} // namespace sockeye
