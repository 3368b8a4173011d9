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

/* exec: enter every namespace of the target; the user namespace first, the mount namespace last. */
static int join_namespaces(pid_t target, unsigned long flags, const char **step)
{
	static const struct { const char *name; unsigned long flag; } order[] = {
		{"user", CLONE_NEWUSER}, {"ipc", CLONE_NEWIPC}, {"uts", CLONE_NEWUTS}, {"net", CLONE_NEWNET},
		{"pid", CLONE_NEWPID}, {"cgroup", CLONE_NEWCGROUP}, {"mnt", CLONE_NEWNS},
	};
	int fds[7];
	char path[64];
	for (int i = 0; i < 7; i++) {
		fds[i] = -1;
		if (!(flags & order[i].flag))
			continue;
		snprintf(path, sizeof path, "/proc/%d/ns/%s", target, order[i].name);
		if ((fds[i] = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
			*step = "open namespace";
			return -1;
		}
	}
	for (int i = 0; i < 7; i++) {
		if (fds[i] >= 0 && setns(fds[i], (int)order[i].flag) < 0) {
			*step = "setns";
			return -1;
		}
		if (fds[i] >= 0)
			close(fds[i]);
	}
	return 0;
}

/*
 * Runs only from a sealed memfd copy of itself (runc's answer to CVE-2019-5736): a process inside a sandbox that
 * opens /proc/<pid>/exe of a helper (say, one joining it for exec) finds a file nobody can write. Re-executes
 * once; the copy sees its seals and carries on with the same stdin and stdout.
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
	/* stdin relayed through a pipe only with -i and no handed stdin (and no tty, where the pty is stdin) */
	int relay_in = spec.interactive && !spec.tty && stdio_handed(STDIN_FILENO) < 0;
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
	if (spec.mode == MODE_EXEC) {
		const char *step = NULL;
		if (join_namespaces(spec.target_pid, spec.ns_flags, &step) < 0) {
			say("error %s %d\n", step, errno);
			return 125;
		}
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
		/* The caller's handed fds, else the relay's pipes (stdin: /dev/null until the sandbox has its own) */
		int fd0 = stdio_handed(0) >= 0 ? stdio_handed(0) : in[0] >= 0 ? in[0] : open("/dev/null", O_RDONLY);
		int fd1 = stdio_handed(1) >= 0 ? stdio_handed(1) : out[1];
		int fd2 = stdio_handed(2) >= 0 ? stdio_handed(2) : errs[1];
		if (fd0 < 0 || dup2(fd0, STDIN_FILENO) < 0 || dup2(fd1, STDOUT_FILENO) < 0 ||
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
	if (spec.mode == MODE_RUN && (spec.ns_flags & CLONE_NEWUSER) &&
	    ((spec.uid_map && write_map(pid, "uid_map", spec.uid_map) < 0) ||
	     (spec.gid_map && write_map(pid, "gid_map", spec.gid_map) < 0))) {
		say("error write%%20id%%20map %d\n", errno);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return 125;
	}
	const char *step = NULL;
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
	close(sync[1]);
	char ebuf[4096];
	size_t elen = 0;
	for (ssize_t r; elen < sizeof ebuf - 1 && (r = read(errp[0], ebuf + elen, sizeof ebuf - 1 - elen)) != 0;) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		elen += (size_t)r;
	}
	close(errp[0]);
	if (elen > 0) {
		ebuf[elen] = '\0';
		say("%s", ebuf);
		waitpid(pid, NULL, 0);
		return 125;
	}
	long long started = now_ms();
	say("started %lld\n", started);
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
	if (spec.tty) {
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
	int code = reap(&spec, pid, out_src, errs[0], started);
	tty_restore();
	return code;
}
