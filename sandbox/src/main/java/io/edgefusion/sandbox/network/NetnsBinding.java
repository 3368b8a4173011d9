package io.edgefusion.sandbox.network;

import io.edgefusion.kernel.sys.Errno;
import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.Libc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps a sandbox's network namespace alive under a path: {@code /proc/PID/ns/net} bind-mounted onto
 * {@code ROOT/netns/ID}, as {@code ip netns} does under /run/netns. The namespace then outlives its processes,
 * so CNI DEL after a kill -9 still finds the interfaces (Debian's bridge plugin 1.1 removes its ipMasq rules only
 * when it can read the address inside the namespace; with an empty CNI_NETNS they would stay). {@link #unbind}
 * after the DEL lets the namespace go.
 */
public final class NetnsBinding {
    /** {@code MS_BIND} (uapi mount.h, the same on every architecture). */
    static final long MS_BIND = 4096;
    /** {@code MNT_DETACH} for umount2. */
    static final int MNT_DETACH = 2;

    private NetnsBinding() {
    }

    /** {@code ROOT/netns/ID}. */
    public static Path pathOf(Path root, String id) {
        return root.resolve("netns").resolve(id);
    }

    /** Binds the network namespace of {@code pid} to {@code target} (an empty file is made for it). */
    public static Path bind(long pid, Path target) {
        try {
            Files.createDirectories(target.getParent());
            if (!Files.exists(target)) {
                Files.createFile(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + target, e);
        }
        try {
            Libc.mount("/proc/" + pid + "/ns/net", target.toString(), null, MS_BIND, null);
        } catch (RuntimeException e) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException ignored) {
                // the mount error is the one to report
            }
            throw e;
        }
        return target;
    }

    /** Unmounts and deletes {@code target}; nothing to do when it is not there or not mounted. */
    public static void unbind(Path target) {
        if (!Files.exists(target)) {
            return;
        }
        try {
            Libc.umount2(target.toString(), MNT_DETACH);
        } catch (ErrnoException e) {
            if (!e.is(Errno.EINVAL) && !e.is(Errno.ENOENT)) {
                throw e;
            }
        }
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + target, e);
        }
    }
}
