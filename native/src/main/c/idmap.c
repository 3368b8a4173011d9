#include "helper.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <sched.h>
#include <stdio.h>
#include <sys/mount.h>
#include <unistd.h>

/*
 * Rootless layers: files on disk belong to host ids (root, usually), which the sandbox's user namespace does not
 * map, so overlay could not copy them up. The parent, still privileged, clones each layer's mount, id-maps it
 * through the child's user namespace (host 0 appears as the namespace's 0) and moves it into the child's mount
 * namespace at the given path. Nothing appears in the host's mount table: the mounts live and die with the
 * sandbox's namespace (which, being owned by a less privileged user namespace, propagates nothing back).
 */
int attach_idmapped_layers(struct spec *s, pid_t child, const char **step)
{
	char path[64];
	int self_mnt = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
	snprintf(path, sizeof path, "/proc/%d/ns/mnt", child);
	int child_mnt = open(path, O_RDONLY | O_CLOEXEC);
	snprintf(path, sizeof path, "/proc/%d/ns/user", child);
	int child_user = open(path, O_RDONLY | O_CLOEXEC);
	if (self_mnt < 0 || child_mnt < 0 || child_user < 0) {
		*step = "open%20namespaces%20for%20id-mapped%20layers";
		return -1;
	}
	int trees[MAX_ITEMS];
	for (int i = 0; i < s->nidmaps; i++) {
		trees[i] = open_tree(AT_FDCWD, s->idmap_src[i], OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
		if (trees[i] < 0) {
			*step = "open_tree%20of%20a%20layer";
			return -1;
		}
		struct mount_attr attr = {.attr_set = MOUNT_ATTR_IDMAP, .userns_fd = (uint64_t)child_user};
		if (mount_setattr(trees[i], "", AT_EMPTY_PATH, &attr, sizeof attr) < 0) {
			*step = "id-map%20a%20layer";
			return -1;
		}
	}
	if (setns(child_mnt, CLONE_NEWNS) < 0) {
		*step = "enter%20the%20sandbox%20mount%20namespace";
		return -1;
	}
	int rc = 0;
	for (int i = 0; i < s->nidmaps && rc == 0; i++) {
		if (move_mount(trees[i], "", AT_FDCWD, s->idmap_dst[i], MOVE_MOUNT_F_EMPTY_PATH) < 0) {
			*step = "attach%20an%20id-mapped%20layer";
			rc = -1;
		}
		close(trees[i]);
	}
	int saved = errno;
	if (setns(self_mnt, CLONE_NEWNS) < 0 && rc == 0) {
		*step = "return%20to%20our%20mount%20namespace";
		return -1;
	}
	errno = saved;
	close(self_mnt);
	close(child_mnt);
	close(child_user);
	return rc;
}
