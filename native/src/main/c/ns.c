/*
 * Namespaces the helper enters instead of creating them: exec joins every namespace of the sandbox's PID 1; run
 * with "nsjoin TYPE PATH" joins the namespace files Java names (e.g. /proc/N/ns/net). Always the user namespace
 * first, so that what follows is judged, and what the clone creates is owned, by the joined one.
 */
#include "helper.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

static const struct {
	const char *name;
	unsigned long flag;
} order[] = {
	{"user", CLONE_NEWUSER}, {"ipc", CLONE_NEWIPC}, {"uts", CLONE_NEWUTS}, {"net", CLONE_NEWNET},
	{"pid", CLONE_NEWPID}, {"cgroup", CLONE_NEWCGROUP}, {"mnt", CLONE_NEWNS},
};
#define NTYPES (sizeof order / sizeof order[0])

/* exec: enter every namespace of the target; the user namespace first, the mount namespace last. */
int join_target(pid_t target, unsigned long flags, const char **step)
{
	int fds[NTYPES];
	char path[64];
	for (size_t i = 0; i < NTYPES; i++) {
		fds[i] = -1;
		if (!(flags & order[i].flag))
			continue;
		snprintf(path, sizeof path, "/proc/%d/ns/%s", target, order[i].name);
		if ((fds[i] = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
			*step = "open%20namespace"; /* percent-encoded: one protocol field */
			return -1;
		}
	}
	for (size_t i = 0; i < NTYPES; i++) {
		if (fds[i] >= 0 && setns(fds[i], (int)order[i].flag) < 0) {
			*step = "setns";
			return -1;
		}
		if (fds[i] >= 0)
			close(fds[i]);
	}
	return 0;
}

static const char *type_name(unsigned long flag)
{
	for (size_t i = 0; i < NTYPES; i++)
		if (order[i].flag == flag)
			return order[i].name;
	return "?";
}

/* run: every "nsjoin" file, opened in the caller's mount namespace before anything is joined. */
int nsjoin_open(struct spec *s, const char **type)
{
	for (int i = 0; i < s->nnsjoin; i++) {
		struct nsjoin_op *j = &s->nsjoin[i];
		if ((j->fd = open(j->path, O_RDONLY | O_CLOEXEC)) < 0) {
			*type = type_name(j->flag);
			return -1;
		}
	}
	return 0;
}

static struct nsjoin_op *joined(struct spec *s, unsigned long flag)
{
	for (int i = 0; i < s->nnsjoin; i++)
		if (s->nsjoin[i].flag == flag)
			return &s->nsjoin[i];
	return NULL;
}

/*
 * run, before the clone: every joined namespace but the mount namespace, user first. A joined pid namespace
 * takes effect for the clone only. The mount namespace is entered by the child (nsjoin_enter_mnt): the reaper
 * stays in the caller's, where its log, exit record and on_exit paths are.
 */
int nsjoin_enter(struct spec *s, const char **type)
{
	for (size_t i = 0; i < NTYPES; i++) {
		struct nsjoin_op *j = joined(s, order[i].flag);
		if (!j || j->flag == CLONE_NEWNS)
			continue;
		if (setns(j->fd, (int)j->flag) < 0) {
			*type = order[i].name;
			return -1;
		}
		close(j->fd);
		j->fd = -1;
	}
	return 0;
}

/* The child, first thing after go: the joined mount namespace (its root and cwd become that namespace's). */
void nsjoin_enter_mnt(struct spec *s)
{
	struct nsjoin_op *j = joined(s, CLONE_NEWNS);
	if (!j)
		return;
	if (setns(j->fd, CLONE_NEWNS) < 0)
		fail(err_pipe, "setns", "mnt", errno);
	close(j->fd);
	j->fd = -1;
}
