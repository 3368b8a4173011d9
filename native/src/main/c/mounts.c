/*
 * Everything the sandbox init does to its new root by file descriptor: targets resolved inside the root with
 * openat2(RESOLVE_IN_ROOT), binds with their flags (mount_setattr), device nodes, masks, read-only paths and
 * symlinks. Failures are reported on the child's error pipe as step + errno (setup.c owns the order of work).
 */
#include "helper.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <unistd.h>

/* openat2 with RESOLVE_IN_ROOT: ".." and absolute symlinks stay inside the sandbox root. */
int open_in_root(int rootfd, const char *path, int flags)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | O_CLOEXEC),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	return (int)syscall(SYS_openat2, rootfd, path, &how, sizeof how);
}

/* Splits an absolute path into its parent (written to parent) and its last component (pointing into path). */
static int split(const char *path, char *parent, size_t n, const char **name)
{
	snprintf(parent, n, "%s", path);
	char *slash = strrchr(parent, '/');
	if (!slash || !slash[1]) {
		errno = EINVAL;
		return -1;
	}
	*name = path + (slash - parent) + 1;
	if (slash == parent)
		parent[1] = '\0';
	else
		*slash = '\0';
	return 0;
}

/* An O_PATH fd on path inside the root, creating it (and its parents) as a directory or an empty file. */
static int ensure(int rootfd, const char *path, enum target_kind kind)
{
	int fd = open_in_root(rootfd, path, O_PATH);
	if (fd >= 0 || errno != ENOENT)
		return fd;
	char parent[PATH_MAX];
	const char *name;
	if (split(path, parent, sizeof parent, &name) < 0)
		return -1;
	int pfd = ensure(rootfd, parent, TARGET_DIR);
	if (pfd < 0)
		return -1;
	int rc;
	if (kind == TARGET_DIR) {
		rc = mkdirat(pfd, name, 0755);
	} else {
		rc = openat(pfd, name, O_CREAT | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (rc >= 0)
			close(rc);
	}
	int saved = errno;
	close(pfd);
	if (rc < 0 && saved != EEXIST) {
		errno = saved;
		return -1;
	}
	return open_in_root(rootfd, path, O_PATH);
}

static void fdpath(char *buf, size_t n, int fd)
{
	snprintf(buf, n, "/proc/self/fd/%d", fd);
}

/* Mount flags the kernel locks on a mount we did not create; a remount in a user namespace must keep them. */
unsigned long locked_flags(const char *path)
{
	struct statvfs sv;
	if (statvfs(path, &sv) < 0)
		return 0;
	unsigned long f = 0;
	if (sv.f_flag & ST_NOSUID)
		f |= MS_NOSUID;
	if (sv.f_flag & ST_NODEV)
		f |= MS_NODEV;
	if (sv.f_flag & ST_NOEXEC)
		f |= MS_NOEXEC;
	if (sv.f_flag & ST_RDONLY)
		f |= MS_RDONLY;
	return f;
}

/* Re-opens a target after a mount so the fd names the new mount, then remounts it with the given flags. */
int remount_bind(int rootfd, const char *dst, unsigned long flags)
{
	int fd = open_in_root(rootfd, dst, O_PATH);
	if (fd < 0)
		return -1;
	char target[64];
	fdpath(target, sizeof target, fd);
	int rc = mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | flags | locked_flags(target), NULL);
	int saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

/*
 * A bind's read-only/nosuid/nodev/noexec and atime flags, applied with mount_setattr: it only sets attributes (the
 * kernel's locked flags stay), and with MS_REC it reaches every submount of the source too (AT_RECURSIVE), which a
 * remount cannot: a read-only bind of a tree with a mount below it would leave that mount writable.
 */
static int set_bind_attrs(int rootfd, struct mount_op *m)
{
	uint64_t set = 0, clr = 0;
	if (m->flags & MS_RDONLY)
		set |= MOUNT_ATTR_RDONLY;
	if (m->flags & MS_NOSUID)
		set |= MOUNT_ATTR_NOSUID;
	if (m->flags & MS_NODEV)
		set |= MOUNT_ATTR_NODEV;
	if (m->flags & MS_NOEXEC)
		set |= MOUNT_ATTR_NOEXEC;
	if (m->flags & MS_NODIRATIME)
		set |= MOUNT_ATTR_NODIRATIME;
	/* one atime mode, chosen as mount(2) does: strictatime over noatime over relatime */
	if (m->flags & (MS_STRICTATIME | MS_NOATIME | MS_RELATIME)) {
		clr |= MOUNT_ATTR__ATIME;
		set |= (m->flags & MS_STRICTATIME) ? MOUNT_ATTR_STRICTATIME
		       : (m->flags & MS_NOATIME)   ? MOUNT_ATTR_NOATIME
						   : MOUNT_ATTR_RELATIME;
	}
	if (!set && !clr)
		return 0;
	int fd = open_in_root(rootfd, m->dst, O_PATH);
	if (fd < 0)
		return -1;
	struct mount_attr attr = {.attr_set = set, .attr_clr = clr};
	int rc = mount_setattr(fd, "", AT_EMPTY_PATH | ((m->flags & MS_REC) ? AT_RECURSIVE : 0), &attr, sizeof attr);
	int saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

/* A device node (rootful only: mknod needs CAP_MKNOD in the initial user namespace); replaces what was there. */
void make_node(int rootfd, struct mknod_op *d)
{
	char parent[PATH_MAX];
	const char *name;
	if (split(d->path, parent, sizeof parent, &name) < 0)
		fail(err_pipe, "mknod", d->path, errno);
	int pfd = ensure(rootfd, parent, TARGET_DIR);
	if (pfd < 0)
		fail(err_pipe, "create device parent", d->path, errno);
	dev_t dev = makedev(d->major, d->minor);
	if (mknodat(pfd, name, d->mode, dev) < 0) {
		if (errno != EEXIST || unlinkat(pfd, name, 0) < 0 || mknodat(pfd, name, d->mode, dev) < 0)
			fail(err_pipe, "mknod", d->path, errno);
	}
	/* the helper's umask must not narrow the node's mode */
	if (fchmodat(pfd, name, d->mode & 07777, 0) < 0)
		fail(err_pipe, "chmod device", d->path, errno);
	close(pfd);
}

/* "propagate DST FLAGS": the propagation of the mount at DST (made by the mounts before), nothing mounted. */
static void propagate(int rootfd, struct mount_op *m)
{
	int fd = open_in_root(rootfd, m->dst, O_PATH);
	if (fd < 0)
		fail(err_pipe, "propagate", m->dst, errno);
	char target[64];
	fdpath(target, sizeof target, fd);
	if (mount(NULL, target, NULL, m->flags, NULL) < 0)
		fail(err_pipe, "propagate", m->dst, errno);
	close(fd);
}

void do_mount(int rootfd, struct mount_op *m)
{
	if (m->propagate) {
		propagate(rootfd, m);
		return;
	}
	int tfd = ensure(rootfd, m->dst, m->kind);
	if (tfd < 0)
		fail(err_pipe, "create mount target", m->dst, errno);
	char target[64];
	fdpath(target, sizeof target, tfd);
	/* "copyup": the directory the tmpfs is about to cover, opened while it is still what DST names */
	int from = m->copyup ? openat(tfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	if (m->copyup && from < 0)
		fail(err_pipe, "copyup", m->dst, errno);
	if (!m->type) {
		char source[64];
		fdpath(source, sizeof source, m->src_fd);
		if (mount(source, target, NULL, MS_BIND | (m->flags & MS_REC), NULL) < 0)
			fail(err_pipe, "bind mount", m->dst, errno);
		if (set_bind_attrs(rootfd, m) < 0)
			fail(err_pipe, "remount bind", m->dst, errno);
	} else if (mount(m->src ? m->src : m->type, target, m->type, m->flags, m->data) < 0) {
		if (errno != EPERM || !m->has_fallback)
			fail(err_pipe, "mount", m->dst, errno);
		/* the kernel refused this filesystem here (a user namespace): bind the fallback, or leave it empty */
		if (m->fallback_fd >= 0) {
			char source[64];
			fdpath(source, sizeof source, m->fallback_fd);
			if (mount(source, target, NULL, MS_BIND | MS_REC, NULL) < 0)
				fail(err_pipe, "bind mount fallback", m->dst, errno);
			struct mount_op bind = *m;
			bind.flags |= MS_REC;
			if (set_bind_attrs(rootfd, &bind) < 0)
				fail(err_pipe, "remount bind fallback", m->dst, errno);
		}
	}
	close(tfd);
	if (from >= 0) {
		int to = open_in_root(rootfd, m->dst, O_RDONLY | O_DIRECTORY);
		if (to < 0 || copy_tree(from, to) < 0)
			fail(err_pipe, "copyup", m->dst, errno);
		close(to);
		close(from);
	}
}

/* Masked paths: a read-only empty tmpfs over a directory, /dev/null over a file; absent paths need nothing. */
void mask(int rootfd, const char *path, int devnull)
{
	int fd = open_in_root(rootfd, path, O_PATH);
	if (fd < 0) {
		if (errno == ENOENT)
			return;
		fail(err_pipe, "open masked path", path, errno);
	}
	struct stat st;
	if (fstatat(fd, "", &st, AT_EMPTY_PATH) < 0)
		fail(err_pipe, "stat masked path", path, errno);
	char target[64], source[64];
	fdpath(target, sizeof target, fd);
	int rc;
	if (S_ISDIR(st.st_mode)) {
		rc = mount("tmpfs", target, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=0");
	} else {
		fdpath(source, sizeof source, devnull);
		rc = mount(source, target, NULL, MS_BIND, NULL);
	}
	if (rc < 0)
		fail(err_pipe, "mask", path, errno);
	close(fd);
}

void make_readonly(int rootfd, const char *path)
{
	int fd = open_in_root(rootfd, path, O_PATH);
	if (fd < 0) {
		if (errno == ENOENT)
			return;
		fail(err_pipe, "open read-only path", path, errno);
	}
	char target[64];
	fdpath(target, sizeof target, fd);
	if (mount(target, target, NULL, MS_BIND | MS_REC, NULL) < 0)
		fail(err_pipe, "bind read-only path", path, errno);
	close(fd);
	if (remount_bind(rootfd, path, MS_RDONLY) < 0)
		fail(err_pipe, "remount read-only", path, errno);
}

void make_symlink(int rootfd, const char *target, const char *link)
{
	char parent[PATH_MAX];
	const char *name;
	if (split(link, parent, sizeof parent, &name) < 0)
		fail(err_pipe, "symlink", link, errno);
	int pfd = ensure(rootfd, parent, TARGET_DIR);
	if (pfd < 0)
		fail(err_pipe, "create symlink parent", link, errno);
	if (symlinkat(target, pfd, name) < 0 && errno != EEXIST)
		fail(err_pipe, "symlink", link, errno);
	close(pfd);
}

/*
 * "sysctl KEY VALUE": written to the sandbox's own /proc (mounted by now, in its namespaces) at sys/KEY, dots as
 * slashes. Resolved beneath proc/sys, so no key and no planted symlink reaches another file.
 */
void write_sysctl(int rootfd, struct sysctl_op *op)
{
	char rel[PATH_MAX];
	snprintf(rel, sizeof rel, "%s", op->key);
	for (char *c = rel; *c; c++)
		if (*c == '.')
			*c = '/';
	int dir = open_in_root(rootfd, "/proc/sys", O_PATH | O_DIRECTORY);
	if (dir < 0)
		fail(err_pipe, "sysctl", op->key, errno);
	struct open_how how = {.flags = O_WRONLY | O_CLOEXEC, .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS};
	int fd = (int)syscall(SYS_openat2, dir, rel, &how, sizeof how);
	if (fd < 0 || write_all(fd, op->value, strlen(op->value)) < 0)
		fail(err_pipe, "sysctl", op->key, errno);
	close(fd);
	close(dir);
}
