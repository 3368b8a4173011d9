/*
 * edgefusion-client: the thin client. If a node serves the state root, hand it this command (argv, cwd,
 * environment, stdio fds, terminal size) over ROOT/node.sock and relay signals until it sends the exit code;
 * otherwise exec the JVM CLI ($EDGEFUSION_LAUNCHER) as if the client were not there. Wire format: CLIENT.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#define EXIT_INTERNAL 125
enum { F_HELLO = 1, F_SIGNAL = 2, F_WINCH = 3, F_EXIT = 0x81 };

extern char **environ;
static int signal_pipe[2] = {-1, -1};

struct buf {
    unsigned char *data;
    size_t len, cap;
};

static void die(const char *what) {
    fprintf(stderr, "edgefusion: %s\n", what);
    exit(EXIT_INTERNAL);
}

static void put(struct buf *b, const void *p, size_t n) {
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n) cap *= 2;
        unsigned char *d = realloc(b->data, cap);
        if (!d) die("out of memory");
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void put_u16(struct buf *b, uint16_t v) {
    unsigned char le[2] = {v & 0xff, v >> 8};
    put(b, le, 2);
}

static void put_u32(struct buf *b, uint32_t v) {
    unsigned char le[4] = {v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24};
    put(b, le, 4);
}

static void put_str(struct buf *b, const char *s) {
    size_t n = strlen(s);
    put_u32(b, (uint32_t) n);
    put(b, s, n);
}

static uint32_t get_u32(const unsigned char *p) {
    return p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

/* Appends a frame header; returns where its length goes, patched by end_frame. */
static size_t begin_frame(struct buf *b, unsigned char type) {
    put(b, &type, 1);
    put_u32(b, 0);
    return b->len;
}

static void end_frame(struct buf *b, size_t start) {
    uint32_t n = (uint32_t) (b->len - start);
    unsigned char le[4] = {n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >> 24};
    memcpy(b->data + start - 4, le, 4);
}

/* The state root as the CLI finds it: --root DIR / --root=DIR (before or after the verb, up to "--", the last
 * one wins as the verb's own does), else $EDGEFUSION_ROOT, else /var/lib/edgefusion. */
static const char *state_root(int argc, char **argv) {
    const char *root = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) break;
        if (strcmp(argv[i], "--root") == 0 && i + 1 < argc) root = argv[++i];
        else if (strncmp(argv[i], "--root=", 7) == 0) root = argv[i] + 7;
    }
    if (!root) root = getenv("EDGEFUSION_ROOT");
    return root && *root ? root : "/var/lib/edgefusion";
}

static void fallback(char **argv) {
    const char *launcher = getenv("EDGEFUSION_LAUNCHER");
    if (!launcher || !*launcher)
        die("no node answers and EDGEFUSION_LAUNCHER is not set: run the client through ./edgefusion");
    if (setenv("EDGEFUSION_NO_CLIENT", "1", 1) != 0) die("setenv EDGEFUSION_NO_CLIENT failed");
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGWINCH, SIG_DFL);
    execv(launcher, argv);
    fprintf(stderr, "edgefusion: exec %s: %s\n", launcher, strerror(errno));
    exit(errno == ENOENT ? 127 : 126);
}

/* The first of 0, 1, 2 that is a terminal, or -1. */
static int tty_fd(void) {
    for (int fd = 0; fd < 3; fd++)
        if (isatty(fd)) return fd;
    return -1;
}

static void put_winsize(struct buf *b) {
    struct winsize ws = {0, 0, 0, 0};
    int fd = tty_fd();
    if (fd >= 0 && ioctl(fd, TIOCGWINSZ, &ws) != 0) memset(&ws, 0, sizeof ws);
    put_u16(b, ws.ws_row);
    put_u16(b, ws.ws_col);
    put_u16(b, ws.ws_xpixel);
    put_u16(b, ws.ws_ypixel);
}

static void hello(struct buf *b, int argc, char **argv) {
    put(b, "EFC1", 4);
    size_t start = begin_frame(b, F_HELLO);
    unsigned char ttys = (isatty(0) ? 1 : 0) | (isatty(1) ? 2 : 0) | (isatty(2) ? 4 : 0);
    put(b, &ttys, 1);
    put_winsize(b);
    put_u32(b, (uint32_t) (argc - 1));
    for (int i = 1; i < argc; i++) put_str(b, argv[i]);
    char *cwd = getcwd(NULL, 0);
    if (!cwd) die("getcwd failed: the working directory is gone");
    put_str(b, cwd);
    free(cwd);
    uint32_t envc = 0;
    while (environ[envc]) envc++;
    put_u32(b, envc);
    for (uint32_t i = 0; i < envc; i++) put_str(b, environ[i]);
    end_frame(b, start);
}

/* Sends everything; the stdio fds travel with the first byte. False when the node went away meanwhile. */
static int send_all(int sock, const unsigned char *p, size_t n, int with_fds) {
    union {
        struct cmsghdr h;
        char space[CMSG_SPACE(3 * sizeof(int))];
    } control;
    while (n > 0) {
        struct iovec iov = {(void *) p, n};
        struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
        if (with_fds) {
            memset(&control, 0, sizeof control);
            msg.msg_control = control.space;
            msg.msg_controllen = sizeof control.space;
            struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
            c->cmsg_level = SOL_SOCKET;
            c->cmsg_type = SCM_RIGHTS;
            c->cmsg_len = CMSG_LEN(3 * sizeof(int));
            int fds[3] = {0, 1, 2};
            memcpy(CMSG_DATA(c), fds, sizeof fds);
        }
        ssize_t w = sendmsg(sock, &msg, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR) continue;
            return 0;
        }
        with_fds = 0;
        p += w;
        n -= (size_t) w;
    }
    return 1;
}

static void on_signal(int sig) {
    int saved = errno;
    unsigned char s = (unsigned char) sig;
    if (write(signal_pipe[1], &s, 1) < 0) { /* a full pipe already holds a wake-up */ }
    errno = saved;
}

static void relay_signals(void) {
    if (pipe2(signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0) die("pipe failed");
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGWINCH};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);
}

static int forward(int sock, int sig) {
    struct buf b = {0};
    size_t start = begin_frame(&b, sig == SIGWINCH ? F_WINCH : F_SIGNAL);
    if (sig == SIGWINCH) put_winsize(&b);
    else put_u32(&b, (uint32_t) sig);
    end_frame(&b, start);
    int ok = send_all(sock, b.data, b.len, 0);
    free(b.data);
    return ok;
}

int main(int argc, char **argv) {
    /* A closed 0, 1 or 2 would make the node's fds off by one: fill the hole with /dev/null. */
    for (int fd = 0; fd < 3; fd++)
        if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) != fd) die("cannot open /dev/null");

    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    const char *root = state_root(argc, argv);
    int len = snprintf(addr.sun_path, sizeof addr.sun_path, "%s/node.sock", root);
    if (len < 0 || (size_t) len >= sizeof addr.sun_path) fallback(argv); /* no node can listen there either */
    int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (sock < 0) fallback(argv);
    while (connect(sock, (struct sockaddr *) &addr, sizeof addr) != 0) {
        if (errno != EINTR) fallback(argv); /* ENOENT, ECONNREFUSED, EACCES: no node answers for us */
    }
    relay_signals();
    struct buf out = {0};
    hello(&out, argc, argv);
    int sent = send_all(sock, out.data, out.len, 1);
    free(out.data);

    unsigned char in[512];
    size_t have = 0;
    int framed = 0; /* saw the start of a frame: the node took the command, no falling back after this */
    for (;;) {
        struct pollfd p[2] = {{sock, POLLIN, 0}, {signal_pipe[0], POLLIN, 0}};
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR) continue;
            die("poll failed");
        }
        if (p[1].revents & POLLIN) {
            unsigned char sigs[32];
            ssize_t n = read(signal_pipe[0], sigs, sizeof sigs);
            for (ssize_t i = 0; i < n && sent; i++) sent = forward(sock, sigs[i]);
        }
        if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        ssize_t n = read(sock, in + have, sizeof in - have);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (!framed && have > 0) fallback(argv); /* the node refused us with a line of text */
            fprintf(stderr, "edgefusion: lost the connection to the node at %s\n", addr.sun_path);
            return EXIT_INTERNAL;
        }
        have += (size_t) n;
        if (!framed && in[0] != F_EXIT) {
            if (have == sizeof in) fallback(argv);
            continue; /* a refusal line: read it to its end */
        }
        framed = 1;
        while (have >= 5) {
            uint32_t flen = get_u32(in + 1);
            if (flen > sizeof in - 5) die("the node sent a frame too large for the client");
            if (have < 5 + flen) break;
            if (in[0] == F_EXIT && flen == 4) return (int) (get_u32(in + 5) & 0xff);
            memmove(in, in + 5 + flen, have - 5 - flen); /* a frame type this client does not know */
            have -= 5 + flen;
        }
    }
}
