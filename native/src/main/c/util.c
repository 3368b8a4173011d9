#include "helper.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Appends s to buf (capacity cap, used *len) with bytes outside printable ASCII, space and '%' as %XX. */
static void pct_append(char *buf, size_t cap, size_t *len, const char *s)
{
	static const char digits[] = "0123456789ABCDEF";
	for (; *s && *len + 4 < cap; s++) {
		unsigned char c = (unsigned char)*s;
		if (c <= ' ' || c > '~' || c == '%') {
			buf[(*len)++] = '%';
			buf[(*len)++] = digits[c >> 4];
			buf[(*len)++] = digits[c & 15];
		} else {
			buf[(*len)++] = (char)c;
		}
	}
}

/*
 * Reports a failed step to the parent over the error pipe as "error <step> <errno>" (step percent-encoded,
 * e.g. "mount%20/proc") and ends the child. Only async-signal-safe calls: this runs between clone and exec.
 */
void fail(int err_fd, const char *step, const char *detail, int err)
{
	char buf[4096];
	size_t len = 0;
	memcpy(buf, "error ", 6);
	len = 6;
	pct_append(buf, sizeof buf - 32, &len, step);
	if (detail) {
		pct_append(buf, sizeof buf - 32, &len, " ");
		pct_append(buf, sizeof buf - 32, &len, detail);
	}
	buf[len++] = ' ';
	/* errno in decimal, without stdio */
	char num[16];
	int n = 0;
	unsigned v = err < 0 ? 0u : (unsigned)err;
	do {
		num[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && n < 15);
	while (n > 0)
		buf[len++] = num[--n];
	buf[len++] = '\n';
	(void)write_all(err_fd, buf, len);
	_exit(125);
}

int write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The value of one hex digit, or -1: for %XX fields and the seccomp filter's hex. */
int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* In-place %XX decoding of one protocol field; "-" alone stands for "none" and decodes to NULL. */
char *pct_decode(char *s)
{
	if (strcmp(s, "-") == 0)
		return NULL;
	char *w = s;
	for (char *r = s; *r; r++) {
		if (r[0] == '%' && r[1] && r[2] && hexval(r[1]) >= 0 && hexval(r[2]) >= 0) {
			*w++ = (char)(hexval(r[1]) * 16 + hexval(r[2]));
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return s;
}

/* One protocol line to Java on stdout. */
void say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > 0)
		(void)write_all(STDOUT_FILENO, buf, (size_t)(n < (int)sizeof buf ? n : (int)sizeof buf - 1));
}

/* One sendmsg of data[0..len) with fd attached (SCM_RIGHTS), retried on EINTR; returns what sendmsg returned. */
ssize_t send_fd(int sock, int fd, const void *data, size_t len, int flags)
{
	struct iovec iov = {(void *)data, len};
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} c;
	memset(&c, 0, sizeof c);
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = c.buf, .msg_controllen = sizeof c.buf};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof fd);
	ssize_t r;
	do {
		r = sendmsg(sock, &msg, flags);
	} while (r < 0 && errno == EINTR);
	return r;
}

/*
 * execve's PATH search for s->argv[0] (no '/'), in the sandbox's environment: PATH from s->envp or
 * DEFAULT_PATH, an empty entry meaning ".", a candidate too long for full skipped. try(full, arg) runs on each
 * candidate and returns 0 or an errno: 0 ends the search; ENOENT and ENOTDIR go on, EACCES too but is
 * remembered; any other errno ends it with full still naming that candidate. Returns 0, that errno, or, when
 * every candidate was tried, EACCES if one was denied, else ENOENT.
 */
int path_search(const struct spec *s, char full[PATH_MAX], int (*try)(const char *full, void *arg), void *arg)
{
	const char *cmd = s->argv[0];
	const char *path = DEFAULT_PATH;
	for (int i = 0; i < s->envc; i++)
		if (strncmp(s->envp[i], "PATH=", 5) == 0)
			path = s->envp[i] + 5;
	int saw_eacces = 0;
	for (const char *p = path; *p;) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);
		int n = len ? snprintf(full, PATH_MAX, "%.*s/%s", (int)len, p, cmd)
			    : snprintf(full, PATH_MAX, "./%s", cmd);
		p = colon ? colon + 1 : p + len;
		if (n < 0 || n >= PATH_MAX)
			continue;
		int err = try(full, arg);
		if (err == 0)
			return 0;
		if (err == EACCES)
			saw_eacces = 1;
		else if (err != ENOENT && err != ENOTDIR)
			return err;
	}
	return saw_eacces ? EACCES : ENOENT;
}
