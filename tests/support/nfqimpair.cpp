// nfqimpair: makes a link lossy, slow and out of order, for tests in a network namespace.
// This kernel has no sch_netem; iptables' NFQUEUE target hands each packet to this program,
// which drops some and lets the others go after a delay with jitter (so they pass each other).
//
//   nfqimpair QUEUE DELAY_MS JITTER_MS LOSS_PERCENT SEED
//
// Prints "READY" on stdout once the queue is bound. On SIGTERM or SIGINT it lets every held
// packet go and prints "passed N dropped N reordered N" on stdout, then exits 0.
// The C library's network headers first: linux/netfilter.h after them does not redefine theirs.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <libnetfilter_queue/libnetfilter_queue.h>
#include <linux/netfilter.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <vector>

namespace {

struct Held
{
    long long releaseAtUs;
    unsigned id;
};

struct Impairer
{
    nfq_q_handle *queue = nullptr;
    int delayUs = 0;
    int jitterUs = 0;
    double loss = 0;
    std::mt19937 random;
    std::vector<Held> held;
    unsigned highestReleased = 0;
    unsigned long passed = 0;
    unsigned long dropped = 0;
    unsigned long reordered = 0;

    // Held packets are bounded: the kernel queue holds at most this many, past it we pass
    // packets at once rather than let the kernel drop them unseen.
    static constexpr size_t MaxHeld = 8192;
};

volatile std::sig_atomic_t stopRequested = 0;

long long nowUs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

void release(Impairer &impairer, unsigned id)
{
    nfq_set_verdict(impairer.queue, id, NF_ACCEPT, 0, nullptr);
    ++impairer.passed;
    if (id < impairer.highestReleased)
        ++impairer.reordered; // an earlier packet overtaken by a later one
    else
        impairer.highestReleased = id;
}

int onPacket(nfq_q_handle *queue, nfgenmsg *, nfq_data *data, void *context)
{
    auto &impairer = *static_cast<Impairer *>(context);
    const nfqnl_msg_packet_hdr *header = nfq_get_msg_packet_hdr(data);
    if (!header)
        return 0;
    const unsigned id = ntohl(header->packet_id);
    std::uniform_real_distribution<double> chance(0, 100);
    if (chance(impairer.random) < impairer.loss) {
        ++impairer.dropped;
        return nfq_set_verdict(queue, id, NF_DROP, 0, nullptr);
    }
    if (impairer.held.size() >= Impairer::MaxHeld) {
        release(impairer, id);
        return 0;
    }
    std::uniform_int_distribution<int> jitter(0, impairer.jitterUs);
    impairer.held.push_back({nowUs() + impairer.delayUs + jitter(impairer.random), id});
    return 0;
}

/// Lets go every held packet that is due; returns the microseconds until the next one is.
long long releaseDue(Impairer &impairer, bool all)
{
    const long long now = nowUs();
    long long next = -1;
    std::vector<Held> keep;
    keep.reserve(impairer.held.size());
    // Due packets go in the order they fall due, which is what reorders them.
    std::vector<Held> due;
    for (const Held &h : impairer.held) {
        if (all || h.releaseAtUs <= now)
            due.push_back(h);
        else
            keep.push_back(h);
    }
    std::sort(due.begin(), due.end(),
              [](const Held &a, const Held &b) { return a.releaseAtUs < b.releaseAtUs; });
    for (const Held &h : due)
        release(impairer, h.id);
    impairer.held.swap(keep);
    for (const Held &h : impairer.held) {
        const long long wait = h.releaseAtUs - now;
        if (next < 0 || wait < next)
            next = wait;
    }
    return next;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 6) {
        std::fprintf(stderr, "usage: nfqimpair QUEUE DELAY_MS JITTER_MS LOSS_PERCENT SEED\n");
        return 2;
    }
    Impairer impairer;
    const auto queueNumber = static_cast<uint16_t>(std::atoi(argv[1]));
    impairer.delayUs = std::atoi(argv[2]) * 1000;
    impairer.jitterUs = std::atoi(argv[3]) * 1000;
    impairer.loss = std::atof(argv[4]);
    impairer.random.seed(static_cast<unsigned>(std::atoi(argv[5])));

    nfq_handle *handle = nfq_open();
    if (!handle) {
        std::perror("nfqimpair: nfq_open");
        return 1;
    }
    impairer.queue = nfq_create_queue(handle, queueNumber, &onPacket, &impairer);
    if (!impairer.queue || nfq_set_mode(impairer.queue, NFQNL_COPY_META, 0) < 0) {
        std::perror("nfqimpair: cannot bind the queue");
        return 1;
    }
    nfq_set_queue_maxlen(impairer.queue, Impairer::MaxHeld * 2);
    std::signal(SIGTERM, [](int) { stopRequested = 1; });
    std::signal(SIGINT, [](int) { stopRequested = 1; });
    std::printf("READY\n");
    std::fflush(stdout);

    const int fd = nfq_fd(handle);
    std::vector<char> buffer(1 << 16);
    while (!stopRequested) {
        const long long waitUs = releaseDue(impairer, false);
        pollfd p{fd, POLLIN, 0};
        const int timeoutMs = waitUs < 0 ? 100 : static_cast<int>((waitUs + 999) / 1000);
        if (poll(&p, 1, timeoutMs) > 0 && (p.revents & POLLIN)) {
            const ssize_t n = recv(fd, buffer.data(), buffer.size(), MSG_DONTWAIT);
            if (n > 0)
                nfq_handle_packet(handle, buffer.data(), static_cast<int>(n));
            else if (n < 0 && errno == ENOBUFS)
                std::fprintf(stderr, "nfqimpair: the kernel dropped queued packets\n");
        }
    }
    releaseDue(impairer, true);
    std::printf("passed %lu dropped %lu reordered %lu\n", impairer.passed, impairer.dropped,
                impairer.reordered);
    std::fflush(stdout);
    nfq_destroy_queue(impairer.queue);
    nfq_close(handle);
    return 0;
}
