#include "helper.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <linux/keyctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/personality.h>
#include <unistd.h>

int err_pipe = -1;

/*
 * Blocks until the parent says go: it has written uid/gid maps and Java has placed us in the cgroup (or, the
 * second time, with "pause_mounted", Java ran its hooks in our mount namespace). The last wait closes the pipe.
 */
static void wait_go(int sync_fd, int last)
{
	char c;
	ssize_t r;
	do {
		r = read(sync_fd, &c, 1);
	} while (r < 0 && errno == EINTR);
	if (r != 1)
		fail(err_pipe, "wait for the go signal", NULL, r < 0 ? errno : ECANCELED);
	if (last)
		close(sync_fd);
}


/*
 * Dispositions and the mask we set (SIGPIPE ignored, above all) would survive execve; the workload starts with
 * every signal at its default and none blocked, as runc leaves it. The kernel's own sigaction (handler, flags,
 * restorer, mask, on x86-64 and arm64 alike), because the C library's wrapper refuses its two internal signals
 * and a caller may have left those ignored too.
 */
static void reset_signals(void)
{
	struct { void *handler; unsigned long flags; void *restorer; uint64_t mask; } dfl = {SIG_DFL, 0, NULL, 0};
	for (int sig = 1; sig <= 64; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof dfl.mask);
	uint64_t none = 0;
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, sizeof none);
}

/* execve returns only on failure */
static int try_exec(const char *full, void *arg)
{
	struct spec *s = arg;
	execve(full, s->argv, s->envp);
	return errno;
}

/* execve with a PATH search in the sandbox's own environment; reports ENOENT only if no candidate existed. */
static void exec_command(struct spec *s)
{
	reset_signals();
	s->argv[s->argc] = NULL;
	s->envp[s->envc] = NULL;
	const char *cmd = s->argv[0];
	if (strchr(cmd, '/')) {
		execve(cmd, s->argv, s->envp);
		fail(err_pipe, "exec", cmd, errno);
	}
	char full[PATH_MAX];
	int err = path_search(s, full, try_exec, s);
	/* a candidate that failed otherwise than ENOENT, ENOTDIR or EACCES is the one named */
	fail(err_pipe, "exec", err == ENOENT || err == EACCES ? cmd : full, err);
}

/* mkdir -p inside the (already pivoted) root, for a working directory the image does not have. */
static int mkdir_parents(const char *path)
{
	char buf[PATH_MAX];
	snprintf(buf, sizeof buf, "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			if (mkdir(buf, 0755) < 0 && errno != EEXIST)
				return -1;
			*p = '/';
		}
	}
	return mkdir(buf, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

/* Steps shared by run and exec once the process sits in its final mount namespace and root. */
static void finish(struct spec *s)
{
	/* A new anonymous session keyring: the caller's keys (and its session's) are out of reach. */
	if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0 && errno != ENOSYS)
		fail(err_pipe, "join a new session keyring", NULL, errno);
	const char *tstep = NULL;
	if (s->tty && tty_child(s, &tstep) < 0)
		fail(err_pipe, tstep, NULL, errno);
	const char *cwd = s->cwd ? s->cwd : "/";
	/* As runc and docker do, a missing working directory is created (still as root, before credentials drop). */
	if (chdir(cwd) < 0 && (errno != ENOENT || mkdir_parents(cwd) < 0 || chdir(cwd) < 0))
		fail(err_pipe, "chdir", cwd, errno);
	/* A cwd inherited from outside the root would read "(unreachable)"; glibc then fails (CVE-2024-21626). */
	char buf[PATH_MAX];
	if (!getcwd(buf, sizeof buf) || buf[0] != '/')
		fail(err_pipe, "verify cwd inside the root", cwd, errno ? errno : EPERM);
	for (int i = 0; i < s->nrlimits; i++) {
		struct rlimit rl = {s->rlimits[i].soft, s->rlimits[i].hard};
		if (setrlimit(s->rlimits[i].resource, &rl) < 0)
			fail(err_pipe, "setrlimit", NULL, errno);
	}
	/*
	 * Without no_new_privs, seccomp(SET_MODE_FILTER) needs CAP_SYS_ADMIN, which the capability drop below takes
	 * away: install the filter while we still hold it (runc's order). The filter then also covers the steps
	 * below, all of which the default policy allows.
	 */
	if (s->seccomp_prog && !s->no_new_privs && seccomp_install(s) < 0)
		fail(err_pipe, "install seccomp filter", NULL, errno);
	const char *step = NULL;
	if (apply_creds(s, &step) < 0)
		fail(err_pipe, step, NULL, errno);
	/*
	 * Changing uid/gid cleared the parent-death signal set after clone (main.c): set it again. Without a reaper
	 * the sandbox must outlive the helper, which exits once it started: none.
	 */
	if (s->mode == MODE_RUN && prctl(PR_SET_PDEATHSIG, s->reap ? SIGKILL : 0) < 0)
		fail(err_pipe, "set the parent-death signal", NULL, errno);
	if (s->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		fail(err_pipe, "set no_new_privs", NULL, errno);
	if (s->apparmor && apparmor_on_exec(s->apparmor) < 0)
		fail(err_pipe, "apparmor", s->apparmor, errno);
	/* Neither call can fail (personality returns the old persona; 0xffffffff, a query, is refused in spec.c). */
	if (s->has_umask)
		umask(s->umask);
	if (s->has_personality)
		personality(s->personality);
	/* Every fd but 0, 1, 2 closes on exec, the error pipe included: its EOF tells the parent exec worked. */
	if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
		fail(err_pipe, "close_range", NULL, errno);
	/* ... but the "fd" ones, which become the workload's */
	fds_install(s);
	fifo_wait_start(s);
	/* With no_new_privs any process may install a filter: the last step before execve, so it sees only that. */
	if (s->seccomp_prog && s->no_new_privs && seccomp_install(s) < 0)
		fail(err_pipe, "install seccomp filter", NULL, errno);
	exec_command(s);
}

/* A new network namespace has only lo, and it is down; bring it up as docker does. */
static void loopback_up(void)
{
	int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sock < 0)
		fail(err_pipe, "socket for lo", NULL, errno);
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
	if (ioctl(sock, SIOCGIFFLAGS, &ifr) < 0)
		fail(err_pipe, "read lo flags", NULL, errno);
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(sock, SIOCSIFFLAGS, &ifr) < 0)
		fail(err_pipe, "bring lo up", NULL, errno);
	close(sock);
}

/*
 * A cgroup namespace is rooted at the cgroup of the process that creates it, so it is made only after Java
 * placed us in the sandbox's cgroup (the go signal), never at clone time.
 */
static void enter_cgroup_namespace(struct spec *s)
{
	if ((s->ns_flags & CLONE_NEWCGROUP) && unshare(CLONE_NEWCGROUP) < 0)
		fail(err_pipe, "unshare cgroup namespace", NULL, errno);
}

/* The sandbox init: private mounts, root, standard mounts, masks, pivot_root, then finish(). */
void child_run(struct spec *s, int sync_fd, int err_fd)
{
	err_pipe = err_fd;
	wait_go(sync_fd, !s->pause_mounted);
	nsjoin_enter_mnt(s);
	if ((s->ns_flags | s->nsjoin_flags) & CLONE_NEWUSER) {
		/* The maps are written: become the namespace's root (a mapped id) before touching anything. */
		if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
			fail(err_pipe, "become root in the user namespace", NULL, errno);
	}
	enter_cgroup_namespace(s);
	if (s->ns_flags & CLONE_NEWNET)
		loopback_up();
	if (s->hostname && ((s->ns_flags | s->nsjoin_flags) & CLONE_NEWUTS) &&
	    sethostname(s->hostname, strlen(s->hostname)) < 0)
		fail(err_pipe, "sethostname", s->hostname, errno);
	if (!s->has_propagation && mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		fail(err_pipe, "make mounts private", NULL, errno);
	if (s->has_propagation && mount(NULL, "/", NULL, s->propagation, NULL) < 0)
		fail(err_pipe, "propagation", "/", errno);
	for (int i = 0; i < s->nmounts; i++) {
		struct mount_op *m = &s->mounts[i];
		if (!m->type && m->src && !m->propagate && (m->src_fd = open(m->src, O_PATH | O_CLOEXEC)) < 0)
			fail(err_pipe, "open bind source", m->src, errno);
		if (m->fallback && (m->fallback_fd = open(m->fallback, O_PATH | O_CLOEXEC)) < 0)
			fail(err_pipe, "open bind fallback", m->fallback, errno);
	}
	if (s->fifo && (s->fifo_fd = open(s->fifo, O_PATH | O_CLOEXEC)) < 0)
		fail(err_pipe, "open fifo", s->fifo, errno);
	int devnull = open("/dev/null", O_PATH | O_CLOEXEC);
	if (devnull < 0)
		fail(err_pipe, "open /dev/null", NULL, errno);
	if (s->root_type) {
		if (s->root_chdir && chdir(s->root_chdir) < 0)
			fail(err_pipe, "chdir for root mount", s->root_chdir, errno);
		if (mount(s->root_type, s->root, s->root_type, 0, s->root_data) < 0)
			fail(err_pipe, "mount root", s->root_type, errno);
	} else if (mount(s->root, s->root, NULL, MS_BIND | MS_REC, NULL) < 0) {
		fail(err_pipe, "bind root", s->root, errno);
	}
	int rootfd = open(s->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		fail(err_pipe, "open root", s->root, errno);
	for (int i = 0; i < s->nmounts; i++)
		do_mount(rootfd, &s->mounts[i]);
	for (int i = 0; i < s->nmknods; i++)
		make_node(rootfd, &s->mknods[i]);
	for (int i = 0; i < s->nsymlinks; i++)
		make_symlink(rootfd, s->symlinks[i][0], s->symlinks[i][1]);
	if (s->pause_mounted) {
		/* Java runs its hooks (OCI createContainer) in our mount namespace, then says go again */
		child_report("mounted");
		wait_go(sync_fd, 1);
	}
	for (int i = 0; i < s->nsysctls; i++)
		write_sysctl(rootfd, &s->sysctls[i]);
	for (int i = 0; i < s->nmasks; i++)
		mask(rootfd, s->masks[i], devnull);
	for (int i = 0; i < s->nreadonly; i++)
		make_readonly(rootfd, s->readonly[i]);
	for (int i = 0; i < s->nremount_ro; i++)
		if (remount_bind(rootfd, s->remount_ro[i], MS_RDONLY) < 0)
			fail(err_pipe, "remount read-only", s->remount_ro[i], errno);
	/* pivot_root(".", "."): the old root ends up stacked under the new one and is detached right away. */
	if (fchdir(rootfd) < 0)
		fail(err_pipe, "chdir to the new root", s->root, errno);
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		fail(err_pipe, "pivot_root", s->root, errno);
	if (umount2(".", MNT_DETACH) < 0)
		fail(err_pipe, "detach the old root", NULL, errno);
	if (chdir("/") < 0)
		fail(err_pipe, "chdir /", NULL, errno);
	if (s->has_root_propagation && mount(NULL, "/", NULL, s->root_propagation, NULL) < 0)
		fail(err_pipe, "rootpropagation", NULL, errno);
	if (s->readonly_root && mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | locked_flags("/"), NULL) < 0)
		fail(err_pipe, "remount / read-only", NULL, errno);
	close(rootfd);
	close(devnull);
	/* stdin was the host's /dev/null; give the workload its own, if the sandbox has one (-i: a pipe, or the
	 * caller's handed stdin); without a reaper stdout and stderr too, unless handed */
	int keep = (s->interactive && s->reap) || stdio_handed(STDIN_FILENO) >= 0;
	int nul = keep ? -1 : open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (nul >= 0) {
		dup2(nul, STDIN_FILENO);
		close(nul);
	}
	for (int fd = 1; fd < 3 && !s->reap; fd++) {
		if (stdio_handed(fd) < 0 && (nul = open("/dev/null", O_WRONLY | O_CLOEXEC)) >= 0) {
			dup2(nul, fd);
			close(nul);
		}
	}
	finish(s);
}

/* A process joining a running sandbox: the parent already entered its namespaces before forking us. */
void child_exec(struct spec *s, int sync_fd, int err_fd)
{
	err_pipe = err_fd;
	wait_go(sync_fd, 1);
	finish(s);
}
