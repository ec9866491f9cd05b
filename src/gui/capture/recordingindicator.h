#pragma once

#include <QWidget>

class QLabel;
class QTimer;
class QToolButton;

namespace sockeye {

class Recorder;

/**
 * The status bar's sign that a recording runs: a red dot, the file's name, what was written so
 * far (size and records, refreshed twice a second) and a Stop button. Hidden otherwise.
 */
class RecordingIndicator : public QWidget
{
    Q_OBJECT
public:
    explicit RecordingIndicator(Recorder *recorder, QWidget *parent = nullptr);

    [[nodiscard]] QLabel *label() const { return m_label; }
    [[nodiscard]] QToolButton *stopButton() const { return m_stop; }

    /// Re-reads the recorder's figures now.
    void refresh();

signals:
    void stopRequested();

private:
    Recorder *m_recorder;
    QLabel *m_label;
    QToolButton *m_stop;
    QTimer *m_timer;
};

} // namespace sockeye
