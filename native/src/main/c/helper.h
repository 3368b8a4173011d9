/*
 * edgefusion-helper: the only native code of EdgeFusion. It does what no JVM may do between fork and exec
 * (DESIGN.md §2): clone into new namespaces, mount, pivot_root, drop privileges, exec; then it stays behind as
 * the sandbox's reaper. Java decides everything; this program only carries out the spec it reads on stdin
 * (native/PROTOCOL.md) and reports each failure as "step + errno".
 */
#ifndef EDGEFUSION_HELPER_H
#define EDGEFUSION_HELPER_H

#define _GNU_SOURCE
#include <limits.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#define MAX_ITEMS 256
#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

enum mode { MODE_RUN, MODE_EXEC };
enum target_kind { TARGET_DIR, TARGET_FILE };

struct mount_op {
	char *src;          /* host path for binds (opened before pivot_root), or fs source; NULL for none */
	char *dst;          /* path inside the new root */
	char *type;         /* NULL for a bind */
	unsigned long flags;
	char *data;
	enum target_kind kind;
	int src_fd;         /* O_PATH fd of a bind source, opened in the helper's mount namespace */
	int has_fallback;   /* mount_or_bind: on EPERM bind fallback instead (NULL: leave the target empty) */
	char *fallback;
	int fallback_fd;
	int propagate;      /* "propagate DST FLAGS": no mount, only mount(NULL, dst, NULL, flags) on what is there */
	int copyup;         /* "copyup DST" (a tmpfs): what the root had at DST is copied into the new mount */
};

/* "nsjoin TYPE PATH": an existing namespace to enter instead of creating one (opened before the clone) */
struct nsjoin_op {
	unsigned long flag; /* CLONE_NEW* */
	char *path;
	int fd;
};

/* "fd PID SRC DST": fd SRC of process PID becomes the workload's fd DST */
struct fd_op {
	pid_t pid;
	int src, dst;
	int fd;             /* our copy (pidfd_getfd), taken right after the spec is read */
};

struct sysctl_op {
	char *key, *value;
};

struct mknod_op {
	char *path;         /* inside the new root */
	mode_t mode;        /* S_IFCHR or S_IFBLK | permission bits */
	unsigned int major, minor;
};

struct rlimit_op {
	int resource;
	rlim_t soft, hard;
};

struct spec {
	enum mode mode;
	unsigned long ns_flags;
	pid_t target_pid;                  /* exec: the sandbox init whose namespaces to join */
	char *hostname;
	char *root;                        /* run: the directory that becomes / */
	char *root_type, *root_data;       /* run: filesystem mounted on root (overlay), or NULL to bind it */
	char *root_chdir;                  /* run: directory to chdir into before that mount (relative lowerdirs) */
	struct mount_op mounts[MAX_ITEMS];
	int nmounts;
	char *symlinks[MAX_ITEMS][2];      /* target, link path inside the root */
	int nsymlinks;
	char *masks[MAX_ITEMS];
	int nmasks;
	char *readonly[MAX_ITEMS];
	int nreadonly;
	int readonly_root;
	char *remount_ro[MAX_ITEMS];       /* mounts made read-only after symlinks were created in them */
	int nremount_ro;
	struct mknod_op mknods[MAX_ITEMS]; /* device nodes made after the mounts (rootful: mknod needs CAP_MKNOD) */
	int nmknods;
	char *uid_map, *gid_map;           /* "inside outside count\n" lines, written by the parent */
	char *idmap_src[MAX_ITEMS];        /* rootless: layers the parent attaches, id-mapped, in the child's ns */
	char *idmap_dst[MAX_ITEMS];
	int nidmaps;
	char *argv[MAX_ITEMS + 1];
	int argc;
	char *envp[MAX_ITEMS + 1];
	int envc;
	char *cwd;
	uid_t uid;
	gid_t gid;
	gid_t groups[64];
	int ngroups;
	uint64_t cap_bounding, cap_effective, cap_permitted, cap_inheritable, cap_ambient;
	int no_new_privs;
	struct rlimit_op rlimits[16];
	int nrlimits;
	char *log_path;
	long long log_max;
	char *exit_path;
	int detach;
	char *on_exit[MAX_ITEMS + 1];      /* run: argv the reaper execs after writing the exit record */
	int on_exitc;
	int tty;                           /* the workload gets a pty from the sandbox's own devpts */
	int interactive;                   /* stdin is relayed (from the console with tty, else our stdin) */
	char *console;                     /* the caller's terminal: window size, raw mode, input with tty */
	char *output;                      /* the workload's stdout goes here, not to our stdout (tty) */
	pid_t caller_pid;                  /* "stdio": the process whose fds are handed to the workload */
	int caller_fd[3];                  /* its fds to become the workload's 0, 1, 2; -1 = not handed */
	void *seccomp_prog;                /* struct sock_filter[seccomp_len] from "seccomp", or NULL for none */
	unsigned short seccomp_len;
	struct nsjoin_op nsjoin[7];        /* run: namespaces joined, not created */
	int nnsjoin;
	unsigned long nsjoin_flags;
	int rootbind;                      /* run: root bound recursively on itself (explicit; the default too) */
	int has_propagation, has_root_propagation;
	unsigned long propagation;         /* run: applied to / first (default MS_REC | MS_PRIVATE) */
	unsigned long root_propagation;    /* run: applied to the new / after pivot_root */
	struct sysctl_op sysctls[MAX_ITEMS];
	int nsysctls;
	int has_umask, has_personality;
	mode_t umask;
	unsigned long personality;
	struct fd_op fds[MAX_ITEMS];       /* extra fds handed to the workload ("fd") */
	int nfds;
	char *fifo;                        /* run: the create/start split's FIFO, opened O_PATH by the child */
	int fifo_fd;
	int reap;                          /* 0: no reaper, the helper exits once the workload started */
	char *console_socket;              /* with tty and reap 0: the pty master goes to this socket */
	int pause_mounted;                 /* run: stop after the mounts until Java says go again */
	char *apparmor;                    /* the AppArmor profile the workload gets at execve, or NULL */
};

/* spec.c */
int spec_read(int fd, struct spec *s);

/* setup.c: runs in the cloned child; returns only on failure (after reporting it) */
extern int err_pipe;                   /* the child's error pipe: each failing step is reported there */
void child_run(struct spec *s, int sync_fd, int err_fd);
void child_exec(struct spec *s, int sync_fd, int err_fd);

/* ns.c: namespaces joined by the helper (exec: all of the target's; run: "nsjoin", all but mnt) */
int join_target(pid_t target, unsigned long flags, const char **step);
int nsjoin_open(struct spec *s, const char **type);
int nsjoin_enter(struct spec *s, const char **type);
void nsjoin_enter_mnt(struct spec *s);

/* creds.c */
int apply_creds(struct spec *s, const char **step);

/* apparmor.c: "apparmor PROFILE", the profile the kernel applies at the next execve */
int apparmor_on_exec(const char *profile);

/* idmap.c */
int attach_idmapped_layers(struct spec *s, pid_t child, const char **step);

/* reaper.c */
int reap(struct spec *s, pid_t child, int out_fd, int err_fd, long long started_ms);

/* reaper.c: input relayed while reaping (src -1 for none); dst is closed at EOF when close_dst */
void reap_input(int src, int dst, int close_dst);

/* tty.c */
int tty_prepare(struct spec *s);
int tty_console(void);
void tty_take_output(void);
void tty_child_forget_console(void);
int tty_child(struct spec *s, const char **step);
int tty_master(void);
int tty_raw(void);
void tty_restore(void);
void tty_follow_size(int master);
void tty_sync_size(void);
void tty_size_before_input(void);
/* stdio.c: the caller's own fds handed to the workload (pidfd_getfd), taken before the clone */
int stdio_take(struct spec *s);
int stdio_handed(int fd);
void stdio_drop(void);
int fds_take(struct spec *s, int *src);
void fds_install(struct spec *s);
void fds_drop(struct spec *s);
/* start.c: the create/start split ("fifo") and the child's reports on its error pipe */
void child_report(const char *what);
void fifo_wait_start(struct spec *s);
/* console.c: with "console_socket", the pty master goes to the caller's socket instead of being relayed */
int console_connect(struct spec *s);
int console_send(int master);
void console_forget(void);
/* seccomp.c */
int seccomp_parse(struct spec *s, const char *hex);
int seccomp_install(struct spec *s);

/* mounts.c: the child's work on its new root, by fd; each fails (reporting step + errno) or returns */
unsigned long locked_flags(const char *path);
int remount_bind(int rootfd, const char *dst, unsigned long flags);
void do_mount(int rootfd, struct mount_op *m);
void make_node(int rootfd, struct mknod_op *d);
void mask(int rootfd, const char *path, int devnull);
void make_readonly(int rootfd, const char *path);
void make_symlink(int rootfd, const char *target, const char *link);
void write_sysctl(int rootfd, struct sysctl_op *op);
int open_in_root(int rootfd, const char *path, int flags);

/* copyup.c: "copyup DST", the directory's old contents into the tmpfs just mounted over it */
int copy_tree(int from, int to);

/* util.c */
void fail(int err_fd, const char *step, const char *detail, int err) __attribute__((noreturn));
int write_all(int fd, const void *buf, size_t n);
long long now_ms(void);
char *pct_decode(char *s);
int hexval(char c);
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
ssize_t send_fd(int sock, int fd, const void *data, size_t len, int flags);
int path_search(const struct spec *s, char full[PATH_MAX], int (*try)(const char *full, void *arg), void *arg);

#endif
