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
    m_timer->setInterval(2);
    connect(m_timer, &QTimer::timeout, this, [this] { sendChunk(); });
}

void FileSender::setIntervalMs(int ms)
{
    m_timer->setInterval(qMax(0, ms));
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
    m_sent = 0;
    m_total = m_file.size();
    emit progress(0, m_total);
    m_timer->start();
    return true;
}

void FileSender::cancel()
{
    if (m_file.isOpen())
        finish(false,
               tr("Sending the file was cancelled after %1 of %2 bytes.").arg(m_sent).arg(m_total));
}

void FileSender::sendChunk()
{
    const QByteArray chunk = m_file.read(m_chunkSize);
    if (chunk.isEmpty()) {
        if (m_file.atEnd())
            finish(
                true,
                tr("Sent %1 (%2 bytes).").arg(QFileInfo(m_file.fileName()).fileName()).arg(m_sent));
        else
            finish(false, tr("Reading the file failed: %1.").arg(m_file.errorString()));
        return;
    }
    const SendResult result = m_session->send(chunk, m_targets);
    if (!result.ok()) {
        finish(false, result.message);
        return;
    }
    m_sent += chunk.size();
    emit progress(m_sent, m_total);
    if (m_file.atEnd())
        finish(true,
               tr("Sent %1 (%2 bytes).").arg(QFileInfo(m_file.fileName()).fileName()).arg(m_sent));
}

void FileSender::finish(bool ok, const QString &message)
{
    m_timer->stop();
    m_file.close();
    emit finished(ok, message);
}

} // namespace sockeye
