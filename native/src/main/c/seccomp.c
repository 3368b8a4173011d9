#include "helper.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * The seccomp filter Java compiled (sandbox module, io.edgefusion.sandbox.seccomp): the helper only decodes the
 * struct sock_filter array from hex and installs it, unchanged, as the last step before execve.
 */

/* "seccomp HEX": 16 hex digits per instruction (u16 code, u8 jt, u8 jf, u32 k in host byte order). */
int seccomp_parse(struct spec *s, const char *hex)
{
	size_t len = strlen(hex);
	size_t per = 2 * sizeof(struct sock_filter);
	if (len == 0 || len % per != 0 || len / per > BPF_MAXINSNS)
		return -1;
	size_t n = len / per;
	unsigned char *buf = malloc(n * sizeof(struct sock_filter));
	if (!buf)
		return -1;
	for (size_t i = 0; i < len / 2; i++) {
		int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			free(buf);
			return -1;
		}
		buf[i] = (unsigned char)(hi << 4 | lo);
	}
	free(s->seccomp_prog);
	s->seccomp_prog = buf;
	s->seccomp_len = (unsigned short)n;
	return 0;
}

int seccomp_install(struct spec *s)
{
	struct sock_fprog prog = {.len = s->seccomp_len, .filter = (struct sock_filter *)s->seccomp_prog};
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}
