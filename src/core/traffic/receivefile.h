#pragma once

#include "trafficrecord.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

class QFile;

namespace sockeye {

class Session;

/**
 * Receive to file as it is saved with a session (SessionSetup's `receiveFile`):
 * `{"path": "/tmp/device.bin", "format": "raw", "rotateBytes": 0, "on": true}`.
 */
struct ReceiveFileSettings
{
    enum class Format {
        Raw, ///< the received bytes exactly, every peer's in arrival order
        Log, ///< a text log: a timestamped line per received chunk (or event), as Export writes
    };
    QString path;
    Format format = Format::Raw;
    qint64 rotateBytes = 0; ///< a new file when the current one would pass this; 0: never
    bool on = false;        ///< writing (or meant to be: a failed file waits for Resume)

    /// The smallest rotation size (smaller would rotate on nearly every read).
    static constexpr qint64 MinRotateBytes = 4096;

    [[nodiscard]] QJsonObject toJson() const;
    /// Reads what toJson() wrote; a bad field is refused with a sentence naming it.
    [[nodiscard]] static std::optional<ReceiveFileSettings> fromJson(const QJsonObject &json,
                                                                     QString *error = nullptr);
    /// "raw" or "log", and back (nothing for another word).
    [[nodiscard]] static QString formatName(Format format);
    [[nodiscard]] static std::optional<Format> formatFromName(QStringView name);

private:
    Q_DECLARE_TR_FUNCTIONS(sockeye::ReceiveFileSettings)
};

/**
 * Writes what a session receives to a file while it runs (NetAssist's "receive to file"):
 * the raw bytes, or a text log with times and peers. It reads the session's records as the
 * log appends them, so the file gets exactly what the traffic view and a recording get.
 *
 * The file is appended to (an existing one is continued, not replaced: a long capture that
 * is restarted keeps what it had), opened unbuffered so a failing write is known at once.
 * With rotateBytes, the file is renamed to PATH.1 (PATH.1 to PATH.2 ... up to KeepRotated)
 * before it would pass the size; records are never split between files.
 *
 * When the file cannot be opened or a write fails (no folder, no permission, a full disk), it
 * stops writing and says why, naming the file (failed(), errorText()); receiving and the
 * traffic log go on, and writing starts again only at resume().
 */
class ReceiveFile : public QObject
{
    Q_OBJECT
public:
    enum class State { Off, Writing, Failed };
    Q_ENUM(State)

    /// Files kept besides the current one when rotating (PATH.1 ... PATH.9).
    static constexpr int KeepRotated = 9;

    explicit ReceiveFile(Session *session, QObject *parent = nullptr);
    ~ReceiveFile() override;

    [[nodiscard]] ReceiveFileSettings settings() const;
    /// Takes the path, format and rotation (not `on`: start() and stop() do that). A file being
    /// written is closed and the new one opened; after a failure, nothing opens until resume().
    void setSettings(const ReceiveFileSettings &settings);
    /// Opens the file and writes from now on. False (and failed()) when it cannot be opened.
    bool start();
    void stop();
    /// After a failure: opens the file again and goes on writing.
    bool resume() { return start(); }

    [[nodiscard]] State state() const { return m_state; }
    /// Why it stopped writing, naming the file and what to do; "" unless Failed.
    [[nodiscard]] QString errorText() const { return m_error; }
    /// Bytes written since start() (all files), and the file being written now.
    [[nodiscard]] qint64 bytesWritten() const { return m_written; }
    [[nodiscard]] QString currentPath() const { return m_settings.path; }
    /// "Saving received data to PATH (12.3 KiB)" and the like, for a status line.
    [[nodiscard]] QString statusText() const;

signals:
    void stateChanged(sockeye::ReceiveFile::State state);
    /// Writing stopped: `message` says which file and why.
    void failed(const QString &message);

private:
    void onRecord(const TrafficRecord &record);
    bool open();
    void write(const QByteArray &bytes);
    bool rotate();
    void fail(const QString &message);
    void setState(State state);

    Session *m_session;
    ReceiveFileSettings m_settings;
    std::unique_ptr<QFile> m_file;
    State m_state = State::Off;
    QString m_error;
    qint64 m_written = 0;
    qint64 m_fileBytes = 0; ///< the current file's size
};

} // namespace sockeye
