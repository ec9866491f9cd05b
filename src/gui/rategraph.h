#pragma once

#include <QWidget>

#include <deque>

namespace sockeye {

/// A small live graph of received and sent bytes per second over the last minute.
class RateGraph : public QWidget
{
    Q_OBJECT
public:
    static constexpr int Samples = 60;

    explicit RateGraph(QWidget *parent = nullptr);

    /// Adds one second's rates (bytes per second); the oldest sample falls off.
    void addSample(double received, double sent);
    [[nodiscard]] int sampleCount() const { return int(m_received.size()); }

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    std::deque<double> m_received;
    std::deque<double> m_sent;
};

} // namespace sockeye
