/*
 * "copyup DST": a tmpfs mounted over a directory of the image starts with that directory's contents (podman's
 * tmpfs /run, /tmp, /var/tmp of a read-only container). Regular files, directories and symlinks are copied with
 * their owner and mode; sockets, devices and FIFOs are not; symlinks are never followed, and what another mount
 * covers (a different mount id) is not entered: a mount point is copied as an empty directory, anything else on
 * another mount is skipped.
 */
#include "helper.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

static int copy_dir(int from, int to, uint64_t mnt);

/* Closes fd keeping errno: the failure being reported is the one before. */
static int close_keep(int fd, int rc)
{
	int saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

static int copy_file(int from, int to, const char *name, const struct statx *st)
{
	int in = openat(from, name, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
	if (in < 0)
		return -1;
	int out = openat(to, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (out < 0)
		return close_keep(in, -1);
	ssize_t n;
	while ((n = sendfile(out, in, NULL, 1 << 30)) > 0)
		;
	/* the mode after the owner: chown clears set-id bits */
	int rc = n < 0 || fchown(out, st->stx_uid, st->stx_gid) < 0 || fchmod(out, st->stx_mode & 07777) < 0 ? -1 : 0;
	close_keep(in, rc);
	return close_keep(out, rc);
}

static int copy_symlink(int from, int to, const char *name, const struct statx *st)
{
	static char target[PATH_MAX];
	ssize_t n = readlinkat(from, name, target, sizeof target);
	if (n < 0)
		return -1;
	if ((size_t)n >= sizeof target) {
		errno = ENAMETOOLONG;
		return -1;
	}
	target[n] = '\0';
	if (symlinkat(target, to, name) < 0)
		return -1;
	return fchownat(to, name, st->stx_uid, st->stx_gid, AT_SYMLINK_NOFOLLOW);
}

/* A subdirectory: made, filled (unless it is another mount's root), then given its owner and mode. */
static int copy_subdir(int from, int to, const char *name, const struct statx *st, uint64_t mnt)
{
	if (mkdirat(to, name, 0700) < 0)
		return -1;
	int out = openat(to, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (out < 0)
		return -1;
	if (st->stx_mnt_id == mnt) {
		int in = openat(from, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (in < 0 || close_keep(in, copy_dir(in, out, mnt)) < 0)
			return close_keep(out, -1);
	}
	/* the mode last, so a read-only directory is filled first */
	int rc = fchown(out, st->stx_uid, st->stx_gid) < 0 || fchmod(out, st->stx_mode & 07777) < 0 ? -1 : 0;
	return close_keep(out, rc);
}

/* Every entry of directory from into directory to; from's own mount is mnt. */
static int copy_dir(int from, int to, uint64_t mnt)
{
	int fd = fcntl(from, F_DUPFD_CLOEXEC, 0);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	if (!d) {
		if (fd >= 0)
			close_keep(fd, -1);
		return -1;
	}
	rewinddir(d);
	int rc = 0;
	struct dirent *e;
	for (errno = 0; rc == 0 && (e = readdir(d)); errno = 0) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		struct statx st;
		if (statx(from, e->d_name, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, STATX_BASIC_STATS | STATX_MNT_ID,
			  &st) < 0) {
			rc = -1;
			break;
		}
		if (!(st.stx_mask & STATX_MNT_ID))
			st.stx_mnt_id = mnt; /* a kernel before 5.8: no mount ids to tell, none told apart */
		if (S_ISDIR(st.stx_mode))
			rc = copy_subdir(from, to, e->d_name, &st, mnt);
		else if (st.stx_mnt_id != mnt)
			continue; /* a file mounted over this one: not ours to copy */
		else if (S_ISREG(st.stx_mode))
			rc = copy_file(from, to, e->d_name, &st);
		else if (S_ISLNK(st.stx_mode))
			rc = copy_symlink(from, to, e->d_name, &st);
	}
	if (rc == 0 && errno)
		rc = -1; /* readdir failed */
	int saved = errno;
	closedir(d);
	errno = saved;
	return rc;
}

int copy_tree(int from, int to)
{
	struct statx st;
	if (statx(from, "", AT_EMPTY_PATH, STATX_MNT_ID, &st) < 0)
		return -1;
	return copy_dir(from, to, (st.stx_mask & STATX_MNT_ID) ? st.stx_mnt_id : 0);
}
