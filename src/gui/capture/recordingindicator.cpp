#include "capture/recordingindicator.h"

#include "models/connectionlistmodel.h"
#include "traffic/recorder.h"
#include "widgets/icons.h"
#include "widgets/theme.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>
#include <QToolButton>

namespace sockeye {

RecordingIndicator::RecordingIndicator(Recorder *recorder, QWidget *parent)
    : QWidget(parent)
    , m_recorder(recorder)
    , m_label(new QLabel(this))
    , m_stop(new QToolButton(this))
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("recordingIndicator"));
    m_stop->setIcon(Icons::icon(Icons::Stop));
    m_stop->setText(tr("Stop"));
    m_stop->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_stop->setAutoRaise(true);
    m_stop->setToolTip(tr("Stop recording and close the file"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_label);
    layout->addWidget(m_stop);

    m_timer->setInterval(500);
    connect(m_timer, &QTimer::timeout, this, [this] { refresh(); });
    connect(m_stop, &QToolButton::clicked, this, &RecordingIndicator::stopRequested);
    connect(recorder, &Recorder::started, this, [this] {
        refresh();
        show();
        m_timer->start();
    });
    connect(recorder, &Recorder::stopped, this, [this] {
        m_timer->stop();
        hide();
    });
    hide();
}

void RecordingIndicator::refresh()
{
    const QString name = QFileInfo(m_recorder->fileName()).fileName();
    const QString red = Theme::recordingDot(palette());
    m_label->setText(tr("<span style=\"color:%1\">\u25cf</span> Recording <b>%2</b> \u2014 %3, "
                        "%n record(s)",
                        "", int(qMin<quint64>(m_recorder->recordsWritten(), INT_MAX)))
                         .arg(red, name.toHtmlEscaped(),
                              ConnectionListModel::formatBytes(m_recorder->bytesWritten())));
    m_label->setToolTip(tr("Recording every record to %1 (pcapng); nothing is lost when the "
                           "view drops old records")
                            .arg(m_recorder->fileName()));
}

} // namespace sockeye
