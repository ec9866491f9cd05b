#pragma once

#include <QObject>

class QTcpSocket;

namespace sockeye {

/**
 * Tells an orderly close (FIN) from a reset (RST) on a connected QTcpSocket.
 *
 * Qt reports both as RemoteHostClosedError and closes the descriptor before anyone can ask the
 * kernel. This watches the socket's read and write notifications and, just before Qt reads or
 * writes, peeks at the descriptor: ECONNRESET means a reset. A reset often shows first to a
 * write (a peer that stops reading and resets while we send), so senders call check() before
 * writing themselves. Linux/Unix only; elsewhere every close reads as FIN.
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

    [[nodiscard]] bool wasReset() const { return m_reset; }
    /// Peeks now (call before writing to the socket outside Qt's notifiers, e.g. flush()).
    void check();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit TcpCloseDetector(QTcpSocket *socket);

    QTcpSocket *m_socket;
    bool m_reset = false;
};

} // namespace sockeye
