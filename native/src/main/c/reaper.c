#include "helper.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define BUF 65536
#define HEADER 16

static pid_t child_pid;
static int in_src = -1, in_dst = -1, in_close_dst;

/*
 * A terminal's ^C or hang-up reaches the whole foreground process group, Java included, and Java forwards
 * what it receives (docker's sig-proxy); taking the kernel's copy as well would deliver it twice.
 */
static void forward(int sig, siginfo_t *info, void *ctx)
{
	(void)ctx;
	if ((sig == SIGINT || sig == SIGHUP) && info && info->si_code == SI_KERNEL)
		return;
	if (child_pid > 0)
		kill(child_pid, sig);
}

void reap_input(int src, int dst, int close_dst)
{
	in_src = src;
	in_dst = dst;
	in_close_dst = close_dst;
}

/* One chunk of input to the workload; at EOF (or when the workload stops reading) input ends. */
static void relay_input(struct pollfd *p, char *buf, size_t cap)
{
	ssize_t n = read(p->fd, buf, cap);
	if (n < 0 && errno == EINTR)
		return;
	if (n > 0)
		tty_size_before_input();
	if (n > 0 && write_all(in_dst, buf, (size_t)n) == 0)
		return;
	p->fd = -1;
	if (in_close_dst)
		close(in_dst);
}

struct log {
	int fd;
	long long size, max;
	const char *path;
};

static void log_open(struct log *l, int flags)
{
	l->fd = open(l->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | flags, 0640);
	struct stat st;
	l->size = (l->fd >= 0 && fstat(l->fd, &st) == 0) ? st.st_size : 0;
}

/*
 * One record: stream (1 = stdout, 2 = stderr), three zero bytes, length (u32 big-endian), time in ms (i64
 * big-endian), then the bytes. When the file would pass its cap it becomes <log>.1 and a new one starts, so the
 * log never holds more than twice the cap.
 */
static void log_write(struct log *l, int stream, const char *data, size_t n)
{
	if (l->fd < 0)
		return;
	if (l->max > 0 && l->size + HEADER + (long long)n > l->max && l->size > 0) {
		char old[4096];
		snprintf(old, sizeof old, "%s.1", l->path);
		close(l->fd);
		rename(l->path, old);
		log_open(l, O_TRUNC);
		if (l->fd < 0)
			return;
	}
	unsigned char h[HEADER] = {0};
	long long t = now_ms();
	h[0] = (unsigned char)stream;
	for (int i = 0; i < 4; i++)
		h[4 + i] = (unsigned char)(n >> (24 - 8 * i));
	for (int i = 0; i < 8; i++)
		h[8 + i] = (unsigned char)((unsigned long long)t >> (56 - 8 * i));
	if (write_all(l->fd, h, HEADER) == 0 && write_all(l->fd, data, n) == 0)
		l->size += HEADER + (long long)n;
}

/* Writes the exit record atomically: a reader sees the old state or the whole new one, never half. */
static void write_exit(const char *path, pid_t pid, int status, long long started, long long finished)
{
	char tmp[4096], body[256];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	int n;
	if (WIFSIGNALED(status))
		n = snprintf(body, sizeof body,
			     "{\"pid\":%d,\"exitCode\":%d,\"signal\":%d,\"startedAt\":%lld,\"finishedAt\":%lld}\n", pid,
			     code, WTERMSIG(status), started, finished);
	else
		n = snprintf(body, sizeof body,
			     "{\"pid\":%d,\"exitCode\":%d,\"signal\":null,\"startedAt\":%lld,\"finishedAt\":%lld}\n",
			     pid, code, started, finished);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		return;
	if (write_all(fd, body, (size_t)n) == 0 && fsync(fd) == 0) {
		close(fd);
		rename(tmp, path);
	} else {
		close(fd);
		unlink(tmp);
	}
}

/*
 * The reaper: copies the sandbox's stdout/stderr into the capped log (and, when attached, to our own stdout and
 * stderr), forwards terminal signals, waits for PID 1 and records how it ended. Returns the exit code docker
 * would report (128 + N for a signal).
 */
int reap(struct spec *s, pid_t child, int out_fd, int err_fd, long long started_ms)
{
	child_pid = child;
	if (!s->detach) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_sigaction = forward;
		sa.sa_flags = SA_SIGINFO;
		sigemptyset(&sa.sa_mask);
		int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};
		for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
			sigaction(sigs[i], &sa, NULL);
	}
	struct log l = {.fd = -1, .max = s->log_max, .path = s->log_path};
	if (l.path)
		log_open(&l, 0);
	/*
	 * While input is relayed, the workload's end is watched too (a pidfd, readable once it exited): with its
	 * stdout and stderr handed to the caller the output pipes close at its execve, yet its input must flow.
	 */
	int exited = in_src >= 0 ? (int)syscall(SYS_pidfd_open, child, 0) : -1;
	struct pollfd fds[4] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}, {in_src, POLLIN, 0}, {exited, POLLIN, 0}};
	int relay[2] = {s->detach ? -1 : STDOUT_FILENO, s->detach ? -1 : STDERR_FILENO};
	static char buf[BUF];
	int open_fds = 2;
	while (open_fds > 0 || (fds[2].fd >= 0 && fds[3].fd >= 0)) {
		tty_sync_size();
		if (poll(fds, 4, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (fds[3].fd >= 0 && (fds[3].revents & (POLLIN | POLLHUP | POLLERR))) {
			close(fds[3].fd);
			fds[3].fd = -1;
		}
		if (fds[2].fd >= 0 && (fds[2].revents & (POLLIN | POLLHUP | POLLERR)))
			relay_input(&fds[2], buf, sizeof buf);
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			ssize_t n = read(fds[i].fd, buf, sizeof buf);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
				continue;
			}
			log_write(&l, i + 1, buf, (size_t)n);
			/* A reader that went away (the CLI was killed) must not stop the log or the workload. */
			if (relay[i] >= 0 && write_all(relay[i], buf, (size_t)n) < 0)
				relay[i] = -1;
		}
	}
	if (fds[3].fd >= 0)
		close(fds[3].fd);
	int status = 0;
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	if (l.fd >= 0)
		close(l.fd);
	if (s->exit_path)
		write_exit(s->exit_path, child, status, started_ms, now_ms());
	if (s->on_exitc > 0) {
		/* Java's clean-up (auto-remove) runs in our place, same pid, once the exit record is on disk. */
		s->on_exit[s->on_exitc] = NULL;
		signal(SIGPIPE, SIG_DFL);
		execv(s->on_exit[0], s->on_exit);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
