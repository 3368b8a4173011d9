/*
 * edgefusion-fsprobe DIR: tries, on the mount holding DIR, what each mount flag governs and prints one line per
 * probe: "NAME OUTCOME ERRNO VALUE" (OUTCOME allowed | refused | honoured | ignored | skipped; ERRNO 0 when none;
 * VALUE a number or -). Everything it creates in DIR (a copy of itself, a device node) is removed before it
 * exits. Static, so it runs in any root, handed in as an fd (runtime/…/diagnose/fs, docs/diagnostics.md).
 * edgefusion-fsprobe --id: prints "EUID EGID" (what an exec of the copy ran as).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* The uid a set-user-ID copy is given: any uid but root's that a user namespace is likely to map. */
#define SETID_UID 1

static void line(const char *name, const char *outcome, int err, long value) {
    if (value < 0) {
        printf("%s %s %d -\n", name, outcome, err);
    } else {
        printf("%s %s %d %ld\n", name, outcome, err, value);
    }
}

/* Writes our own image to path (O_EXCL, mode 0755); 0 or an errno. */
static int copy_self(const char *path) {
    int in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        return errno;
    }
    int out = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
    if (out < 0) {
        int e = errno;
        close(in);
        return e;
    }
    char buf[65536];
    ssize_t n;
    int e = 0;
    while ((n = read(in, buf, sizeof buf)) > 0) {
        if (write(out, buf, (size_t) n) != n) {
            e = errno ? errno : EIO;
            break;
        }
    }
    if (n < 0) {
        e = errno;
    }
    close(in);
    if (close(out) != 0 && e == 0) {
        e = errno;
    }
    return e;
}

/* Execs path --id in a child; returns 0 and sets *euid, or the errno execve failed with. */
static int exec_id(const char *path, long *euid) {
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) {
        return errno;
    }
    pid_t pid = fork();
    if (pid < 0) {
        return errno;
    }
    if (pid == 0) {
        dup2(p[1], 1);
        char *argv[] = {(char *) path, "--id", NULL};
        char *envp[] = {NULL};
        execve(path, argv, envp);
        dprintf(1, "E%d\n", errno);
        _exit(127);
    }
    close(p[1]);
    char buf[64] = {0};
    ssize_t got = 0, n;
    while (got < (ssize_t) sizeof buf - 1 && (n = read(p[0], buf + got, sizeof buf - 1 - (size_t) got)) > 0) {
        got += n;
    }
    close(p[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (buf[0] == 'E') {
        return atoi(buf + 1);
    }
    *euid = got > 0 ? atol(buf) : -1;
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "--id") == 0) {
        printf("%ld %ld\n", (long) geteuid(), (long) getegid());
        return 0;
    }
    if (argc != 2) {
        fprintf(stderr, "usage: edgefusion-fsprobe DIR | --id\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    long euid = (long) geteuid();
    line("euid", "allowed", 0, euid);
    line("nnp", "allowed", 0, prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));

    char file[4096], dev[4096];
    snprintf(file, sizeof file, "%s/.edgefusion-probe-%ld", argv[1], (long) getpid());
    snprintf(dev, sizeof dev, "%s/.edgefusion-probe-dev-%ld", argv[1], (long) getpid());

    int w = copy_self(file);
    line("write", w == 0 ? "allowed" : "refused", w, -1);
    if (w != 0 && w != EEXIST) {
        unlink(file); /* a partial copy (ENOSPC): ours, O_EXCL made it */
    }
    if (w == 0) {
        long id = -1;
        int e = exec_id(file, &id);
        line("exec", e == 0 ? "allowed" : "refused", e, id);

        int fd = open(file, O_RDONLY | O_CLOEXEC);
        void *m = fd < 0 ? MAP_FAILED : mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
        int me = m == MAP_FAILED ? errno : 0;
        line("mmap_exec", m == MAP_FAILED ? "refused" : "allowed", me, -1);
        if (m != MAP_FAILED) {
            munmap(m, 4096);
        }
        if (fd >= 0) {
            close(fd);
        }

        if (e != 0) {
            line("setid", "skipped", e, -1); /* nothing runs from here: set-id cannot be observed */
        } else if (euid != 0) {
            line("setid", "skipped", EPERM, -1); /* only root can give a file to another uid */
        } else if (chown(file, SETID_UID, SETID_UID) != 0 || chmod(file, 06755) != 0) {
            line("setid", "skipped", errno, -1);
        } else {
            long as = -1;
            int se = exec_id(file, &as);
            line("setid", se != 0 ? "skipped" : as == SETID_UID ? "honoured" : "ignored", se, as);
        }
        unlink(file);
    } else {
        line("exec", "skipped", w, -1);
        line("mmap_exec", "skipped", w, -1);
        line("setid", "skipped", w, -1);
    }

    if (mknod(dev, S_IFCHR | 0600, makedev(1, 3)) != 0) {
        line("device", "skipped", errno, -1);
    } else {
        int fd = open(dev, O_RDONLY | O_NOCTTY | O_CLOEXEC);
        int de = fd < 0 ? errno : 0;
        line("device", fd < 0 ? "refused" : "allowed", de, -1);
        if (fd >= 0) {
            close(fd);
        }
        unlink(dev);
    }
    return 0;
}
