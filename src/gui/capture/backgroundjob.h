#pragma once

#include <QString>

#include <functional>

class QObject;
class QProgressDialog;
class QWidget;

namespace sockeye {

/**
 * Runs a long file job (an export, reading a capture) in a worker thread while the event loop
 * goes on, so sessions keep receiving. `object` (an Exporter, a CaptureReader) is moved to the
 * worker for the job's length and back afterwards, so its own connections stay direct. A
 * progress dialog shows up when the job takes a while; its Cancel calls `cancel`, which must
 * be thread-safe (the core's cancel() is atomic).
 */
class BackgroundJob
{
public:
    /// Wires the object's progress signal to the dialog (queued: it fires in the worker).
    using ProgressHookup = std::function<void(QProgressDialog *dialog)>;

    /// Returns once `work` has returned in the worker thread.
    static void run(QWidget *parent, const QString &label, QObject *object,
                    const std::function<void()> &work, const std::function<void()> &cancel,
                    const ProgressHookup &hookup = {});

    /// Scales a (done, total) pair of any size to the dialog's 0..1000 range.
    static void setProgress(QProgressDialog *dialog, qint64 done, qint64 total);
};

} // namespace sockeye
