/*
 * "apparmor PROFILE": AppArmor's change-on-exec. Written as "exec PROFILE" in one write to the process's own
 * attribute file, the profile takes effect at the next execve (the workload's), not before: the steps left in
 * the helper run unconfined by it. Kernels with stacked LSMs have AppArmor's own file; older ones only the shared one.
 */
#include "helper.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int apparmor_on_exec(const char *profile)
{
	char buf[4096];
	int n = snprintf(buf, sizeof buf, "exec %s", profile);
	if (n < 0 || (size_t)n >= sizeof buf) {
		errno = ENAMETOOLONG;
		return -1;
	}
	int fd = open("/proc/self/attr/apparmor/exec", O_WRONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		fd = open("/proc/self/attr/exec", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t w = write(fd, buf, (size_t)n);
	int saved = errno;
	close(fd);
	if (w == n)
		return 0;
	errno = w < 0 ? saved : EIO;
	return -1;
}
