#include "receivefile.h"

#include "exporter.h"
#include "models/connectionlistmodel.h"
#include "session/session.h"
#include "trafficlog.h"
#include "workspace/jsonnumber.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonValue>

namespace sockeye {

QString ReceiveFileSettings::formatName(Format format)
{
    return format == Format::Log ? QStringLiteral("log") : QStringLiteral("raw");
}

std::optional<ReceiveFileSettings::Format> ReceiveFileSettings::formatFromName(QStringView name)
{
    if (name == QLatin1String("raw"))
        return Format::Raw;
    if (name == QLatin1String("log"))
        return Format::Log;
    return std::nullopt;
}

QJsonObject ReceiveFileSettings::toJson() const
{
    return {{QLatin1String("path"), path},
            {QLatin1String("format"), formatName(format)},
            {QLatin1String("rotateBytes"), double(rotateBytes)},
            {QLatin1String("on"), on}};
}

std::optional<ReceiveFileSettings> ReceiveFileSettings::fromJson(const QJsonObject &json,
                                                                 QString *error)
{
    const auto fail = [error](const QString &message) -> std::optional<ReceiveFileSettings> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    ReceiveFileSettings settings;
    const QJsonValue path = json.value(QLatin1String("path"));
    if (!path.isString() || path.toString().isEmpty())
        return fail(tr("path: must name the file to write received data to."));
    settings.path = path.toString();
    const QJsonValue format = json.value(QLatin1String("format"));
    if (!format.isUndefined()) {
        const auto known = formatFromName(format.toString());
        if (!format.isString() || !known)
            return fail(tr("format: must be \"raw\" (the bytes) or \"log\" (a text log)."));
        settings.format = *known;
    }
    const QJsonValue rotate = json.value(QLatin1String("rotateBytes"));
    if (!rotate.isUndefined()) {
        const std::optional<qint64> bytes = jsonWholeNumber(rotate, 0, qint64(1e15));
        if (!bytes || (*bytes != 0 && *bytes < MinRotateBytes))
            return fail(tr("rotateBytes: must be 0 (one file) or a whole number of bytes from "
                           "%1.")
                            .arg(MinRotateBytes));
        settings.rotateBytes = *bytes;
    }
    const QJsonValue on = json.value(QLatin1String("on"));
    if (!on.isUndefined() && !on.isBool())
        return fail(tr("on: must be true or false."));
    settings.on = on.toBool();
    return settings;
}

ReceiveFile::ReceiveFile(Session *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    connect(session->log(), &TrafficLog::recordAppended, this, &ReceiveFile::onRecord);
}

ReceiveFile::~ReceiveFile() = default;

ReceiveFileSettings ReceiveFile::settings() const
{
    ReceiveFileSettings settings = m_settings;
    settings.on = m_state != State::Off;
    return settings;
}

void ReceiveFile::setSettings(const ReceiveFileSettings &settings)
{
    // Writing: goes on in the new file. Failed: stays so until resume() (the user says when).
    const bool writing = m_state == State::Writing;
    m_file.reset();
    m_settings = settings;
    if (writing)
        (void)start();
}

bool ReceiveFile::start()
{
    m_file.reset();
    m_written = 0;
    m_error.clear();
    if (!open())
        return false;
    setState(State::Writing);
    return true;
}

void ReceiveFile::stop()
{
    m_file.reset();
    m_error.clear();
    setState(State::Off);
}

bool ReceiveFile::open()
{
    const QString path = m_settings.path;
    if (path.isEmpty()) {
        fail(tr("Choose a file to write received data to."));
        return false;
    }
    const QFileInfo info(path);
    if (!info.absoluteDir().exists()) {
        fail(tr("Cannot write received data to %1: the folder %2 does not exist. Create it or "
                "choose another file.")
                 .arg(QDir::toNativeSeparators(path),
                      QDir::toNativeSeparators(info.absolutePath())));
        return false;
    }
    if (info.isDir()) {
        fail(tr("Cannot write received data to %1: it is a folder. Choose a file.")
                 .arg(QDir::toNativeSeparators(path)));
        return false;
    }
    auto file = std::make_unique<QFile>(path);
    // Appended to, never truncated; unbuffered, so a failing write is known for its record.
    if (!file->open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered)) {
        fail(tr("Cannot write received data to %1: %2. Choose another file.")
                 .arg(QDir::toNativeSeparators(path), file->errorString()));
        return false;
    }
    m_fileBytes = file->size();
    m_file = std::move(file);
    return true;
}

void ReceiveFile::onRecord(const TrafficRecord &record)
{
    if (m_state != State::Writing || record.session != m_session->id())
        return;
    if (record.isData() && record.direction != Direction::Rx)
        return;
    if (m_settings.format == ReceiveFileSettings::Format::Raw) {
        if (record.isData())
            write(record.bytes);
        return;
    }
    // The text log: received chunks, and the session's events (connects, closes, errors)
    // that explain where the data stops and starts.
    const std::optional<Peer> peer = m_session->peer(record.peer);
    write(Exporter::textLine(record, m_session->displayName(), peer ? peer->label() : QString(),
                             QStringLiteral("UTF-8")));
}

void ReceiveFile::write(const QByteArray &bytes)
{
    if (m_settings.rotateBytes > 0 && m_fileBytes > 0 &&
        m_fileBytes + bytes.size() > m_settings.rotateBytes && !rotate())
        return;
    const qint64 done = m_file->write(bytes);
    if (done > 0) {
        m_written += done;
        m_fileBytes += done;
    }
    if (done != bytes.size()) {
        fail(tr("Stopped writing received data to %1: %2 (%3 of %4 bytes written). Receiving "
                "goes on without the file.")
                 .arg(QDir::toNativeSeparators(m_settings.path), m_file->errorString())
                 .arg(qMax<qint64>(done, 0))
                 .arg(bytes.size()));
    }
}

bool ReceiveFile::rotate()
{
    const QString path = m_settings.path;
    m_file.reset();
    const auto numbered = [&path](int n) { return QStringLiteral("%1.%2").arg(path).arg(n); };
    QFile::remove(numbered(KeepRotated));
    for (int n = KeepRotated - 1; n >= 1; --n) {
        if (QFile::exists(numbered(n)))
            QFile::rename(numbered(n), numbered(n + 1));
    }
    if (!QFile::rename(path, numbered(1))) {
        fail(tr("Stopped writing received data to %1: it could not be renamed to %2 to start "
                "the next file. Check the folder's permissions. Receiving goes on without the "
                "file.")
                 .arg(QDir::toNativeSeparators(path), QDir::toNativeSeparators(numbered(1))));
        return false;
    }
    return open();
}

void ReceiveFile::fail(const QString &message)
{
    m_file.reset();
    m_error = message;
    setState(State::Failed);
    emit failed(message);
}

void ReceiveFile::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

QString ReceiveFile::statusText() const
{
    switch (m_state) {
    case State::Off:
        return {};
    case State::Writing:
        return tr("Saving received data to %1 (%2)")
            .arg(QDir::toNativeSeparators(m_settings.path),
                 ConnectionListModel::formatBytes(m_written));
    case State::Failed:
        return m_error;
    }
    return {};
}

} // namespace sockeye
