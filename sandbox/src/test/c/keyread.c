/*
 * keyread ID: tries to read the payload of key ID (keyctl(KEYCTL_READ)), e.g. a key the caller put in its
 * session keyring. A sandbox sharing the caller's session keyring possesses that key and reads it; one with a
 * session keyring of its own does not. Prints "read VALUE" or "refused ERRNO".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#define KEYCTL_READ 11

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: keyread ID\n");
		return 2;
	}
	char buf[256];
	long n = syscall(SYS_keyctl, KEYCTL_READ, atol(argv[1]), buf, sizeof buf - 1);
	if (n < 0) {
		printf("refused %d\n", errno);
		return 0;
	}
	buf[n < (long)sizeof buf - 1 ? n : (long)sizeof buf - 1] = '\0';
	printf("read %s\n", buf);
	return 0;
}
