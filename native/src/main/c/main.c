#include "helper.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define HELPER_VERSION "1"

static struct spec spec;

static int write_map(pid_t pid, const char *name, const char *map)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/%s", pid, name);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = write_all(fd, map, strlen(map));
	int saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

/*
 * Runs only from a sealed memfd (runc's answer to CVE-2019-5736): a process inside a sandbox that opens
 * /proc/<pid>/exe of a helper (say, one joining it for exec) finds a file nobody can write. Java normally
 * execs a memfd it sealed once per JVM (by its /proc/<pid>/fd/<n> path, which would make our comm the fd
 * number, hence the name set here); started from a plain file, the helper copies itself and re-executes once.
 */
static void run_sealed(char **argv)
{
	int self = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (self < 0) {
		say("error open%%20/proc/self/exe %d\n", errno);
		_exit(125);
	}
	int seals = fcntl(self, F_GET_SEALS);
	if (seals >= 0 && (seals & F_SEAL_WRITE)) {
		close(self);
		prctl(PR_SET_NAME, "edgefusion-help", 0, 0, 0);
		return;
	}
	struct stat st;
	int mfd = memfd_create("edgefusion-helper", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (mfd < 0 || fstat(self, &st) < 0) {
		say("error memfd_create %d\n", errno);
		_exit(125);
	}
	for (off_t off = 0; off < st.st_size;) {
		ssize_t n = sendfile(mfd, self, &off, (size_t)(st.st_size - off));
		if (n <= 0) {
			say("error copy%%20helper%%20to%%20memfd %d\n", n < 0 ? errno : EIO);
			_exit(125);
		}
	}
	if (fcntl(mfd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE) < 0) {
		say("error seal%%20helper %d\n", errno);
		_exit(125);
	}
	close(self);
	fexecve(mfd, argv, environ);
	say("error exec%%20sealed%%20helper %d\n", errno);
	_exit(125);
}

/* Reads one line from Java; only "go" releases the child. */
static int wait_for_go(void)
{
	char line[16];
	size_t n = 0;
	while (n < sizeof line - 1) {
		ssize_t r = read(STDIN_FILENO, line + n, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		if (line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	return strcmp(line, "go") == 0 ? 0 : -1;
}

static void kill_child(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* One line of the child's reports, with its newline; 0 at EOF. */
static size_t report_line(int fd, char *buf, size_t cap)
{
	size_t n = 0;
	while (n < cap - 1) {
		ssize_t r = read(fd, buf + n, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (buf[n++] == '\n')
			break;
	}
	buf[n] = '\0';
	return n;
}

/*
 * The child's reports after go, on its error pipe: "mounted" (pause_mounted: Java's turn, then go again),
 * "created" (fifo: all set up, waiting for start), "error …" (a step failed and the child exits), or EOF (its
 * execve worked). Returns -1 to carry on, else the helper's exit code.
 */
static int await_child(pid_t pid, int sync_fd, int errfd, int *created)
{
	char line[4096];
	for (;;) {
		size_t n = report_line(errfd, line, sizeof line);
		if (n == 0) {
			close(errfd);
			return -1;
		}
		if (spec.pause_mounted && sync_fd >= 0 && strcmp(line, "mounted\n") == 0) {
			say("mounted\n");
			if (wait_for_go() < 0) {
				kill_child(pid);
				return 125;
			}
			if (write_all(sync_fd, "g", 1) < 0) {
				say("error release%%20child %d\n", errno);
				kill_child(pid);
				return 125;
			}
			close(sync_fd);
			sync_fd = -1;
			continue;
		}
		/* the error pipe stays open: a later failure of the child must not meet SIGPIPE */
		if (spec.fifo && strcmp(line, "created\n") == 0) {
			*created = 1;
			return -1;
		}
		(void)write_all(STDOUT_FILENO, line, n);
		waitpid(pid, NULL, 0);
		return 125;
	}
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		say("edgefusion-helper " HELPER_VERSION "\n");
		return 0;
	}
	run_sealed(argv);
	if (spec_read(STDIN_FILENO, &spec) < 0) {
		say("error read%%20spec %d\n", EINVAL);
		return 125;
	}
	signal(SIGPIPE, SIG_IGN);
	if (spec.detach)
		setsid();
	if (stdio_take(&spec) < 0) {
		say("error take%%20the%%20caller%%20stdio %d\n", errno);
		return 125;
	}
	int src;
	if (fds_take(&spec, &src) < 0) {
		say("error take%%20fd%%20%d %d\n", src, errno);
		return 125;
	}
	/* stdin relayed through a pipe only with -i, a reaper and no handed stdin (and no tty: the pty is stdin) */
	int relay_in = spec.reap && spec.interactive && !spec.tty && stdio_handed(STDIN_FILENO) < 0;
	int sync[2], errp[2], out[2], errs[2], in[2] = {-1, -1};
	if (pipe2(sync, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0 ||
	    pipe2(errs, O_CLOEXEC) < 0 || (relay_in && pipe2(in, O_CLOEXEC) < 0)) {
		say("error pipe %d\n", errno);
		return 125;
	}
	if (tty_prepare(&spec) < 0) {
		say("error open%%20terminal %d\n", errno);
		return 125;
	}
	if (console_connect(&spec) < 0) {
		say("error console%%20socket %d\n", errno);
		return 125;
	}
	const char *step = NULL;
	if (spec.mode == MODE_EXEC && join_target(spec.target_pid, spec.ns_flags, &step) < 0) {
		say("error %s %d\n", step, errno);
		return 125;
	}
	if (spec.mode == MODE_RUN && nsjoin_open(&spec, &step) < 0) {
		say("error open%%20namespace%%20%s %d\n", step, errno);
		return 125;
	}
	if (spec.mode == MODE_RUN && nsjoin_enter(&spec, &step) < 0) {
		say("error setns%%20%s %d\n", step, errno);
		return 125;
	}
	/* The cgroup namespace is unshared by the child once it sits in its cgroup (see setup.c). */
	unsigned long clone_flags = (spec.mode == MODE_RUN ? spec.ns_flags & ~(unsigned long)CLONE_NEWCGROUP : 0) | SIGCHLD;
	pid_t pid = (pid_t)syscall(SYS_clone, clone_flags, NULL, NULL, NULL, NULL);
	if (pid < 0) {
		say("error clone %d\n", errno);
		return 125;
	}
	if (pid == 0) {
		/*
		 * The sandbox init dies with its reaper. getppid() cannot detect a parent that died before this prctl
		 * (in a new pid namespace it is 0), so the sync pipe does: we drop our copy of its write end, and a
		 * dead parent then means EOF in place of "g", and we exit without ever running the workload.
		 */
		if (spec.mode == MODE_RUN && prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
			fail(errp[1], "set the parent-death signal", NULL, errno);
		close(sync[1]);
		/* Its own session and process group: no controlling terminal of the caller, and kill(0) or a
		 * terminal's signals inside reach only the sandbox. */
		if (setsid() < 0)
			fail(errp[1], "setsid", NULL, errno);
		tty_child_forget_console();
		console_forget();
		/*
		 * The caller's handed fds, else the relay's pipes, or /dev/null without a reaper (stdin: /dev/null until
		 * the sandbox has its own)
		 */
		int nul = spec.reap ? -2 : open("/dev/null", O_WRONLY | O_CLOEXEC);
		int fd0 = stdio_handed(0) >= 0 ? stdio_handed(0) : in[0] >= 0 ? in[0] : open("/dev/null", O_RDONLY);
		int fd1 = stdio_handed(1) >= 0 ? stdio_handed(1) : spec.reap ? out[1] : nul;
		int fd2 = stdio_handed(2) >= 0 ? stdio_handed(2) : spec.reap ? errs[1] : nul;
		if (fd0 < 0 || fd1 < 0 || fd2 < 0 || dup2(fd0, STDIN_FILENO) < 0 || dup2(fd1, STDOUT_FILENO) < 0 ||
		    dup2(fd2, STDERR_FILENO) < 0)
			fail(errp[1], "set up stdio", NULL, errno);
		if (spec.mode == MODE_RUN)
			child_run(&spec, sync[0], errp[1]);
		else
			child_exec(&spec, sync[0], errp[1]);
		_exit(125);
	}
	close(sync[0]);
	close(errp[1]);
	close(out[1]);
	close(errs[1]);
	if (in[0] >= 0)
		close(in[0]);
	stdio_drop();
	fds_drop(&spec);
	for (int i = 0; i < spec.nnsjoin; i++)
		if (spec.nsjoin[i].fd >= 0)
			close(spec.nsjoin[i].fd); /* the mount namespace's, which the child enters */
	if (spec.mode == MODE_RUN && (spec.ns_flags & CLONE_NEWUSER) &&
	    ((spec.uid_map && write_map(pid, "uid_map", spec.uid_map) < 0) ||
	     (spec.gid_map && write_map(pid, "gid_map", spec.gid_map) < 0))) {
		say("error write%%20id%%20map %d\n", errno);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return 125;
	}
	if (spec.nidmaps > 0 && attach_idmapped_layers(&spec, pid, &step) < 0) {
		say("error %s %d\n", step, errno);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return 125;
	}
	say("pid %d\n", pid);
	if (wait_for_go() < 0) {
		/* Java went away or aborted before placing the child: nothing may run outside its cgroup. */
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return 125;
	}
	if (write_all(sync[1], "g", 1) < 0) {
		say("error release%%20child %d\n", errno);
		return 125;
	}
	if (!spec.pause_mounted)
		close(sync[1]);
	int created = 0;
	int code = await_child(pid, spec.pause_mounted ? sync[1] : -1, errp[0], &created);
	if (code >= 0)
		return code;
	if (spec.console_socket) {
		int master = tty_master();
		if (master < 0 || console_send(master) < 0) {
			say("error console%%20socket %d\n", errno);
			kill_child(pid);
			return 125;
		}
	}
	long long started = now_ms();
	say(created ? "created %lld\n" : "started %lld\n", started);
	/* no reaper: the workload goes to the caller's nearest subreaper (conmon, a shim), which waits for it */
	if (!spec.reap)
		return 0;
	if (spec.detach) {
		int nul = open("/dev/null", O_RDWR);
		if (nul >= 0) {
			dup2(nul, STDIN_FILENO);
			dup2(nul, STDOUT_FILENO);
			dup2(nul, STDERR_FILENO);
			if (nul > 2)
				close(nul);
		}
	}
	int out_src = out[0];
	tty_take_output();
	if (spec.tty && !spec.console_socket) {
		int master = tty_master();
		if (master < 0) {
			fprintf(stderr, "edgefusion-helper: receive the pty master: %s\n", strerror(errno));
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			return 125;
		}
		close(out[0]);
		out_src = master;
		tty_follow_size(master);
		if (spec.interactive) {
			tty_raw();
			reap_input(tty_console(), master, 0);
		}
	} else if (relay_in) {
		reap_input(STDIN_FILENO, in[1], 1);
	}
	code = reap(&spec, pid, out_src, errs[0], started);
	tty_restore();
	return code;
}
