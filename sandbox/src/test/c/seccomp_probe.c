/*
 * seccomp_probe: tries, one by one, the calls a sandbox's default seccomp filter refuses, and prints one line
 * per call: "NAME: OK" when the kernel did it, else "NAME: ERRNONAME". It attempts:
 *   unshare of a user, a mount and a cgroup namespace (the first step of the limits-lifting attack), mount of a
 *   tmpfs, keyctl (read the session keyring's id) and add_key, bpf (create a map), perf_event_open (a software
 *   counter on itself), userfaultfd, io_uring_setup, open_by_handle_at (the "shocker" escape), kexec_load, an
 *   AF_VSOCK socket (vsock is not namespaced), clone3, and ptrace(PTRACE_ATTACH) of the host pid given as argv[1]
 *   (a process outside the sandbox). "getpid" is a control that must always print OK.
 * Under the default filter each prints EPERM (clone3 ENOSYS, so libc falls back to clone; ptrace is allowed by
 * the filter as in docker, and the outside pid does not exist in the sandbox's pid namespace: ESRCH).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif

static void report(const char *name, long rc)
{
	const char *e = rc >= 0 ? "OK" : strerrorname_np(errno);
	printf("%s: %s\n", name, e ? e : "?");
	fflush(stdout);
}

/* unshare in a child, so a success does not change the probe itself. */
static void try_unshare(const char *name, int flags)
{
	pid_t p = fork();
	if (p == 0) {
		_exit(unshare(flags) == 0 ? 0 : errno);
	}
	int st = 0;
	waitpid(p, &st, 0);
	int err = WIFEXITED(st) ? WEXITSTATUS(st) : EINTR;
	errno = err;
	report(name, err == 0 ? 0 : -1);
}

int main(int argc, char **argv)
{
	report("getpid", getpid());
	try_unshare("unshare-user", CLONE_NEWUSER);
	try_unshare("unshare-mount", CLONE_NEWNS);
	try_unshare("unshare-cgroup", CLONE_NEWCGROUP);
	mkdir("/tmp/probe-mnt", 0755);
	report("mount", mount("probe", "/tmp/probe-mnt", "tmpfs", 0, NULL));
	report("keyctl", syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3 /* session */, 0));
	report("add_key", syscall(SYS_add_key, "user", "edgefusion-probe", "x", 1, -2 /* process keyring */));
	unsigned char attr[128];
	memset(attr, 0, sizeof attr);
	attr[0] = 2;  /* BPF_MAP_TYPE_ARRAY */
	attr[4] = 4;  /* key_size */
	attr[8] = 4;  /* value_size */
	attr[12] = 1; /* max_entries */
	report("bpf", syscall(SYS_bpf, 0 /* BPF_MAP_CREATE */, attr, sizeof attr));
	unsigned char pe[128];
	memset(pe, 0, sizeof pe);
	pe[0] = 1;                     /* type PERF_TYPE_SOFTWARE; config 0 = CPU clock */
	pe[4] = 112;                   /* size: PERF_ATTR_SIZE_VER5 */
	pe[40] = 1 << 5 | 1 << 6;      /* exclude_kernel | exclude_hv */
	report("perf_event_open", syscall(SYS_perf_event_open, pe, 0, -1, -1, 0));
	report("userfaultfd", syscall(SYS_userfaultfd, O_CLOEXEC));
	unsigned char params[120];
	memset(params, 0, sizeof params);
	report("io_uring_setup", syscall(SYS_io_uring_setup, 1, params));
	int root = open("/", O_RDONLY | O_DIRECTORY);
	unsigned char handle[8 + 128];
	memset(handle, 0, sizeof handle);
	handle[0] = 8; /* handle_bytes */
	handle[4] = 1; /* handle_type FILEID_INO32_GEN */
	report("open_by_handle_at", syscall(SYS_open_by_handle_at, root, handle, O_RDONLY));
	report("kexec_load", syscall(SYS_kexec_load, 0UL, 0UL, NULL, 0UL));
	report("socket-vsock", socket(AF_VSOCK, SOCK_STREAM, 0));
	unsigned long long cl[11];
	memset(cl, 0, sizeof cl);
	cl[4] = SIGCHLD; /* exit_signal */
	long c3 = syscall(SYS_clone3, cl, sizeof cl);
	if (c3 == 0)
		_exit(0);
	if (c3 > 0)
		waitpid((pid_t)c3, NULL, 0);
	report("clone3", c3);
	if (argc > 1) {
		pid_t outside = (pid_t)atoi(argv[1]);
		report("ptrace-attach-outside", ptrace(PTRACE_ATTACH, outside, NULL, NULL));
	}
	return 0;
}
