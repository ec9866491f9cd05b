#pragma once

#include "session/session.h"

#include <QObject>

class QTimer;

namespace sockeye::cli {

/**
 * `--stats`: prints each TCP connection's statistics (TCP_INFO) and its story (ConnectionStory)
 * to stderr when it ends, and with `--stats-interval` its statistics every so often while it
 * lasts. Printed even with --quiet: they were
 * asked for.
 */
class StatsPrinter : public QObject
{
    Q_OBJECT
public:
    /// `intervalS` 0: only at the end.
    StatsPrinter(Session *session, double intervalS, QObject *parent = nullptr);

    /// The statistics of every connection still open (the CLI is about to exit).
    void printOpenConnections();

signals:
    /// A line for stderr, printed by the CLI after the frames that came before it.
    void line(const QString &text);

private:
    void printEach(bool atExit);

    Session *m_session;
    QTimer *m_timer = nullptr;
};

} // namespace sockeye::cli
