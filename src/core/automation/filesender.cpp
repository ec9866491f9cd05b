#include "filesender.h"

#include "session/session.h"

#include <QFileInfo>
#include <QTimer>

namespace sockeye {

FileSender::FileSender(Session *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] { pump(); });
    // The system took bytes: room in the buffers again.
    connect(session, &Session::bytesWritten, this, [this] {
        if (m_file.isOpen() && m_session->bytesToWrite(m_targets) < m_maxPending)
            m_timer->start(0);
    });
}

void FileSender::setIntervalMs(int ms)
{
    m_intervalMs = qMax(0, ms);
}

bool FileSender::start(const QString &path, const QList<PeerId> &targets, QString *error)
{
    cancel();
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::ReadOnly)) {
        if (error) {
            *error =
                tr("Cannot send %1: %2.").arg(QFileInfo(path).fileName(), m_file.errorString());
        }
        return false;
    }
    m_targets = targets;
    // A peer that half-closes (FIN) while the file goes still gets all of it.
    m_session->holdOpen(m_targets, true);
    m_holding = true;
    m_readFailed = false;
    m_sent = 0;
    m_peakPending = 0;
    m_total = m_file.size();
    emit progress(0, m_total);
    m_timer->start(0);
    return true;
}

void FileSender::cancel()
{
    if (m_file.isOpen())
        finish(false,
               tr("Sending the file was cancelled after %1 of %2 bytes.").arg(m_sent).arg(m_total));
}

void FileSender::pump()
{
    // At most this much per turn of the event loop, so the window stays responsive.
    constexpr qint64 BurstBytes = 1024 * 1024;
    // Should a bytesWritten be missed, look again after this long.
    constexpr int RecheckMs = 50;
    const bool udp = m_session->kind() == SessionKind::Udp;
    qint64 burst = 0;
    while (m_file.isOpen()) {
        if (!udp && m_session->bytesToWrite(m_targets) >= m_maxPending) {
            m_timer->start(RecheckMs);
            return;
        }
        if (burst >= BurstBytes) {
            m_timer->start(0);
            return;
        }
        const QByteArray chunk = m_file.read(m_chunkSize);
        if (chunk.isEmpty()) {
            // A pipe (standard input) ends when a read returns nothing; a file may also say
            // atEnd() early. An error (a directory, /proc/self/mem) is not an end.
            if (m_file.error() == QFileDevice::NoError &&
                (m_file.isSequential() || m_file.atEnd())) {
                finish(true, tr("Sent %1 (%2 bytes).")
                                 .arg(QFileInfo(m_file.fileName()).fileName())
                                 .arg(m_sent));
            } else {
                m_readFailed = true;
                finish(false, tr("Reading %1 failed after %2 bytes: %3.")
                                  .arg(m_file.fileName())
                                  .arg(m_sent)
                                  .arg(m_file.errorString()));
            }
            return;
        }
        const SendResult result = m_session->send(chunk, m_targets);
        if (!result.ok()) {
            finish(false, result.message);
            return;
        }
        m_sent += chunk.size();
        burst += chunk.size();
        m_peakPending = qMax(m_peakPending, m_session->bytesToWrite(m_targets));
        emit progress(m_sent, m_total);
        if (!m_file.isSequential() && m_file.atEnd()) {
            finish(
                true,
                tr("Sent %1 (%2 bytes).").arg(QFileInfo(m_file.fileName()).fileName()).arg(m_sent));
            return;
        }
        if (udp) {
            m_timer->start(m_intervalMs);
            return;
        }
    }
}

void FileSender::finish(bool ok, const QString &message)
{
    m_timer->stop();
    m_file.close();
    if (m_holding) {
        m_holding = false;
        m_session->holdOpen(m_targets, false);
    }
    emit finished(ok, message);
}

} // namespace sockeye
