/*
 * setuid_drop: the "setuid drop" attack of issue 8 (Why 4). A sandbox copies this program into its upper dir and
 * marks it setuid (chmod 4755 as the sandbox's root: host root rootful, the mapped id rootless). An unprivileged
 * host user then execs it through the upper dir's host path. If that works, it runs with the owner's euid —
 * host root for a rootful sandbox — and prints "euid=N escalated". A safe layout makes the exec itself fail
 * (EACCES: the sandbox's state dir cannot be traversed by other host users), so nothing here ever runs.
 */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	uid_t ruid = getuid(), euid = geteuid();
	printf("ruid=%u euid=%u %s\n", (unsigned)ruid, (unsigned)euid, euid != ruid ? "escalated" : "same");
	return euid != ruid ? 0 : 3;
}
