/*
 * edgefusion-client: the thin client. If a node serves the state root, hand it this command (argv, cwd,
 * environment, stdio fds, terminal size) over ROOT/node.sock and relay signals until it sends the exit code,
 * starting the programs it asks for as our children meanwhile (spawn.c); otherwise exec the JVM CLI
 * ($EDGEFUSION_LAUNCHER) as if the client were not there. Wire format: CLIENT.md.
 */
#define _GNU_SOURCE
#include "client.h"

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

/* The largest node → client frame taken (a SPAWN's argv; Linux's own limit on it is far below). */
#define MAX_FRAME (1u << 20)

extern char **environ;
static int signal_pipe[2] = {-1, -1};

void die(const char *what) {
    fprintf(stderr, "edgefusion: %s\n", what);
    exit(EXIT_INTERNAL);
}

void put(struct buf *b, const void *p, size_t n) {
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

void put_u32(struct buf *b, uint32_t v) {
    unsigned char le[4] = {v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24};
    put(b, le, 4);
}

static void put_str(struct buf *b, const char *s) {
    size_t n = strlen(s);
    put_u32(b, (uint32_t) n);
    put(b, s, n);
}

uint32_t get_u32(const unsigned char *p) {
    return p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

/* Appends a frame header; returns where its length goes, patched by end_frame. */
size_t begin_frame(struct buf *b, unsigned char type) {
    put(b, &type, 1);
    put_u32(b, 0);
    return b->len;
}

void end_frame(struct buf *b, size_t start) {
    uint32_t n = (uint32_t) (b->len - start);
    unsigned char le[4] = {n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >> 24};
    memcpy(b->data + start - 4, le, 4);
}

/* `edgefusion oci ...`: runc's command line, whose global --root is the OCI runtime's state directory. */
static int is_oci(int argc, char **argv) {
    return argc > 1 && strcmp(argv[1], "oci") == 0;
}

/* The state root as the CLI finds it: --root DIR / --root=DIR (before or after the verb, up to "--", the last
 * one wins as the verb's own does), else $EDGEFUSION_ROOT, else /var/lib/edgefusion. An `oci` command's --root
 * is not ours: only the environment or the default finds its node. */
static const char *state_root(int argc, char **argv) {
    const char *root = NULL;
    int oci = is_oci(argc, argv);
    for (int i = 1; i < argc && !oci; i++) {
        if (strcmp(argv[i], "--") == 0) break;
        if (strcmp(argv[i], "--root") == 0 && i + 1 < argc) root = argv[++i];
        else if (strncmp(argv[i], "--root=", 7) == 0) root = argv[i] + 7;
    }
    if (!root) root = getenv("EDGEFUSION_ROOT");
    return root && *root ? root : "/var/lib/edgefusion";
}

/* An `oci` command that keeps fds beyond 0-2 for the container (--preserve-fds N, N > 0; also in runc's
 * one-dash spelling) needs them in the process that starts it, and the node cannot receive them. Anything but
 * a plain 0 counts, anywhere on the line: a false match only costs the JVM's start. */
static int preserves_fds(int argc, char **argv) {
    for (int i = 2; i < argc; i++) {
        if (argv[i][0] != '-') continue;
        const char *a = argv[i][1] == '-' ? argv[i] + 2 : argv[i] + 1;
        const char *v;
        if (strcmp(a, "preserve-fds") == 0) v = i + 1 < argc ? argv[i + 1] : "";
        else if (strncmp(a, "preserve-fds=", 13) == 0) v = a + 13;
        else continue;
        if (!*v || strspn(v, "0") != strlen(v)) return 1;
    }
    return 0;
}

static void fallback(char **argv) {
    const char *launcher = getenv("EDGEFUSION_LAUNCHER");
    if (!launcher || !*launcher)
        die("no node answers and EDGEFUSION_LAUNCHER is not set: run the client through ./edgefusion");
    if (setenv("EDGEFUSION_NO_CLIENT", "1", 1) != 0) die("setenv EDGEFUSION_NO_CLIENT failed");
    for (size_t i = 0; i < client_signal_count; i++) signal(client_signals[i], SIG_DFL);
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

int send_all(int sock, const unsigned char *p, size_t n, const int *fds, int nfds) {
    union {
        struct cmsghdr h;
        char space[CMSG_SPACE(3 * sizeof(int))];
    } control;
    if (nfds > 3) die("internal error: more than 3 fds in one message");
    while (n > 0) {
        struct iovec iov = {(void *) p, n};
        struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
        if (nfds > 0) {
            memset(&control, 0, sizeof control);
            msg.msg_control = control.space;
            msg.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
            struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
            c->cmsg_level = SOL_SOCKET;
            c->cmsg_type = SCM_RIGHTS;
            c->cmsg_len = CMSG_LEN(nfds * sizeof(int));
            memcpy(CMSG_DATA(c), fds, nfds * sizeof(int));
        }
        ssize_t w = sendmsg(sock, &msg, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR) continue;
            return 0;
        }
        nfds = 0;
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
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP; /* SIGCHLD: a spawned child ended (stops are not ours to report) */
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < client_signal_count; i++) sigaction(client_signals[i], &sa, NULL);
}

static int forward(int sock, int sig) {
    struct buf b = {0};
    size_t start = begin_frame(&b, sig == SIGWINCH ? F_WINCH : F_SIGNAL);
    if (sig == SIGWINCH) put_winsize(&b);
    else put_u32(&b, (uint32_t) sig);
    end_frame(&b, start);
    int ok = send_all(sock, b.data, b.len, NULL, 0);
    free(b.data);
    return ok;
}

/* The node's frames: SPAWN is served, EXIT ends the client with its code, anything else is skipped. Returns -1
 * to go on, else the exit code. */
static int frames(int sock, struct buf *in, int *sent) {
    size_t done = 0;
    while (in->len - done >= 5) {
        const unsigned char *f = in->data + done;
        uint32_t flen = get_u32(f + 1);
        if (flen > MAX_FRAME) die("the node sent a frame too large for the client");
        if (in->len - done - 5 < flen) break;
        if (f[0] == F_EXIT && flen == 4) return (int) (get_u32(f + 5) & 0xff);
        if (f[0] == F_SPAWN && *sent) *sent = spawn(sock, f + 5, flen);
        done += 5 + flen;
    }
    memmove(in->data, in->data + done, in->len - done);
    in->len -= done;
    return -1;
}

int main(int argc, char **argv) {
    /* A closed 0, 1 or 2 would make the node's fds off by one: fill the hole with /dev/null. */
    for (int fd = 0; fd < 3; fd++)
        if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) != fd) die("cannot open /dev/null");
    if (is_oci(argc, argv) && preserves_fds(argc, argv)) fallback(argv);

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
    int stdio[3] = {0, 1, 2};
    int sent = send_all(sock, out.data, out.len, stdio, 3);
    free(out.data);

    struct buf in = {0};
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
            for (ssize_t i = 0; i < n; i++) {
                if (sigs[i] == SIGCHLD) sent = reap(sock, sent);
                else if (sent) sent = forward(sock, sigs[i]);
            }
        }
        if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        if (in.cap - in.len < 4096) {
            unsigned char *d = realloc(in.data, in.cap + 65536);
            if (!d) die("out of memory");
            in.data = d;
            in.cap += 65536;
        }
        ssize_t n = read(sock, in.data + in.len, in.cap - in.len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (!framed && in.len > 0) fallback(argv); /* the node refused us with a line of text */
            fprintf(stderr, "edgefusion: lost the connection to the node at %s\n", addr.sun_path);
            return EXIT_INTERNAL;
        }
        in.len += (size_t) n;
        if (!framed && !(in.data[0] & 0x80)) {
            if (in.len >= 512) fallback(argv);
            continue; /* a refusal line: read it to its end */
        }
        framed = 1;
        int code = frames(sock, &in, &sent);
        if (code >= 0) return code;
    }
}
