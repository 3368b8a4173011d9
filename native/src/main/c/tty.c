/*
 * Terminals. With "tty 1" the workload gets a pty from the sandbox's own devpts instance: the child opens
 * /dev/pts/ptmx inside its mount namespace, makes the slave its controlling terminal and hands the master back
 * over a socketpair (SCM_RIGHTS). The helper relays the master to its own stdout and, with "stdin 1", the
 * caller's terminal ("console PATH") into it, in raw mode. Nothing inside ever holds an fd of the caller's
 * terminal, so TIOCSTI or TIOCLINUX from inside reach only the sandbox's pty.
 */
#include "helper.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

static int pair[2] = {-1, -1};     /* [0] the helper's end, [1] the child's */
static int console_fd = -1;
static int output_fd = -1;
static struct winsize caller_size; /* read before clone, so the child sets it before the workload starts */
static int have_size;
static struct termios saved_modes;
static int modes_saved;
static volatile sig_atomic_t resized;
static int resize_master = -1;

int tty_prepare(struct spec *s)
{
	if (s->console) {
		console_fd = open(s->console, O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (console_fd < 0)
			return -1;
		if (!isatty(console_fd)) {
			errno = ENOTTY;
			return -1;
		}
		have_size = ioctl(console_fd, TIOCGWINSZ, &caller_size) == 0;
	}
	if (s->output && (output_fd = open(s->output, O_WRONLY | O_NOCTTY | O_CLOEXEC)) < 0)
		return -1;
	if (s->tty && socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0)
		return -1;
	return 0;
}

int tty_console(void)
{
	return console_fd;
}

/*
 * After "started": the workload's output goes straight to the caller's terminal, so all of it is there before
 * the modes come back (relayed through Java, the last of it could arrive after the restore).
 */
void tty_take_output(void)
{
	if (output_fd >= 0 && dup2(output_fd, STDOUT_FILENO) >= 0)
		close(output_fd);
	output_fd = -1;
}

/* Child: the caller's terminal is never ours, not even until exec. */
void tty_child_forget_console(void)
{
	if (console_fd >= 0)
		close(console_fd);
	console_fd = -1;
	if (output_fd >= 0)
		close(output_fd);
	output_fd = -1;
	if (pair[0] >= 0)
		close(pair[0]);
	pair[0] = -1;
}

/*
 * Child, a session leader in its final mount namespace and root, still privileged: a pty from the sandbox's
 * devpts, the slave as controlling terminal and fds 0-2 (owned by the workload's user, as a login would leave
 * it), the master to the helper.
 */
int tty_child(struct spec *s, const char **step)
{
	int m = open("/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (m < 0) {
		*step = "open /dev/pts/ptmx";
		return -1;
	}
	int unlock = 0;
	if (ioctl(m, TIOCSPTLCK, &unlock) < 0) {
		*step = "unlock pty";
		return -1;
	}
	if (have_size && ioctl(m, TIOCSWINSZ, &caller_size) < 0) {
		*step = "set window size";
		return -1;
	}
	/* TIOCGPTPEER: the slave of this very master, with no path lookup that could be raced. */
	int sl = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (sl < 0) {
		*step = "open pty slave";
		return -1;
	}
	if (fchown(sl, s->uid, (gid_t)-1) < 0) {
		*step = "chown pty slave";
		return -1;
	}
	if (ioctl(sl, TIOCSCTTY, 0) < 0) {
		*step = "make the pty the controlling terminal";
		return -1;
	}
	for (int fd = 0; fd < 3; fd++) {
		if (dup2(sl, fd) < 0) {
			*step = "dup2 pty slave";
			return -1;
		}
	}
	close(sl);
	if (send_fd(pair[1], m, "m", 1, 0) != 1) {
		*step = "send pty master";
		return -1;
	}
	close(m);
	close(pair[1]);
	pair[1] = -1;
	return 0;
}

/* Helper, after the child exec'd: the master it sent, or -1. */
int tty_master(void)
{
	close(pair[1]);
	pair[1] = -1;
	char dummy;
	struct iovec iov = {&dummy, 1};
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} c;
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = c.buf, .msg_controllen = sizeof c.buf};
	ssize_t r;
	do {
		r = recvmsg(pair[0], &msg, MSG_CMSG_CLOEXEC);
	} while (r < 0 && errno == EINTR);
	close(pair[0]);
	pair[0] = -1;
	struct cmsghdr *cm = r == 1 ? CMSG_FIRSTHDR(&msg) : NULL;
	if (!cm || cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS) {
		errno = EPROTO;
		return -1;
	}
	int fd;
	memcpy(&fd, CMSG_DATA(cm), sizeof fd);
	return fd;
}

static void on_winch(int sig)
{
	(void)sig;
	resized = 1;
}

/* Puts the caller's terminal in raw mode (only when its input is relayed); the modes come back in tty_restore. */
int tty_raw(void)
{
	if (console_fd < 0 || tcgetattr(console_fd, &saved_modes) < 0)
		return -1;
	modes_saved = 1;
	struct termios raw = saved_modes;
	cfmakeraw(&raw);
	return tcsetattr(console_fd, TCSADRAIN, &raw);
}

void tty_restore(void)
{
	if (modes_saved)
		tcsetattr(console_fd, TCSADRAIN, &saved_modes);
	modes_saved = 0;
}

/* SIGWINCH reaches us (the caller's foreground process group); the size follows at the next relay wake-up. */
void tty_follow_size(int master)
{
	if (console_fd < 0 || master < 0)
		return;
	resize_master = master;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_winch;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGWINCH, &sa, NULL);
}

void tty_sync_size(void)
{
	if (!resized)
		return;
	resized = 0;
	struct winsize ws;
	if (ioctl(console_fd, TIOCGWINSZ, &ws) == 0)
		ioctl(resize_master, TIOCSWINSZ, &ws);
}

/*
 * Before each chunk of the caller's keys: its size now. Through a node the caller's SIGWINCH comes the long way
 * (client, node, us) and can arrive after the keys typed once the resize was done; the kernel signals the
 * sandbox only when the size really changed.
 */
void tty_size_before_input(void)
{
	if (console_fd < 0 || resize_master < 0)
		return;
	struct winsize ws;
	if (ioctl(console_fd, TIOCGWINSZ, &ws) == 0)
		ioctl(resize_master, TIOCSWINSZ, &ws);
}
