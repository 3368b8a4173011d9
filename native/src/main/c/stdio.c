/*
 * Handed stdio ("stdio PID IN OUT ERR"). A workload attached to a caller whose stdio is a pipe or a file gets
 * that very pipe or file as its own 0, 1, 2, as a shell's child would, instead of a relay: output keeps the
 * caller's file offset and O_APPEND, a pipe reader sees the workload as one more writer. The caller may be a
 * process other than our parent (a node holds the fds a thin client handed it), so the fds are duplicated from
 * it with pidfd_getfd, before the clone. A terminal is never handed (Java relays it): TIOCSTI from inside must
 * reach only the sandbox's own pty.
 */
#include "helper.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static int handed[3] = {-1, -1, -1};

/*
 * Duplicates the caller's fds named in the spec; the handed ERR becomes our own stderr as well, so what the
 * helper itself has to say reaches the caller and not whoever started us.
 */
int stdio_take(struct spec *s)
{
	if (s->caller_pid <= 0)
		return 0;
	int pidfd = (int)syscall(SYS_pidfd_open, s->caller_pid, 0);
	if (pidfd < 0)
		return -1;
	for (int i = 0; i < 3; i++) {
		if (s->caller_fd[i] < 0)
			continue;
		/* pidfd_getfd's copy is close-on-exec: only the child's dup2 onto 0-2 outlives its execve */
		handed[i] = (int)syscall(SYS_pidfd_getfd, pidfd, s->caller_fd[i], 0);
		if (handed[i] < 0) {
			int saved = errno;
			close(pidfd);
			errno = saved;
			return -1;
		}
	}
	close(pidfd);
	if (handed[2] >= 0 && dup2(handed[2], STDERR_FILENO) < 0)
		return -1;
	return 0;
}

/* The handed fd that becomes fd (0, 1 or 2) of the workload, or -1. */
int stdio_handed(int fd)
{
	return fd >= 0 && fd < 3 ? handed[fd] : -1;
}

/* The helper after the clone: the child holds its own copies; ours would only keep the caller's pipes open. */
void stdio_drop(void)
{
	for (int i = 0; i < 3; i++) {
		if (handed[i] >= 0)
			close(handed[i]);
		handed[i] = -1;
	}
}

/*
 * "fd PID SRC DST": more fds of a caller for the workload (runc's --preserve-fds), duplicated as the stdio ones
 * are, before the clone. On failure *src names the fd that could not be taken.
 */
int fds_take(struct spec *s, int *src)
{
	for (int i = 0; i < s->nfds; i++) {
		struct fd_op *f = &s->fds[i];
		*src = f->src;
		int pidfd = (int)syscall(SYS_pidfd_open, f->pid, 0);
		if (pidfd < 0)
			return -1;
		f->fd = (int)syscall(SYS_pidfd_getfd, pidfd, f->src, 0);
		int saved = errno;
		close(pidfd);
		errno = saved;
		if (f->fd < 0)
			return -1;
	}
	return 0;
}

/* Moves fd above every DST (close-on-exec), so that no dup2 onto a DST can close it. */
static int lift(int fd, int above)
{
	if (fd < 0 || fd > above)
		return fd;
	int moved = fcntl(fd, F_DUPFD_CLOEXEC, above + 1);
	if (moved >= 0)
		close(fd);
	return moved;
}

/*
 * The child, after the close-on-exec sweep: each taken fd becomes its DST, the one numbered fd that outlives
 * execve besides 0, 1, 2. First everything still needed (the taken copies, the error pipe, the FIFO) moves above
 * the highest DST, so that DSTs may be any numbers, ours included.
 */
void fds_install(struct spec *s)
{
	if (s->nfds == 0)
		return;
	int top = 2;
	for (int i = 0; i < s->nfds; i++)
		if (s->fds[i].dst > top)
			top = s->fds[i].dst;
	/* a failure to move names the highest DST, which made the move necessary (e.g. beyond RLIMIT_NOFILE) */
	char dst[16];
	snprintf(dst, sizeof dst, "%d", top);
	int pipe_fd = lift(err_pipe, top);
	if (pipe_fd < 0)
		fail(err_pipe, "fd", dst, errno);
	err_pipe = pipe_fd;
	if ((s->fifo_fd = lift(s->fifo_fd, top)) < 0 && s->fifo)
		fail(err_pipe, "fd", dst, errno);
	for (int i = 0; i < s->nfds; i++)
		if ((s->fds[i].fd = lift(s->fds[i].fd, top)) < 0)
			fail(err_pipe, "fd", dst, errno);
	for (int i = 0; i < s->nfds; i++) {
		snprintf(dst, sizeof dst, "%d", s->fds[i].dst);
		/* dup2's copy is not close-on-exec: it is the workload's */
		if (dup2(s->fds[i].fd, s->fds[i].dst) < 0)
			fail(err_pipe, "fd", dst, errno);
		close(s->fds[i].fd);
		s->fds[i].fd = -1;
	}
}

/* The helper after the clone: the child holds its own copies. */
void fds_drop(struct spec *s)
{
	for (int i = 0; i < s->nfds; i++) {
		if (s->fds[i].fd >= 0)
			close(s->fds[i].fd);
		s->fds[i].fd = -1;
	}
}
