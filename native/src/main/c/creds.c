#include "helper.h"

#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * Credentials and capabilities, in the only order that works: keep capabilities across the uid change, drop the
 * bounding set while we still hold CAP_SETPCAP, switch groups/gid/uid, then set the final sets and raise ambient
 * ones. Raw syscalls: no libcap.
 */
int apply_creds(struct spec *s, const char **step)
{
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) {
		*step = "keep capabilities";
		return -1;
	}
	for (int cap = 0; cap < 64; cap++) {
		if (s->cap_bounding & (1ULL << cap))
			continue;
		if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) < 0)
			break; /* past the kernel's last capability */
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) {
			*step = "drop bounding capability";
			return -1;
		}
	}
	if (setgroups((size_t)s->ngroups, s->groups) < 0) {
		*step = "setgroups";
		return -1;
	}
	if (setresgid(s->gid, s->gid, s->gid) < 0) {
		*step = "setgid";
		return -1;
	}
	if (setresuid(s->uid, s->uid, s->uid) < 0) {
		*step = "setuid";
		return -1;
	}
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[2] = {
		{(uint32_t)s->cap_effective, (uint32_t)s->cap_permitted, (uint32_t)s->cap_inheritable},
		{(uint32_t)(s->cap_effective >> 32), (uint32_t)(s->cap_permitted >> 32),
		 (uint32_t)(s->cap_inheritable >> 32)},
	};
	if (syscall(SYS_capset, &hdr, data) < 0) {
		*step = "capset";
		return -1;
	}
	for (int cap = 0; cap < 64; cap++) {
		if ((s->cap_ambient & (1ULL << cap)) && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0) {
			*step = "raise ambient capability";
			return -1;
		}
	}
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0) {
		*step = "clear keep-capabilities";
		return -1;
	}
	return 0;
}
