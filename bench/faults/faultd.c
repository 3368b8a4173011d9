/*
 * faultd: the guardian bench's workload. It runs as PID 1 of a sandbox (rootfs: busybox + this binary), serves
 * HTTP on a contract endpoint (0.0.0.0:$PORT, default 8080) with GET /health -> 200 "ok", writes the HAL report
 * /run/edgefusion/hal.json at start, and at FAULT_AT (epoch milliseconds; a past one means at once) turns into
 * the fault FAULT names:
 *
 *   none       never
 *   crash      exit 1 (a later start exits at once too: the fault is in the revision's build)
 *   crashloop  exit 1; every start after FAULT_AT serves for CRASH_AFTER ms (default 200), then exits 1
 *   drift      also bind+listen 0.0.0.0:7777, outside the contract; EPERM (the guardian's cgroup BPF bind
 *              program refused it) is logged and it keeps serving
 *   hal        rewrite hal.json with serial_frame 44 bytes against the pinned 32
 *   oom        allocate and touch memory until the kernel kills it
 *   probe      /health answers 500
 *   hang       accept connections and never answer (alive, the probe times out)
 *
 * Every log line goes to stdout and carries trace_id=<16 hex> (contract rule logging.entry), one per event,
 * none per request. One thread, one poll(2) loop. Built static by bench/faults/lib.sh; never committed built.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 64
#define HAL_DIR "/run/edgefusion"
#define HAL_PATH HAL_DIR "/hal.json"
#define DRIFT_PORT 7777

enum fault { NONE, CRASH, CRASHLOOP, DRIFT, HAL, OOM, PROBE, HANG };
static const char *const NAMES[] = {"none", "crash", "crashloop", "drift", "hal", "oom", "probe", "hang"};

struct conn {
    int fd;
    size_t len;
    char buf[512];
};

static volatile sig_atomic_t stop;
static uint64_t rng;

static long long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* xorshift64, seeded once from getrandom: a fresh trace id per line without a syscall per line. */
static uint64_t next_id(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* One line: time, a trace id, the event and its details. */
static void logline(const char *event, const char *fmt, ...) {
    char details[256] = "";
    if (fmt != NULL) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(details, sizeof details, fmt, ap);
        va_end(ap);
    }
    printf("time_ms=%lld trace_id=%016llx event=%s%s%s\n", now_ms(), (unsigned long long)next_id(), event,
           details[0] ? " " : "", details);
    fflush(stdout);
}

/* The report as guardian/.../check/HalReport reads it; written beside and renamed so a reader never sees half. */
static void write_hal(int frame) {
    static const char *const fields =
        "{\"name\":\"magic\",\"offset\":0,\"size\":2},{\"name\":\"size\",\"offset\":2,\"size\":2},"
        "{\"name\":\"seq\",\"offset\":4,\"size\":4},{\"name\":\"type\",\"offset\":8,\"size\":1},"
        "{\"name\":\"status\",\"offset\":9,\"size\":1},{\"name\":\"length\",\"offset\":10,\"size\":2},"
        "{\"name\":\"payload\",\"offset\":12,\"size\":16},{\"name\":\"crc\",\"offset\":28,\"size\":4}";
    mkdir("/run", 0755);
    mkdir(HAL_DIR, 0755);
    FILE *f = fopen(HAL_PATH ".tmp", "w");
    if (f == NULL) {
        logline("hal-failed", "path=%s error=\"%s\"", HAL_PATH ".tmp", strerror(errno));
        return;
    }
    fprintf(f, "{\"schema\":\"edgefusion.hal-report/v1\",\"providers\":[{\"class\":\"io.edgefusion.bench.FaultSerial\","
               "\"kind\":\"serial\",\"contract\":\"2.3\"}],\"layouts\":[{\"name\":\"serial_frame\",\"size\":%d,"
               "\"byte_order\":\"little\",\"fields\":[%s]}]}\n", frame, fields);
    if (fclose(f) != 0 || rename(HAL_PATH ".tmp", HAL_PATH) != 0) {
        logline("hal-failed", "path=%s error=\"%s\"", HAL_PATH, strerror(errno));
        return;
    }
    logline("hal-written", "path=%s serial_frame=%d", HAL_PATH, frame);
}

/* A listening TCP socket on 0.0.0.0:port, or -1 with errno set. */
static int listen_on(int port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_ANY)};
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 64) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

/* Until the kernel's OOM killer ends it: 1 MiB at a time, every page written so it is really charged. */
static void eat_memory(void) {
    long page = sysconf(_SC_PAGESIZE);
    for (size_t total = 0;; total += 1 << 20) {
        char *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) {
            usleep(1000);
            continue;
        }
        for (long i = 0; i < (1 << 20); i += page) {
            p[i] = 1;
        }
        if (total % (16 << 20) == 0) {
            logline("oom-eating", "mib=%zu", total >> 20);
        }
    }
}

static void answer(struct conn *c, enum fault mode) {
    static const char ok[] = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok";
    static const char bad[] = "HTTP/1.0 500 Internal Server Error\r\nContent-Type: text/plain\r\n"
                              "Content-Length: 5\r\n\r\nfault";
    static const char none[] = "HTTP/1.0 404 Not Found\r\nContent-Type: text/plain\r\n"
                               "Content-Length: 9\r\n\r\nnot found";
    const char *r = none;
    size_t n = sizeof none - 1;
    if (strncmp(c->buf, "GET /health ", 12) == 0 || strncmp(c->buf, "GET /health?", 12) == 0) {
        r = mode == PROBE ? bad : ok;
        n = mode == PROBE ? sizeof bad - 1 : sizeof ok - 1;
    }
    /* Small enough for any socket buffer: one write; a short one only loses the client's answer. */
    if (write(c->fd, r, n) < 0) {
        /* the client went away */
    }
    close(c->fd);
    c->fd = -1;
}

static void on_term(int sig) {
    (void)sig;
    stop = 1;
}

/* Only interrupts poll(2), so the loop reaps at once. */
static void on_child(int sig) {
    (void)sig;
}

static long long env_ms(const char *name, long long fallback) {
    const char *v = getenv(name);
    if (v == NULL || *v == '\0') {
        return fallback;
    }
    char *end;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (errno != 0 || *end != '\0' || n < 0) {
        logline("bad-env", "%s=\"%s\" reason=\"not a non-negative integer\"", name, v);
        exit(2);
    }
    return n;
}

int main(void) {
    long long start = now_ms();
    if (getrandom(&rng, sizeof rng, 0) != sizeof rng || rng == 0) {
        rng = (uint64_t)start * 2654435761u + (uint64_t)getpid() + 1;
    }
    const char *name = getenv("FAULT") ? getenv("FAULT") : "none";
    enum fault fault = NONE;
    while (fault <= HANG && strcmp(NAMES[fault], name) != 0) {
        fault++;
    }
    if (fault > HANG) {
        logline("bad-env", "FAULT=\"%s\" reason=\"not one of none crash crashloop drift hal oom probe hang\"", name);
        return 2;
    }
    long long fault_at = env_ms("FAULT_AT", 0);
    long long crash_after = env_ms("CRASH_AFTER", 200);
    int port = (int)env_ms("PORT", 8080);

    /* PID 1 gets no default signal actions: without a handler SIGTERM would be ignored and every stop a kill. */
    struct sigaction sa = {.sa_handler = on_term};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    struct sigaction sc = {.sa_handler = on_child, .sa_flags = SA_NOCLDSTOP};
    sigaction(SIGCHLD, &sc, NULL);
    signal(SIGPIPE, SIG_IGN);

    logline("start", "fault=%s fault_at=%lld pid=%d", NAMES[fault], fault_at, (int)getpid());
    write_hal(32);
    int lfd = listen_on(port);
    if (lfd < 0) {
        logline("listen-failed", "addr=0.0.0.0:%d error=\"%s\"", port, strerror(errno));
        return 1;
    }
    logline("listening", "addr=0.0.0.0:%d", port);

    /* A crash loop: a start after the fault lives briefly, then dies, every time. */
    long long die_at = fault == CRASHLOOP && start >= fault_at ? start + crash_after : -1;
    enum fault mode = NONE;
    int fired = fault == NONE || die_at >= 0;
    int drift_fd = -1;
    struct conn conns[MAX_CONNS];
    int evict = 0;
    for (int i = 0; i < MAX_CONNS; i++) {
        conns[i].fd = -1;
    }

    while (!stop) {
        while (waitpid(-1, NULL, WNOHANG) > 0) {
            /* PID 1 reaps whatever is reparented to it (exec health probes) */
        }
        long long now = now_ms();
        if (die_at >= 0 && now >= die_at) {
            logline("crash", "fault=crashloop uptime_ms=%lld", now - start);
            return 1;
        }
        if (!fired && now >= fault_at) {
            fired = 1;
            logline("fault", "fault=%s late_ms=%lld", NAMES[fault], now - fault_at);
            switch (fault) {
            case CRASH:
            case CRASHLOOP:
                return 1;
            case DRIFT:
                drift_fd = listen_on(DRIFT_PORT);
                if (drift_fd >= 0) {
                    logline("drift-listening", "addr=0.0.0.0:%d", DRIFT_PORT);
                } else if (errno == EPERM) {
                    logline("bind-refused", "addr=0.0.0.0:%d error=EPERM", DRIFT_PORT);
                } else {
                    logline("drift-failed", "addr=0.0.0.0:%d error=\"%s\"", DRIFT_PORT, strerror(errno));
                }
                break;
            case HAL:
                write_hal(44);
                break;
            case OOM:
                eat_memory();
                break;
            default:
                mode = fault;
                break;
            }
        }

        struct pollfd p[MAX_CONNS + 1];
        int idx[MAX_CONNS + 1];
        int n = 0;
        p[n++] = (struct pollfd){.fd = lfd, .events = POLLIN};
        for (int i = 0; i < MAX_CONNS; i++) {
            if (conns[i].fd >= 0) {
                idx[n] = i;
                /* hanging: held open, never read, so poll only sees the client give up */
                p[n++] = (struct pollfd){.fd = conns[i].fd, .events = mode == HANG ? 0 : POLLIN};
            }
        }
        long long next = die_at >= 0 ? die_at : -1;
        if (!fired && (next < 0 || fault_at < next)) {
            next = fault_at;
        }
        int timeout = next < 0 ? -1 : next - now > 60000 ? 60000 : (int)(next - now);
        if (poll(p, n, timeout) < 0) {
            if (errno == EINTR) {
                continue;
            }
            logline("poll-failed", "error=\"%s\"", strerror(errno));
            return 1;
        }
        for (int k = 1; k < n; k++) {
            struct conn *c = &conns[idx[k]];
            if (p[k].revents & (POLLHUP | POLLERR)) {
                close(c->fd);
                c->fd = -1;
                continue;
            }
            if (!(p[k].revents & POLLIN)) {
                continue;
            }
            ssize_t r = read(c->fd, c->buf + c->len, sizeof c->buf - 1 - c->len);
            if (r <= 0) {
                close(c->fd);
                c->fd = -1;
                continue;
            }
            c->len += (size_t)r;
            c->buf[c->len] = '\0';
            /* The request line is all it routes on; a full buffer without one gets the 404. */
            if (strchr(c->buf, '\n') != NULL || c->len == sizeof c->buf - 1) {
                answer(c, mode);
            }
        }
        if (p[0].revents & POLLIN) {
            int fd;
            while ((fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
                int slot = 0;
                while (slot < MAX_CONNS && conns[slot].fd >= 0) {
                    slot++;
                }
                if (slot == MAX_CONNS) {
                    /* full (a hang holds every client): evict in turn; those probes timed out long ago */
                    slot = evict;
                    evict = (evict + 1) % MAX_CONNS;
                    close(conns[slot].fd);
                }
                conns[slot].fd = fd;
                conns[slot].len = 0;
            }
        }
    }
    logline("stop", "signal=TERM uptime_ms=%lld", now_ms() - start);
    return 0;
}
