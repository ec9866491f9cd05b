#include "session/receivefilebutton.h"

#include "session/receivefiledialog.h"
#include "traffic/receivefile.h"
#include "widgets/icons.h"

#include <QStyle>
#include <QTimer>

namespace sockeye {

ReceiveFileButton::ReceiveFileButton(ReceiveFile *file, QWidget *parent)
    : QToolButton(parent)
    , m_file(file)
    , m_refresh(new QTimer(this))
{
    setAutoRaise(true);
    setCheckable(true);
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    setIcon(Icons::icon(Icons::Save));
    int widest = 0;
    for (const QString &label : {tr("To file"), tr("To file (stopped)")}) {
        setText(label);
        widest = qMax(widest, sizeHint().width());
    }
    setMinimumWidth(widest);
    m_refresh->setInterval(1000);
    connect(m_refresh, &QTimer::timeout, this, [this] { refresh(); });
    connect(this, &QToolButton::clicked, this, [this] {
        if (m_file->state() == ReceiveFile::State::Writing)
            m_file->stop();
        else
            (void)choose();
        refresh();
    });
    connect(m_file, &ReceiveFile::stateChanged, this, [this] { refresh(); });
    refresh();
}

bool ReceiveFileButton::choose()
{
    ReceiveFileDialog dialog(m_file->settings(), this);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    m_file->setSettings(dialog.settings());
    (void)m_file->start(); // a failure is told by failed() and shows here
    return true;
}

void ReceiveFileButton::refresh()
{
    const ReceiveFile::State state = m_file->state();
    setChecked(state != ReceiveFile::State::Off);
    if (state == ReceiveFile::State::Failed) {
        setText(tr("To file (stopped)"));
        setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
        setToolTip(tr("%1\nClick to choose a file and go on writing.").arg(m_file->errorText()));
    } else {
        setText(tr("To file"));
        setIcon(Icons::icon(Icons::Save));
        setToolTip(state == ReceiveFile::State::Writing
                       ? tr("%1\nClick to stop writing.").arg(m_file->statusText())
                       : tr("Save what this session receives to a file while it runs: the "
                            "bytes, or a text log with times"));
    }
    if (state == ReceiveFile::State::Writing)
        m_refresh->start();
    else
        m_refresh->stop();
}

} // namespace sockeye
