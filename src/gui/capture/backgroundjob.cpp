#include "capture/backgroundjob.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QProgressDialog>
#include <QThread>

namespace sockeye {

void BackgroundJob::run(QWidget *parent, const QString &label, QObject *object,
                        const std::function<void()> &work, const std::function<void()> &cancel,
                        const ProgressHookup &hookup)
{
    QProgressDialog dialog(label, QCoreApplication::translate("sockeye::BackgroundJob", "Cancel"),
                           0, 1000, parent);
    dialog.setWindowTitle(QCoreApplication::translate("sockeye::BackgroundJob", "Sockeye"));
    dialog.setWindowModality(Qt::WindowModal);
    dialog.setMinimumDuration(400);
    dialog.setAutoClose(false);
    dialog.setAutoReset(false);
    dialog.setValue(0);

    QThread *mainThread = QThread::currentThread();
    QThread *thread = QThread::create([object, work, mainThread] {
        work();
        if (object)
            object->moveToThread(mainThread);
    });
    if (object)
        object->moveToThread(thread);
    if (hookup)
        hookup(&dialog);
    QObject::connect(&dialog, &QProgressDialog::canceled, &dialog, [cancel] {
        if (cancel)
            cancel();
    });
    QEventLoop loop;
    QObject::connect(thread, &QThread::finished, &loop, &QEventLoop::quit);
    thread->start();
    loop.exec();
    thread->wait();
    delete thread;
    // Queued progress from the worker must not reach the dialog once it is gone.
    QCoreApplication::removePostedEvents(&dialog);
}

void BackgroundJob::setProgress(QProgressDialog *dialog, qint64 done, qint64 total)
{
    if (!dialog || dialog->wasCanceled())
        return;
    dialog->setValue(total > 0 ? int(qBound(qint64(0), done * 1000 / total, qint64(1000))) : 0);
}

} // namespace sockeye
