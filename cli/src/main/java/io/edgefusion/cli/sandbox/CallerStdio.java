package io.edgefusion.cli.sandbox;

import io.edgefusion.kernel.sys.Terminals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one of the caller's stdio fds is, for the choice between handing it to an attached workload and relaying
 * it. Handed are only pipes, sockets, regular files and character devices that are not terminals: a terminal is
 * relayed (TIOCSTI from inside must reach only the sandbox's pty), and a directory (or anything else) is never
 * handed in, since an fd of a host directory would let the workload open paths outside its root.
 */
enum CallerStdio {
    /** No fd stands behind the stream: relayed. */
    NONE,
    TERMINAL,
    /** Neither a terminal nor safe to hand: relayed. */
    OTHER,
    HANDABLE;

    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFSOCK = 0140000;

    static CallerStdio of(long pid, int fd) {
        if (fd < 0) {
            return NONE;
        }
        int type;
        try {
            // stat through the magic link: the open file's own inode, whatever its path
            type = (int) Files.getAttribute(Path.of("/proc", Long.toString(pid), "fd", Integer.toString(fd)),
                    "unix:mode") & S_IFMT;
        } catch (IOException | UnsupportedOperationException e) {
            return NONE; // a closed fd: nothing to hand or relay from
        }
        if (type == S_IFCHR && Terminals.isTerminal(pid, fd)) {
            return TERMINAL;
        }
        return type == S_IFIFO || type == S_IFSOCK || type == S_IFREG || type == S_IFCHR ? HANDABLE : OTHER;
    }

    /** {@code fd} when handable, else -1. */
    static int handed(long pid, int fd) {
        return of(pid, fd) == HANDABLE ? fd : -1;
    }
}
