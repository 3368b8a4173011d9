/*
 * SPAWN and REAPED (CLIENT.md): a command in the node has the client start a program (the launch helper) as
 * the client's own child, so that the program and whatever it clones descend from the client's caller (conmon,
 * a containerd shim: subreapers that wait for the container themselves). The child's stdin and stdout are
 * pipes whose other ends go to the node; its stderr is the client's. When it ends, the client reaps it and
 * tells the node how.
 */
#define _GNU_SOURCE
#include "client.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

const int client_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGCHLD};
const size_t client_signal_count = sizeof client_signals / sizeof client_signals[0];

struct request {
    char *path;
    char **argv; /* NULL-terminated */
    uint32_t argc;
};

/* A string of the payload as a C string, or NULL when it overruns the payload or holds a NUL. */
static char *take_str(const unsigned char **p, const unsigned char *end) {
    if (end - *p < 4) return NULL;
    uint32_t n = get_u32(*p);
    *p += 4;
    if ((size_t) (end - *p) < n || memchr(*p, 0, n)) return NULL;
    char *s = malloc((size_t) n + 1);
    if (!s) die("out of memory");
    memcpy(s, *p, n);
    s[n] = 0;
    *p += n;
    return s;
}

static void free_request(struct request *r) {
    free(r->path);
    for (uint32_t i = 0; r->argv && i < r->argc; i++) free(r->argv[i]);
    free(r->argv);
}

/* PATH, u32 argc, argc strings; argc >= 1 (argv[0] included). False when malformed. */
static int parse(const unsigned char *p, uint32_t len, struct request *r) {
    const unsigned char *end = p + len;
    memset(r, 0, sizeof *r);
    if (!(r->path = take_str(&p, end)) || end - p < 4) return 0;
    uint32_t argc = get_u32(p);
    p += 4;
    if (argc == 0 || argc > (size_t) (end - p) / 4) return 0;
    if (!(r->argv = calloc((size_t) argc + 1, sizeof *r->argv))) die("out of memory");
    for (; r->argc < argc; r->argc++)
        if (!(r->argv[r->argc] = take_str(&p, end))) return 0;
    return p == end;
}

static void close_fd(int *fd) {
    if (*fd >= 0) close(*fd);
    *fd = -1;
}

/* In the forked child: only async-signal-safe calls. Reports a failure's errno on err_w (close-on-exec). */
static void child(const struct request *r, int in_r, int out_w, int err_w, const sigset_t *mask) {
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    for (size_t i = 0; i < client_signal_count; i++) sigaction(client_signals[i], &dfl, NULL);
    sigprocmask(SIG_SETMASK, mask, NULL); /* the mask the client was started with */
    if (dup2(in_r, 0) == 0 && dup2(out_w, 1) == 1) {
        /* The caller's other fds (a runtime caller's sync pipes) are not the helper's to keep. */
        syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
        char *envp[] = {NULL}; /* the helper needs no environment: the workload's comes in the spec */
        execve(r->path, r->argv, envp);
    }
    int e = errno;
    if (write(err_w, &e, sizeof e) < 0) { /* the client sees EOF and an exit status instead */ }
    _exit(127);
}

/* Forks and execs; the child's pid, or 0 with *err set. in[1] and out[0] stay open for the node. */
static pid_t start(const struct request *r, int in[2], int out[2], int *err) {
    int report[2] = {-1, -1};
    pid_t pid = 0;
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(report, O_CLOEXEC) != 0) {
        *err = errno;
    } else {
        /* Blocked across fork: a signal caught in the child before its reset would write to our signal pipe. */
        sigset_t all, old;
        sigfillset(&all);
        sigprocmask(SIG_SETMASK, &all, &old);
        pid = fork();
        if (pid == 0) child(r, in[0], out[1], report[1], &old);
        if (pid < 0) {
            *err = errno;
            pid = 0;
        }
        sigprocmask(SIG_SETMASK, &old, NULL);
    }
    close_fd(&in[0]);
    close_fd(&out[1]);
    close_fd(&report[1]);
    if (pid > 0) {
        int e;
        ssize_t n;
        while ((n = read(report[0], &e, sizeof e)) < 0 && errno == EINTR) {
        }
        if (n == (ssize_t) sizeof e) { /* exec failed: the child is gone at once, reaped here, never reported */
            while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
            }
            *err = e;
            pid = 0;
        }
    }
    close_fd(&report[0]);
    return pid;
}

int spawn(int sock, const unsigned char *payload, uint32_t len) {
    struct request r;
    int in[2] = {-1, -1}, out[2] = {-1, -1};
    int err = EINVAL;
    pid_t pid = parse(payload, len, &r) ? start(&r, in, out, &err) : 0;
    free_request(&r);
    /* Opened before the child can be reaped (only the main loop reaps, after this returns), so it names our child
     * for sure: the node signals through it, never by a pid that may be another process's once we reaped it.
     * Without pidfds (Linux < 5.3) the frame carries two fds and the node falls back to the pid. */
    int pidfd = pid > 0 ? (int) syscall(SYS_pidfd_open, pid, 0) : -1;
    struct buf b = {0};
    size_t s = begin_frame(&b, F_SPAWNED);
    put_u32(&b, (uint32_t) pid);
    if (pid == 0) put_u32(&b, (uint32_t) err);
    end_frame(&b, s);
    int fds[3] = {in[1], out[0], pidfd}; /* the helper's stdin (write end), its stdout (read end), its pidfd */
    int ok = send_all(sock, b.data, b.len, fds, pid ? (pidfd >= 0 ? 3 : 2) : 0);
    free(b.data);
    close_fd(&pidfd);
    close_fd(&in[1]);
    close_fd(&out[0]);
    return ok;
}

int reap(int sock, int send_ok) {
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        if (!send_ok) continue;
        struct buf b = {0};
        size_t s = begin_frame(&b, F_REAPED);
        put_u32(&b, (uint32_t) pid);
        put_u32(&b, (uint32_t) status);
        end_frame(&b, s);
        send_ok = send_all(sock, b.data, b.len, NULL, 0);
        free(b.data);
    }
    return send_ok;
}
