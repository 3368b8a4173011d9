/*
 * The create/start split ("fifo PATH", as an OCI runtime's create and start): the sandbox init does every step
 * of its setup, says "created" and then blocks opening the FIFO Java made for writing, which it can only do
 * once a reader (start) opened it. Its command is looked up first, so that a create with a missing or
 * non-executable command fails at create, not at a later start.
 */
#include "helper.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

/* One line to the helper on the error pipe ("mounted", "created"; a failure is "error …", from fail()). */
void child_report(const char *what)
{
	char line[32];
	int n = snprintf(line, sizeof line, "%s\n", what);
	if (write_all(err_pipe, line, (size_t)n) < 0)
		fail(err_pipe, "report", what, errno);
}

/* 0 when execve could run path as we are now, else the errno it would fail with (the usual ones). */
static int runnable(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return errno;
	if (!S_ISREG(st.st_mode))
		return EACCES;
	return faccessat(AT_FDCWD, path, X_OK, AT_EACCESS) < 0 ? errno : 0;
}

static int try_runnable(const char *full, void *arg)
{
	(void)arg;
	return runnable(full);
}

/* argv[0] looked up as exec_command will (the sandbox's PATH): ENOENT when no candidate exists, EACCES when
 * one exists and none is executable. */
static int lookup(struct spec *s)
{
	const char *cmd = s->argv[0];
	if (strchr(cmd, '/'))
		return runnable(cmd);
	char full[PATH_MAX];
	return path_search(s, full, try_runnable, NULL);
}

/*
 * The last step before seccomp and execve: command looked up, no parent-death signal (the sandbox outlives the
 * helper from now on), "created" reported, then the FIFO reopened for writing through its O_PATH fd, which
 * blocks until start opens it for reading; one byte "0" tells start the workload is going.
 */
void fifo_wait_start(struct spec *s)
{
	if (!s->fifo)
		return;
	int err = lookup(s);
	if (err)
		fail(err_pipe, "exec", s->argv[0], err);
	/* Reopening goes through the sandbox's /proc, as the workload's user: what could fail is checked now,
	 * while the helper still reads our reports. */
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", s->fifo_fd);
	if (faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) < 0)
		fail(err_pipe, "reopen fifo", NULL, errno);
	if (prctl(PR_SET_PDEATHSIG, 0) < 0)
		fail(err_pipe, "clear the parent-death signal", NULL, errno);
	child_report("created");
	int fd;
	do {
		fd = open(path, O_WRONLY | O_CLOEXEC);
	} while (fd < 0 && errno == EINTR);
	if (fd < 0 || write_all(fd, "0", 1) < 0)
		fail(err_pipe, "reopen fifo", NULL, errno);
	close(fd);
	close(s->fifo_fd);
	s->fifo_fd = -1;
}
