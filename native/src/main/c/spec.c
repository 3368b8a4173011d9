#include "helper.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_SPEC (1 << 20)
#define MAX_FIELDS 8

static char *dup_or_null(char *field)
{
	char *v = pct_decode(field);
	return v ? strdup(v) : NULL;
}

static unsigned long ns_flag(const char *name)
{
	static const struct { const char *name; unsigned long flag; } table[] = {
		{"user", CLONE_NEWUSER}, {"mnt", CLONE_NEWNS}, {"pid", CLONE_NEWPID}, {"uts", CLONE_NEWUTS},
		{"ipc", CLONE_NEWIPC}, {"net", CLONE_NEWNET}, {"cgroup", CLONE_NEWCGROUP},
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strcmp(name, table[i].name) == 0)
			return table[i].flag;
	return 0;
}

static char *append(char *acc, const char *a, const char *b, const char *c)
{
	size_t old = acc ? strlen(acc) : 0;
	size_t add = strlen(a) + strlen(b) + strlen(c) + 4;
	char *out = realloc(acc, old + add);
	if (!out)
		return acc;
	snprintf(out + old, add, "%s %s %s\n", a, b, c);
	return out;
}

/* A whole field as a number in base (0..max); -1 for anything else. */
static int number(const char *f, int base, unsigned long long max, unsigned long long *out)
{
	char *end;
	errno = 0;
	if (!*f || *f == '-' || *f == '+')
		return -1;
	unsigned long long v = strtoull(f, &end, base);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

/* The directives an OCI runtime needs on top of the sandbox's (nsjoin … pause_mounted, copyup, apparmor); 1 = not one
 * of them. */
static int apply_oci(struct spec *s, const char *key, char **f, int n)
{
	unsigned long long v, w, x;
	if (!strcmp(key, "nsjoin") && n == 2 && s->nnsjoin < 7) {
		unsigned long fl = ns_flag(f[0]);
		if (!fl || (s->nsjoin_flags & fl))
			return -1;
		s->nsjoin_flags |= fl;
		struct nsjoin_op *j = &s->nsjoin[s->nnsjoin++];
		j->flag = fl;
		j->fd = -1;
		return (j->path = dup_or_null(f[1])) ? 0 : -1;
	}
	if (!strcmp(key, "rootbind") && n == 1)
		return number(f[0], 10, 1, &v) < 0 ? -1 : (s->rootbind = (int)v, 0);
	if (!strcmp(key, "propagation") && n == 1) {
		s->has_propagation = 1;
		return number(f[0], 10, ~0UL, &v) < 0 ? -1 : (s->propagation = (unsigned long)v, 0);
	}
	if (!strcmp(key, "rootpropagation") && n == 1) {
		s->has_root_propagation = 1;
		return number(f[0], 10, ~0UL, &v) < 0 ? -1 : (s->root_propagation = (unsigned long)v, 0);
	}
	if (!strcmp(key, "propagate") && n == 2 && s->nmounts < MAX_ITEMS) {
		if (number(f[1], 10, ~0UL, &v) < 0)
			return -1;
		struct mount_op *m = &s->mounts[s->nmounts++];
		m->propagate = 1;
		m->flags = (unsigned long)v;
		m->src_fd = m->fallback_fd = -1;
		return (m->dst = dup_or_null(f[0])) ? 0 : -1;
	}
	if (!strcmp(key, "sysctl") && n == 2 && s->nsysctls < MAX_ITEMS) {
		struct sysctl_op *op = &s->sysctls[s->nsysctls++];
		op->key = dup_or_null(f[0]);
		char *value = pct_decode(f[1]);
		op->value = strdup(value ? value : "");
		return op->key && op->value ? 0 : -1;
	}
	if (!strcmp(key, "umask") && n == 1) {
		s->has_umask = 1;
		return number(f[0], 8, 0777, &v) < 0 ? -1 : (s->umask = (mode_t)v, 0);
	}
	if (!strcmp(key, "personality") && n == 1) {
		/* 0xffffffff only queries the persona: not a value to set */
		s->has_personality = 1;
		return number(f[0], 16, 0xfffffffeULL, &v) < 0 ? -1 : (s->personality = (unsigned long)v, 0);
	}
	if (!strcmp(key, "fd") && n == 3 && s->nfds < MAX_ITEMS) {
		if (number(f[0], 10, 0x7fffffff, &v) < 0 || v == 0 || number(f[1], 10, 0x7fffffff, &w) < 0 ||
		    number(f[2], 10, 0x7fffffff, &x) < 0 || x < 3)
			return -1;
		for (int i = 0; i < s->nfds; i++)
			if (s->fds[i].dst == (int)x)
				return -1;
		s->fds[s->nfds++] = (struct fd_op){.pid = (pid_t)v, .src = (int)w, .dst = (int)x, .fd = -1};
		return 0;
	}
	if (!strcmp(key, "fifo") && n == 1)
		return (s->fifo = dup_or_null(f[0])) ? 0 : -1;
	if (!strcmp(key, "reap") && n == 1)
		return number(f[0], 10, 1, &v) < 0 ? -1 : (s->reap = (int)v, 0);
	if (!strcmp(key, "console_socket") && n == 1)
		return (s->console_socket = dup_or_null(f[0])) ? 0 : -1;
	if (!strcmp(key, "copyup") && n == 1) {
		/* only right after the "mount" of a tmpfs at the same DST */
		struct mount_op *m = s->nmounts ? &s->mounts[s->nmounts - 1] : NULL;
		char *dst = pct_decode(f[0]);
		if (!m || m->propagate || m->copyup || m->has_fallback || !m->type || strcmp(m->type, "tmpfs") ||
		    !dst || strcmp(dst, m->dst))
			return -1;
		m->copyup = 1;
		return 0;
	}
	if (!strcmp(key, "apparmor") && n == 1)
		return (s->apparmor = dup_or_null(f[0])) ? 0 : -1;
	if (!strcmp(key, "pause_mounted") && n == 1)
		return number(f[0], 10, 1, &v) < 0 ? -1 : (s->pause_mounted = (int)v, 0);
	return 1;
}

/* The combinations a spec may not have; 0 when it is complete and consistent. */
static int check(struct spec *s)
{
	if (s->argc == 0)
		return -1;
	if (s->mode == MODE_EXEC && (s->target_pid <= 0 || s->nnsjoin || s->fifo || s->pause_mounted))
		return -1;
	if (s->mode == MODE_RUN && !s->root)
		return -1;
	/* a namespace is created or joined, never both; a root is mounted or bound */
	if ((s->ns_flags & s->nsjoin_flags) || (s->rootbind && s->root_type))
		return -1;
	/* no reaper: nothing to log, record or run after the end, nobody to relay a pty but the console socket */
	if (!s->reap && (s->log_path || s->exit_path || s->on_exitc || s->output || (s->tty && !s->console_socket)))
		return -1;
	if (s->console_socket && !s->tty)
		return -1;
	return 0;
}

/* Applies one "key field…" line; returns 0, or -1 for a malformed or unknown line. */
static int apply(struct spec *s, char *key, char **f, int n)
{
	int oci = apply_oci(s, key, f, n);
	if (oci <= 0)
		return oci;
	if (!strcmp(key, "version"))
		return n == 1 && !strcmp(f[0], "1") ? 0 : -1;
	if (!strcmp(key, "mode") && n == 1) {
		s->mode = !strcmp(f[0], "exec") ? MODE_EXEC : MODE_RUN;
		return 0;
	}
	if (!strcmp(key, "ns") && n == 1) {
		if (!strcmp(f[0], "-"))
			return 0;
		for (char *save = NULL, *t = strtok_r(f[0], ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			unsigned long fl = ns_flag(t);
			if (!fl)
				return -1;
			s->ns_flags |= fl;
		}
		return 0;
	}
	if (!strcmp(key, "target") && n == 1)
		return (s->target_pid = (pid_t)atoi(f[0])) > 0 ? 0 : -1;
	if (!strcmp(key, "hostname") && n == 1)
		return (s->hostname = dup_or_null(f[0])) ? 0 : -1;
	if (!strcmp(key, "root") && n == 1)
		return (s->root = dup_or_null(f[0])) ? 0 : -1;
	if (!strcmp(key, "rootmount") && n == 3) {
		s->root_type = dup_or_null(f[0]);
		s->root_data = dup_or_null(f[1]);
		s->root_chdir = dup_or_null(f[2]);
		return s->root_type ? 0 : -1;
	}
	if (!strcmp(key, "mount_or_bind") && n == 7 && s->nmounts < MAX_ITEMS) {
		if (apply(s, "mount", f, 6) < 0)
			return -1;
		struct mount_op *m = &s->mounts[s->nmounts - 1];
		m->has_fallback = 1;
		m->fallback = dup_or_null(f[6]);
		return m->type ? 0 : -1;
	}
	if (!strcmp(key, "mount") && n == 6 && s->nmounts < MAX_ITEMS) {
		struct mount_op *m = &s->mounts[s->nmounts++];
		m->src = dup_or_null(f[0]);
		m->dst = dup_or_null(f[1]);
		m->type = dup_or_null(f[2]);
		m->flags = strtoul(f[3], NULL, 10);
		m->data = dup_or_null(f[4]);
		m->kind = !strcmp(f[5], "file") ? TARGET_FILE : TARGET_DIR;
		m->src_fd = -1;
		m->fallback_fd = -1;
		return m->dst ? 0 : -1;
	}
	if (!strcmp(key, "symlink") && n == 2 && s->nsymlinks < MAX_ITEMS) {
		s->symlinks[s->nsymlinks][0] = dup_or_null(f[0]);
		s->symlinks[s->nsymlinks][1] = dup_or_null(f[1]);
		return s->symlinks[s->nsymlinks++][1] ? 0 : -1;
	}
	if (!strcmp(key, "mask") && n == 1 && s->nmasks < MAX_ITEMS)
		return (s->masks[s->nmasks++] = dup_or_null(f[0])) ? 0 : -1;
	if (!strcmp(key, "readonly") && n == 1 && s->nreadonly < MAX_ITEMS)
		return (s->readonly[s->nreadonly++] = dup_or_null(f[0])) ? 0 : -1;
	if (!strcmp(key, "readonly_root") && n == 1) {
		s->readonly_root = atoi(f[0]);
		return 0;
	}
	if (!strcmp(key, "remount_ro") && n == 1 && s->nremount_ro < MAX_ITEMS)
		return (s->remount_ro[s->nremount_ro++] = dup_or_null(f[0])) ? 0 : -1;
	if (!strcmp(key, "mknod") && n == 5 && s->nmknods < MAX_ITEMS && (f[1][0] == 'c' || f[1][0] == 'b')) {
		struct mknod_op *d = &s->mknods[s->nmknods++];
		d->path = dup_or_null(f[0]);
		d->mode = (mode_t)((f[1][0] == 'c' ? S_IFCHR : S_IFBLK) | (strtoul(f[4], NULL, 8) & 07777));
		d->major = (unsigned int)strtoul(f[2], NULL, 10);
		d->minor = (unsigned int)strtoul(f[3], NULL, 10);
		return d->path ? 0 : -1;
	}
	if ((!strcmp(key, "uidmap") || !strcmp(key, "gidmap")) && n == 3) {
		char **map = key[0] == 'u' ? &s->uid_map : &s->gid_map;
		*map = append(*map, f[0], f[1], f[2]);
		return *map ? 0 : -1;
	}
	if (!strcmp(key, "idmap_lower") && n == 2 && s->nidmaps < MAX_ITEMS) {
		s->idmap_src[s->nidmaps] = dup_or_null(f[0]);
		s->idmap_dst[s->nidmaps] = dup_or_null(f[1]);
		return s->idmap_dst[s->nidmaps++] ? 0 : -1;
	}
	if (!strcmp(key, "arg") && n == 1 && s->argc < MAX_ITEMS) {
		char *v = pct_decode(f[0]);
		s->argv[s->argc++] = strdup(v ? v : "");
		return 0;
	}
	if (!strcmp(key, "env") && n == 1 && s->envc < MAX_ITEMS)
		return (s->envp[s->envc++] = dup_or_null(f[0])) ? 0 : -1;
	if (!strcmp(key, "cwd") && n == 1)
		return (s->cwd = dup_or_null(f[0])) ? 0 : -1;
	if (!strcmp(key, "user") && n == 2) {
		/* 0..2^32-2 only: a larger number must not wrap to another id (Java refuses it first) */
		char *e1, *e2;
		errno = 0;
		unsigned long long u = strtoull(f[0], &e1, 10), g = strtoull(f[1], &e2, 10);
		if (errno || *e1 || *e2 || u > 4294967294ULL || g > 4294967294ULL)
			return -1;
		s->uid = (uid_t)u;
		s->gid = (gid_t)g;
		return 0;
	}
	if (!strcmp(key, "groups") && n == 1) {
		if (!strcmp(f[0], "-"))
			return 0;
		for (char *save = NULL, *t = strtok_r(f[0], ",", &save); t && s->ngroups < 64;
		     t = strtok_r(NULL, ",", &save))
			s->groups[s->ngroups++] = (gid_t)strtoul(t, NULL, 10);
		return 0;
	}
	if (!strcmp(key, "caps") && n == 5) {
		s->cap_bounding = strtoull(f[0], NULL, 16);
		s->cap_effective = strtoull(f[1], NULL, 16);
		s->cap_permitted = strtoull(f[2], NULL, 16);
		s->cap_inheritable = strtoull(f[3], NULL, 16);
		s->cap_ambient = strtoull(f[4], NULL, 16);
		return 0;
	}
	if (!strcmp(key, "no_new_privs") && n == 1) {
		s->no_new_privs = atoi(f[0]);
		return 0;
	}
	if (!strcmp(key, "rlimit") && n == 3 && s->nrlimits < 16) {
		struct rlimit_op *r = &s->rlimits[s->nrlimits++];
		r->resource = atoi(f[0]);
		r->soft = !strcmp(f[1], "-1") ? RLIM_INFINITY : (rlim_t)strtoull(f[1], NULL, 10);
		r->hard = !strcmp(f[2], "-1") ? RLIM_INFINITY : (rlim_t)strtoull(f[2], NULL, 10);
		return 0;
	}
	if (!strcmp(key, "log") && n == 2) {
		s->log_path = dup_or_null(f[0]);
		s->log_max = strtoll(f[1], NULL, 10);
		return 0;
	}
	if (!strcmp(key, "exit") && n == 1)
		return (s->exit_path = dup_or_null(f[0])) ? 0 : -1;
	if (!strcmp(key, "tty") && n == 1) {
		s->tty = atoi(f[0]);
		return 0;
	}
	if (!strcmp(key, "stdin") && n == 1) {
		s->interactive = atoi(f[0]);
		return 0;
	}
	if (!strcmp(key, "stdio") && n == 4) {
		char *end;
		long pid = strtol(f[0], &end, 10);
		if (*end || pid <= 0 || pid > 0x7fffffff)
			return -1;
		s->caller_pid = (pid_t)pid;
		for (int i = 0; i < 3; i++) {
			if (!strcmp(f[i + 1], "-"))
				continue;
			long fd = strtol(f[i + 1], &end, 10);
			if (*end || fd < 0 || fd > 0x7fffffff)
				return -1;
			s->caller_fd[i] = (int)fd;
		}
		return 0;
	}
	if (!strcmp(key, "console") && n == 1)
		return (s->console = dup_or_null(f[0])) ? 0 : -1;
	if (!strcmp(key, "output") && n == 1)
		return (s->output = dup_or_null(f[0])) ? 0 : -1;
	if (!strcmp(key, "seccomp") && n == 1)
		return seccomp_parse(s, f[0]);
	if (!strcmp(key, "detach") && n == 1) {
		s->detach = atoi(f[0]);
		return 0;
	}
	if (!strcmp(key, "on_exit") && n == 1 && s->on_exitc < MAX_ITEMS)
		return (s->on_exit[s->on_exitc++] = dup_or_null(f[0])) ? 0 : -1;
	return -1;
}

/*
 * Reads "key field…" lines up to "end". Java sends nothing after "end" until the helper answers, so reading
 * in blocks cannot swallow the later "go".
 */
int spec_read(int fd, struct spec *s)
{
	static char buf[MAX_SPEC];
	size_t len = 0;
	for (;;) {
		if (len + 1 >= sizeof buf)
			return -1;
		ssize_t r = read(fd, buf + len, sizeof buf - 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		len += (size_t)r;
		buf[len] = '\0';
		if (len >= 4 && (strcmp(buf + len - 4, "end\n") == 0) && (len == 4 || buf[len - 5] == '\n'))
			break;
	}
	s->uid = 0;
	s->gid = 0;
	s->caller_fd[0] = s->caller_fd[1] = s->caller_fd[2] = -1;
	s->reap = 1;
	s->fifo_fd = -1;
	for (char *save = NULL, *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strcmp(line, "end"))
			return check(s);
		char *fields[MAX_FIELDS];
		int n = 0;
		char *lsave = NULL;
		char *key = strtok_r(line, " ", &lsave);
		for (char *t; n < MAX_FIELDS && (t = strtok_r(NULL, " ", &lsave));)
			fields[n++] = t;
		if (!key || apply(s, key, fields, n) < 0) {
			fprintf(stderr, "edgefusion-helper: bad spec line: %s\n", key ? key : "");
			return -1;
		}
	}
	return -1;
}
