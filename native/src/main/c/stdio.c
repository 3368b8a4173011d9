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
