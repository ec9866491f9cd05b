#pragma once

#include <QObject>

class QTcpSocket;

namespace sockeye {

/**
 * Tells an orderly close (FIN) from a reset (RST) on a connected QTcpSocket.
 *
 * Qt reports both as RemoteHostClosedError and closes the descriptor before anyone can ask the
 * kernel. This watches the socket's read notifications and, just before Qt reads, peeks at the
 * descriptor: ECONNRESET means a reset. Linux/Unix only; elsewhere every close reads as FIN.
 */
class TcpCloseDetector : public QObject
{
    Q_OBJECT
public:
    /// Attaches to a connected socket; the detector is a child of the socket.
    static TcpCloseDetector *attach(QTcpSocket *socket);

    [[nodiscard]] bool wasReset() const { return m_reset; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit TcpCloseDetector(QTcpSocket *socket);

    QTcpSocket *m_socket;
    bool m_reset = false;
};

} // namespace sockeye
