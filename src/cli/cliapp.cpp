#include "cliapp.h"

#include "framewriter.h"
#include "statsprinter.h"
#include "workspacerunner.h"

#include "automation/filesender.h"
#include "automation/periodicsender.h"
#include "automation/responder.h"
#include "payload/textcodec.h"
#include "session/sessionmanager.h"
#include "session/udpsession.h" // datagram size limits
#include "tls/selfsignedcertificate.h"
#include "traffic/capturereader.h"
#include "traffic/conversationtable.h"
#include "traffic/displayformat.h"
#include "traffic/exporter.h"
#include "traffic/receivefile.h"
#include "traffic/recorder.h"
#include "traffic/replayer.h"
#include "traffic/streamframers.h"
#include "traffic/trafficlog.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryFile>
#include <QTimer>

#include <cstdio>
#include <unistd.h>

namespace sockeye::cli {

namespace {
/// "any" as words for a message: where a listener listens.
QString bindAddressWords(const QString &address)
{
    if (address == QLatin1String("any"))
        return CliApp::tr("all IPv4 and IPv6 addresses");
    if (address == QLatin1String("any4"))
        return CliApp::tr("all IPv4 addresses");
    if (address == QLatin1String("any6"))
        return CliApp::tr("all IPv6 addresses");
    return address;
}
// --expect looks at this much of the most recent input.
constexpr qsizetype ExpectWindow = 16 * 1024 * 1024;
} // namespace

CliApp::CliApp(const CliOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_manager(new SessionManager(this))
    , m_log(m_manager->log())
    , m_output(new FrameWriter(options.format, options.encoding, options.timestamps, options.quiet,
                               this))
{
    // The CLI streams to stdout; keep only a little history in memory.
    m_log->setByteBudget(CliLogBudget);
}

CliApp::~CliApp() = default;

void CliApp::message(const QString &text)
{
    m_output->message(text);
}

bool CliApp::waitsForSomething() const
{
    return m_options.expect || !m_options.expectRegex.isEmpty() || m_options.count > 0 ||
           m_options.durationS >= 0;
}

void CliApp::runExport()
{
    Exporter exporter(nullptr);
    exporter.setFormat(m_options.exportFormat);
    exporter.setEncoding(m_options.encoding);
    exporter.setRawLayout(m_options.exportSplit ? Exporter::RawLayout::PerPeerDirection
                                                : Exporter::RawLayout::OneFile);
    if (m_options.exportDirection != Direction::None) {
        const Direction d = m_options.exportDirection;
        exporter.setFilter([d](const TrafficRecord &r) { return r.direction == d; });
    }
    // OUT "-" is standard output: the export goes to a temporary file, then is copied there
    // in chunks (the exporter writes files atomically, and a capture may be larger than memory).
    const bool toStdout = m_options.exportOut == QLatin1String("-");
    QTemporaryFile temporary;
    if (toStdout && !temporary.open()) {
        std::fprintf(
            stderr, "sockeye-cli: %s\n",
            qPrintable(tr("cannot make a temporary file: %1.").arg(temporary.errorString())));
        finish(ExitUsage);
        return;
    }
    const bool ok = exporter.exportCapture(m_options.captureIn,
                                           toStdout ? temporary.fileName() : m_options.exportOut);
    for (const QString &warning : exporter.warnings())
        message(tr("sockeye-cli: %1").arg(warning));
    if (!ok) {
        std::fprintf(stderr, "sockeye-cli: %s\n", qPrintable(exporter.errorString()));
        finish(ExitUsage);
        return;
    }
    if (toStdout) {
        QFile written(temporary.fileName());
        QFile out;
        if (!written.open(QIODevice::ReadOnly) ||
            !out.open(STDOUT_FILENO, QIODevice::WriteOnly | QIODevice::Unbuffered)) {
            std::fprintf(stderr, "sockeye-cli: %s\n", qPrintable(written.errorString()));
            finish(ExitUsage);
            return;
        }
        while (!written.atEnd()) {
            if (out.write(written.read(1024 * 1024)) < 0) {
                finish(ExitUsage); // a closed pipe: nobody reads on
                return;
            }
        }
        message(tr("Exported %n record(s) to standard output.", nullptr,
                   int(exporter.recordsWritten())));
        finish(ExitOk);
        return;
    }
    message(tr("Exported %n record(s) to %1.", nullptr, int(exporter.recordsWritten()))
                .arg(exporter.writtenFiles().join(QStringLiteral(", "))));
    finish(ExitOk);
}

bool CliApp::loadReplay()
{
    CaptureReader reader;
    if (!reader.read(m_options.captureIn)) {
        std::fprintf(stderr, "sockeye-cli: %s\n", qPrintable(reader.errorString()));
        return false;
    }
    QList<Conversation> withData;
    for (const Conversation &c : reader.conversations()->conversations()) {
        for (const TrafficRecord &r : reader.records()) {
            if (r.isData() && r.session == c.session && r.peer == c.peer) {
                withData << c;
                break;
            }
        }
    }
    if (m_options.replayStream >= withData.size()) {
        std::fprintf(stderr, "%s\n",
                     qPrintable(tr("sockeye-cli replay: %1 holds %n conversation(s) with data; "
                                   "--stream counts from 0.",
                                   nullptr, int(withData.size()))
                                    .arg(m_options.captureIn)));
        return false;
    }
    const Conversation &c = withData.at(m_options.replayStream);
    m_replayRecords =
        Replayer::clientSide(reader.records(), reader.conversations(), c.session, c.peer);
    message(tr("Replaying %n record(s) that %1 sent to %2", nullptr, int(m_replayRecords.size()))
                .arg(c.weOpened ? c.localLabel() : c.remoteLabel(),
                     c.weOpened ? c.remoteLabel() : c.localLabel()));
    return true;
}

bool CliApp::startRecording()
{
    m_conversations = new ConversationTable(this);
    m_conversations->addSession(m_session);
    m_recorder = new Recorder(m_log, m_conversations, this);
    connect(m_recorder, &Recorder::errorOccurred, this, [this](const QString &text) {
        std::fprintf(stderr, "sockeye-cli: %s\n", qPrintable(text));
        finish(ExitUsage);
    });
    if (!m_recorder->start(m_options.recordFile)) {
        std::fprintf(stderr, "sockeye-cli: %s\n", qPrintable(m_recorder->errorString()));
        finish(ExitUsage);
        return false;
    }
    return true;
}

bool CliApp::startReceiveFile()
{
    m_receiveFile = new ReceiveFile(m_session, this);
    m_receiveFile->setSettings(*m_options.receiveFile);
    // A file that fails later is said once; receiving (and stdout) go on without it.
    connect(m_receiveFile, &ReceiveFile::failed, this, [](const QString &text) {
        std::fprintf(stderr, "sockeye-cli: %s\n", qPrintable(text));
    });
    if (!m_receiveFile->start()) {
        finish(ExitUsage);
        return false;
    }
    return true;
}

void CliApp::start()
{
    if (m_options.command == CliOptions::Command::Run) {
        m_runner = new WorkspaceRunner(m_options, m_output, this);
        connect(m_runner, &WorkspaceRunner::finished, this, &CliApp::finish);
        m_runner->start();
        return;
    }
    if (m_options.command == CliOptions::Command::Export) {
        runExport();
        return;
    }
    if (m_options.command == CliOptions::Command::Replay && !loadReplay()) {
        finish(ExitUsage);
        return;
    }
    const bool listen = m_options.command == CliOptions::Command::Listen;
    SessionConfig config;
    config.bindPort = listen ? m_options.port : m_options.localPort;
    config.bindAddress =
        m_options.bindAddress.isEmpty() ? QStringLiteral("any") : m_options.bindAddress;
    config.remoteHost = m_options.host;
    config.remotePort = listen ? 0 : m_options.port;
    config.connectTimeoutMs = m_options.connectTimeoutMs;
    const SessionConfig &options = m_options.socketOptions;
    config.noDelay = options.noDelay;
    config.keepAliveIdleS = options.keepAliveIdleS;
    config.keepAliveIntervalS = options.keepAliveIntervalS;
    config.keepAliveCount = options.keepAliveCount;
    config.receiveBufferBytes = options.receiveBufferBytes;
    config.sendBufferBytes = options.sendBufferBytes;
    config.backlog = options.backlog;
    config.tls = m_options.tls;
    if (m_options.udp) {
        config.kind = SessionKind::Udp;
        if (!listen && m_options.bindAddress.isEmpty()) {
            // Bind the family of the target so datagrams can go out.
            config.bindAddress =
                QHostAddress(m_options.host).protocol() == QAbstractSocket::IPv6Protocol
                    ? QStringLiteral("any6")
                    : QStringLiteral("any4");
        }
    } else if (listen) {
        config.kind = SessionKind::TcpServer;
    } else {
        config.kind = SessionKind::TcpClient;
        // --bind and --local-port: where to connect from (without --bind, any address).
        config.clientBind = !m_options.bindAddress.isEmpty() || m_options.localPort != 0;
    }
    m_session = m_manager->createSession(config);

    m_framer = new StreamFramers(m_log, m_session->id(), this);
    (void)m_framer->setSpec(m_options.framing); // checked by the parser
    connect(m_framer, &StreamFramers::frameCompleted, this, [this](const TrafficRecord &frame) {
        if (frame.direction == Direction::Rx)
            onFrame(frame.peer, frame.bytes);
    });
    connect(m_framer, &StreamFramers::framingProblem, this,
            [this](SessionId, PeerId, const QString &text) { message(text); });
    if (!m_options.rules.isEmpty()) {
        m_responder = new Responder(m_session, m_framer, this);
        m_responder->setRules(m_options.rules);
        connect(m_responder, &Responder::replyFailed, this, [this](int, const QString &text) {
            if (text != m_session->lastErrorText()) // send errors were printed by onError
                message(text);
        });
    }
    if (m_options.stats) {
        m_stats = new StatsPrinter(m_session, m_options.statsIntervalS, this);
        connect(m_stats, &StatsPrinter::line, m_output, &FrameWriter::report);
    }
    connect(m_session, &Session::stateChanged, this, &CliApp::onStateChanged);
    connect(m_session, &Session::errorOccurred, this, &CliApp::onError);
    connect(m_session, &Session::peerAdded, this, [this](const Peer &peer) {
        const bool server = m_options.command == CliOptions::Command::Listen;
        if (server && !m_options.udp)
            message(tr("%1 connected").arg(peer.label()));
        if (server && peer.tls.encrypted)
            tellTls(peer);
    });
    connect(m_log, &TrafficLog::recordAppended, this, [this](const TrafficRecord &record) {
        // A TLS server's refused handshakes are its own (no peer); the rest is said elsewhere.
        const bool refusedHandshake = record.kind == RecordKind::Error && record.peer == NoPeer &&
                                      m_options.tls.enabled &&
                                      m_session->state() == Session::State::Listening;
        if (record.kind == RecordKind::ClosedByPeer || record.kind == RecordKind::Reset ||
            refusedHandshake)
            message(record.text);
    });

    if (!m_options.recordFile.isEmpty() && !startRecording())
        return;
    if (m_options.receiveFile && !startReceiveFile())
        return;

    if (m_options.durationS >= 0)
        QTimer::singleShot(int(m_options.durationS * 1000), this, [this] { finish(ExitOk); });
    double timeout = m_options.timeoutS;
    if (timeout < 0 && (m_options.expect || !m_options.expectRegex.isEmpty()))
        timeout = 10;
    if (timeout >= 0) {
        QTimer::singleShot(int(timeout * 1000), this, [this, timeout] {
            message(tr("sockeye-cli: timed out after %1 s.").arg(timeout));
            finish(ExitNotMet);
        });
    }

    if (!m_session->start())
        return; // onError finishes
    if (listen) {
        const quint16 port = m_session->boundPort();
        message(tr("Listening on %1, port %2 (%3)")
                    .arg(bindAddressWords(m_options.bindAddress))
                    .arg(port)
                    .arg(m_options.udp           ? QStringLiteral("UDP")
                         : m_options.tls.enabled ? QStringLiteral("TLS")
                                                 : QStringLiteral("TCP")));
        if (m_options.tls.selfSigned) {
            QString error;
            if (const auto own = SelfSignedCertificate::forThisMachine(&error))
                message(tr("Presenting the self-signed certificate %1, SHA-256 %2: clients can "
                           "trust it with that file as their CA file.")
                            .arg(own->certFile, sha256Fingerprint(own->certificate)));
        }
    } else if (m_options.udp) {
        onReady();
    }
}

void CliApp::onStateChanged(Session::State state)
{
    if (m_options.command == CliOptions::Command::Listen || m_options.udp)
        return;
    if (state == Session::State::Connected) {
        message(tr("Connected to %1").arg(endpointText(m_options.host, m_options.port)));
        const QList<Peer> peers = m_session->peers();
        if (!peers.isEmpty() && peers.constFirst().tls.encrypted)
            tellTls(peers.constFirst());
        onReady();
    } else if (state == Session::State::Idle && m_ready) {
        // The server closed the connection: what it sent has been printed.
        m_framer->flushAll();
        if (m_fileSender && m_fileSender->isRunning()) {
            QString text =
                m_options.sendFile == QLatin1String("-")
                    ? tr("sockeye-cli: the connection ended after %1 bytes of standard input "
                         "were sent; the rest was not.")
                          .arg(m_fileSender->bytesSent())
                    : tr("sockeye-cli: the connection ended after %1 of %2 bytes of %3 were "
                         "sent; the rest was not.")
                          .arg(m_fileSender->bytesSent())
                          .arg(m_fileSender->totalBytes())
                          .arg(m_options.sendFile);
            text += acknowledgedSentence();
            std::fprintf(stderr, "%s\n", qPrintable(text));
            finish(ExitNetwork);
            return;
        }
        finish(waitsForSomething() && !m_sendsDone                      ? ExitNotMet
               : (m_options.expect || !m_options.expectRegex.isEmpty()) ? ExitNotMet
                                                                        : ExitOk);
    }
}

void CliApp::tellTls(const Peer &peer)
{
    const bool server = m_options.command == CliOptions::Command::Listen;
    message(TlsReport::handshakeDone(peer.tls,
                                     server ? TlsReport::Side::Client : TlsReport::Side::Server));
    for (const QString &line : TlsReport::chainLines(peer.tls.chain))
        message(line);
}

QString CliApp::acknowledgedSentence() const
{
    // Sent is what left Sockeye; what the peer's system confirmed having may be less.
    const qint64 acknowledged = m_session->acknowledgedBytes(NoPeer); // the server
    if (acknowledged < 0)
        return {};
    return QLatin1Char(' ') +
           tr("The peer had acknowledged at least %1 of them.").arg(acknowledged);
}

void CliApp::onError(SessionError error, const QString &text)
{
    std::fprintf(stderr, "sockeye-cli: %s\n", qPrintable(text));
    // A file send cut short: how far it got (what was handed to the socket; the peer may have
    // taken less).
    if (m_fileSender && m_fileSender->isRunning()) {
        std::fprintf(
            stderr, "%s\n",
            qPrintable(tr("sockeye-cli: %1 bytes of %2 had been sent; the rest was not.")
                           .arg(m_fileSender->bytesSent())
                           .arg(m_options.sendFile == QLatin1String("-") ? tr("standard input")
                                                                         : m_options.sendFile) +
                       acknowledgedSentence()));
        m_fileSender->cancel();
    }
    // A listener keeps serving when one client's send fails or a client resets.
    if (m_options.command == CliOptions::Command::Listen &&
        (m_session->state() == Session::State::Listening ||
         m_session->state() == Session::State::Bound))
        return;
    if (error == SessionError::ResetByPeer &&
        (m_options.expect || !m_options.expectRegex.isEmpty()))
        finish(ExitNotMet);
    else if (error == SessionError::TlsSetup || error == SessionError::TlsPassphrase)
        finish(ExitUsage); // a file or passphrase the parser could not check before
    else
        finish(ExitNetwork);
}

void CliApp::onReady()
{
    m_ready = true;
    if (m_options.command == CliOptions::Command::Replay) {
        m_replayer = new Replayer(m_session, this);
        m_replayer->setRecords(m_replayRecords);
        m_replayer->setTiming(m_options.replayFast ? Replayer::Timing::AsFastAsPossible
                                                   : Replayer::Timing::Original);
        m_replayer->setSpeed(m_options.replaySpeed);
        connect(m_replayer, &Replayer::finished, this, &CliApp::afterSends);
        connect(m_replayer, &Replayer::failed, this, [this](const QString &text) {
            std::fprintf(stderr, "sockeye-cli: %s\n", qPrintable(text));
            finish(ExitNetwork);
        });
        m_replayer->start();
        return;
    }
    if (m_options.intervalMs >= 0 && !m_options.sends.isEmpty()) {
        m_periodic = new PeriodicSender(m_session, this);
        m_periodic->setPayloads(m_options.sends);
        m_periodic->setInterval(m_options.intervalMs);
        m_periodic->setCount(quint64(m_options.repeat) * quint64(m_options.sends.size()));
        connect(m_periodic, &PeriodicSender::finished, this, [this] {
            if (sendFileContents())
                afterSends();
        });
        connect(m_periodic, &PeriodicSender::failed, this, [this](const QString &text) {
            std::fprintf(stderr, "sockeye-cli: %s\n", qPrintable(text));
            finish(ExitNetwork);
        });
        connect(m_periodic, &PeriodicSender::ticksMissed, this,
                [this] { message(m_periodic->missedText()); });
        m_periodic->start();
        return;
    }
    sendAll();
}

void CliApp::sendAll()
{
    PayloadContext context;
    for (int round = 0; round < m_options.repeat; ++round) {
        for (const PayloadSpec &spec : std::as_const(m_options.sends)) {
            const EncodeResult bytes = spec.encode(context);
            if (!bytes.ok()) {
                std::fprintf(stderr, "sockeye-cli: %s\n", qPrintable(bytes.error.message));
                finish(ExitUsage);
                return;
            }
            if (!m_session->send(bytes.bytes).ok())
                return; // onError finishes
        }
    }
    if (sendFileContents())
        afterSends();
}

bool CliApp::sendFileContents()
{
    if (m_options.sendFile.isEmpty())
        return true;
    // Read as the peer takes it: at most FileSender::maxPendingBytes() wait in the socket, so
    // a 1 GiB file or an endless stdin never sits in memory.
    m_fileSender = new FileSender(m_session, this);
    if (m_options.udp) {
        // Said, not done silently: a datagram carries at most this much.
        m_fileSender->setChunkSize(UdpSession::MaxDatagramSize);
        const qint64 size = QFileInfo(m_options.sendFile).size();
        if (m_options.sendFile == QLatin1String("-"))
            message(tr("Standard input goes out as datagrams of at most %1 bytes each.")
                        .arg(UdpSession::MaxDatagramSize));
        else if (size > UdpSession::MaxDatagramSize)
            message(tr("%1 is %2 bytes: over UDP it goes out as %3 datagrams of at most %4 "
                       "bytes each.")
                        .arg(m_options.sendFile)
                        .arg(size)
                        .arg((size + UdpSession::MaxDatagramSize - 1) / UdpSession::MaxDatagramSize)
                        .arg(UdpSession::MaxDatagramSize));
    }
    connect(m_fileSender, &FileSender::finished, this, [this](bool ok, const QString &text) {
        if (m_finished)
            return;
        if (!ok) {
            std::fprintf(stderr, "sockeye-cli: %s\n", qPrintable(text));
            finish(m_fileSender->readFailed() ? ExitUsage : ExitNetwork);
            return;
        }
        afterSends();
    });
    QString error;
    const QString path = m_options.sendFile == QLatin1String("-") ? QStringLiteral("/dev/stdin")
                                                                  : m_options.sendFile;
    if (!m_fileSender->start(path, {}, &error)) {
        std::fprintf(stderr, "sockeye-cli: %s\n", qPrintable(error));
        finish(ExitUsage);
    }
    return false; // afterSends() follows when the file is sent
}

void CliApp::afterSends()
{
    m_sendsDone = true;
    const bool tcpConnect = m_options.command == CliOptions::Command::Connect && !m_options.udp;
    if (tcpConnect && m_options.closeMode == Session::CloseMode::HalfClose) {
        // FIN once the payloads are written; what comes back prints until the peer closes
        // (or until what was waited for arrives).
        m_session->disconnectAll(Session::CloseMode::HalfClose); // the one connection
        return;
    }
    if (waitsForSomething() || m_options.command == CliOptions::Command::Listen)
        return;
    if (m_options.sends.isEmpty() && m_options.sendFile.isEmpty() &&
        m_options.command != CliOptions::Command::Replay && !m_options.closeAsked)
        return; // nothing sent: print what arrives until the peer closes (unless told)
    // Nothing to wait for: close once the data is written.
    if (m_options.udp) {
        // Datagrams to a host name leave once it resolves (or its error ends the run).
        if (m_session->bytesToWrite() == 0) {
            finish(ExitOk);
            return;
        }
        connect(m_session, &Session::bytesWritten, this, [this] {
            if (m_session->bytesToWrite() == 0)
                finish(ExitOk);
        });
    } else if (tcpConnect && m_options.closeMode == Session::CloseMode::Reset) {
        // Once everything is handed to the kernel; the reset drops what it still holds, as a
        // reset does. Idle follows, and onStateChanged() finishes.
        const auto reset = [this] {
            if (m_session->bytesToWrite() == 0)
                m_session->disconnectAll(Session::CloseMode::Reset);
        };
        connect(m_session, &Session::bytesWritten, this, reset);
        reset();
    } else {
        m_session->stop(); // graceful: Idle follows once written
        connect(m_session, &Session::stateChanged, this, [this](Session::State state) {
            if (state == Session::State::Idle)
                finish(ExitOk);
        });
    }
}

void CliApp::onFrame(PeerId peer, const QByteArray &frame)
{
    ++m_frames;
    writeFrame(peer, frame);
    checkExpectation(frame);
    if (m_options.count > 0 && m_frames >= m_options.count && !m_finished) {
        if (m_options.expect || !m_options.expectRegex.isEmpty())
            finish(ExitNotMet);
        else
            finish(ExitOk);
    }
}

void CliApp::writeFrame(PeerId peer, const QByteArray &frame)
{
    QString label;
    if (m_options.timestamps) {
        const auto p = m_session->peer(peer);
        label = p ? p->label() : QString();
    }
    m_output->write(frame, m_framer->body(frame), label);
}

void CliApp::checkExpectation(const QByteArray &frame)
{
    if (!m_options.expect && m_options.expectRegex.isEmpty())
        return;
    m_received += frame;
    if (m_received.size() > ExpectWindow)
        m_received = m_received.right(ExpectWindow / 2);
    bool met = false;
    if (m_options.expect) {
        PayloadContext context;
        const EncodeResult wanted = m_options.expect->encode(context);
        met = wanted.ok() && m_received.contains(wanted.bytes);
    } else {
        const QRegularExpression re(m_options.expectRegex);
        met = re.match(TextCodec::decode(m_received, m_options.encoding)).hasMatch();
    }
    if (met) {
        message(tr("Expectation met."));
        finish(ExitOk);
    }
}

void CliApp::interrupt()
{
    if (m_runner) {
        m_runner->interrupt();
        return;
    }
    finish(m_options.expect || !m_options.expectRegex.isEmpty() ? ExitNotMet : ExitOk);
}

void CliApp::finish(int code)
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_periodic)
        m_periodic->stop();
    if (m_replayer)
        m_replayer->stop();
    if (m_recorder)
        m_recorder->stop(); // flushed and closed before the exit
    if (m_fileSender && m_fileSender->isRunning())
        m_fileSender->cancel();
    if (m_stats)
        m_stats->printOpenConnections();
    m_output->flush();
    emit finished(code);
}

} // namespace sockeye::cli
