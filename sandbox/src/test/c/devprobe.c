/*
 * devprobe: the host-device attack. For each argument it attempts one step and prints one line with the
 * outcome ("ok" or the errno name):
 *   c:PATH:MAJ:MIN  mknod a character device      b:PATH:MAJ:MIN  mknod a block device
 *   r:PATH          open it for reading            w:PATH          open it for writing
 *   R:PATH          open for reading and print the first 16 bytes read (to show what a granted device holds)
 * In a safe sandbox mknod may succeed (CAP_MKNOD, as docker) but opening any node outside the device cgroup's
 * allow-list fails with EPERM: /dev/kmsg (1:11), a host loop device, /dev/kvm, the host's root disk.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static const char *errname(int e)
{
	switch (e) {
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EACCES: return "EACCES";
	case ENXIO: return "ENXIO";
	case ENODEV: return "ENODEV";
	case EROFS: return "EROFS";
	case EEXIST: return "EEXIST";
	case EINVAL: return "EINVAL";
	case EBUSY: return "EBUSY";
	default: {
		static char buf[16];
		snprintf(buf, sizeof buf, "E%d", e);
		return buf;
	}
	}
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		char op = a[0];
		char *path = a + 2;
		if ((op == 'c' || op == 'b') && a[1] == ':') {
			char *p = strdup(path);
			char *maj = strchr(p, ':');
			char *min = maj ? strchr(maj + 1, ':') : NULL;
			if (!maj || !min) {
				printf("bad argument %s\n", a);
				return 2;
			}
			*maj++ = '\0';
			*min++ = '\0';
			unlink(p);
			int rc = mknod(p, (op == 'c' ? S_IFCHR : S_IFBLK) | 0666,
				       makedev((unsigned)atoi(maj), (unsigned)atoi(min)));
			printf("mknod %s %s\n", p, rc == 0 ? "ok" : errname(errno));
			free(p);
		} else if ((op == 'r' || op == 'w' || op == 'R') && a[1] == ':') {
			int fd = open(path, (op == 'w' ? O_WRONLY : O_RDONLY) | O_CLOEXEC);
			if (fd < 0) {
				printf("open-%c %s %s\n", op == 'w' ? 'w' : 'r', path, errname(errno));
				continue;
			}
			if (op == 'R') {
				char buf[17] = {0};
				ssize_t n = read(fd, buf, 16);
				printf("open-r %s ok read %zd %s\n", path, n, n > 0 ? buf : "");
			} else {
				printf("open-%c %s ok\n", op, path);
			}
			close(fd);
		} else {
			printf("bad argument %s\n", a);
			return 2;
		}
		fflush(stdout);
	}
	return 0;
}
