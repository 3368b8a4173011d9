package io.edgefusion.runtime.diagnose.trace;

/** What a traced call does with its path: the calls of one kind are compared with each other. */
public enum Op {
    /** open, openat, openat2. */
    OPEN("open"),
    /** stat, lstat, newfstatat, statx (with a path; the fd forms only give an opened file its identity). */
    STAT("stat"),
    /** execve, execveat. */
    EXEC("exec"),
    /** connect: a unix socket path, or an inet address. */
    CONNECT("connect");

    private final String label;

    Op(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
