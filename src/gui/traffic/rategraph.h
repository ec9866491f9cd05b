#pragma once

#include <QWidget>

#include <deque>

namespace sockeye {

/// A small live graph of received and sent bytes per second over the last minute. Its zero line
/// is always drawn; while the last minute had no traffic it says so (idleText()) instead of
/// drawing flat lines, so the empty graph does not look like a blank box.
class RateGraph : public QWidget
{
    Q_OBJECT
public:
    static constexpr int Samples = 60;

    explicit RateGraph(QWidget *parent = nullptr);

    /// Adds one second's rates (bytes per second); the oldest sample falls off.
    void addSample(double received, double sent);
    [[nodiscard]] int sampleCount() const { return int(m_received.size()); }
    /// True while no sample of the last minute has a byte (and before the first sample).
    [[nodiscard]] bool isIdle() const { return m_peak <= 0.0; }
    /// What the graph shows while idle.
    [[nodiscard]] static QString idleText();

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    std::deque<double> m_received;
    std::deque<double> m_sent;
    double m_peak = 0.0; ///< the largest sample of either series
};

} // namespace sockeye
