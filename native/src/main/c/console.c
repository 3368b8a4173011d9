/*
 * "console_socket PATH" (tty, no reaper): the pty master goes to whoever listens on PATH (conmon, a shim, the
 * caller of an OCI create), with SCM_RIGHTS, its name inside the sandbox as the data; the helper keeps no copy
 * and relays nothing. Connected before the clone, in the caller's namespaces, so a wrong PATH fails before
 * anything runs.
 */
#include "helper.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int sock = -1;

int console_connect(struct spec *s)
{
	if (!s->console_socket)
		return 0;
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	if (strlen(s->console_socket) >= sizeof addr.sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(addr.sun_path, s->console_socket);
	if ((sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	int rc;
	do {
		rc = connect(sock, (struct sockaddr *)&addr, sizeof addr);
	} while (rc < 0 && errno == EINTR);
	return rc;
}

/* The child: the caller's socket is never the sandbox's, not even until exec. */
void console_forget(void)
{
	if (sock >= 0)
		close(sock);
	sock = -1;
}

/* Sends the master with its name (the number of its devpts instance: the sandbox's /dev/pts/N), then closes. */
int console_send(int master)
{
	unsigned int n;
	if (ioctl(master, TIOCGPTN, &n) < 0)
		return -1;
	char name[32];
	int len = snprintf(name, sizeof name, "/dev/pts/%u", n);
	ssize_t r = send_fd(sock, master, name, (size_t)len, MSG_NOSIGNAL);
	int saved = errno;
	close(master);
	close(sock);
	sock = -1;
	if (r != len) {
		errno = r < 0 ? saved : EPROTO;
		return -1;
	}
	return 0;
}
