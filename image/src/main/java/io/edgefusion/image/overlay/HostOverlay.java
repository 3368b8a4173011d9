package io.edgefusion.image.overlay;

import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.Libc;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Performs an {@link OverlayMountSpec} in the host's mount namespace (tests, {@code diff}, tools). The mount runs
 * on a dedicated platform thread that first calls {@code unshare(CLONE_FS)} so that its {@code chdir} for
 * relative lowerdirs changes only its own cwd, never the JVM's (DESIGN.md §2); the thread ends right after.
 * Sandboxes do not use this: their helper mounts the same spec inside the sandbox's mount namespace.
 */
public final class HostOverlay {
    private HostOverlay() {
    }

    public static void mount(OverlayMountSpec spec, Path target) {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("edgefusion-overlay-mount").unstarted(() -> {
            try {
                if (spec.chdir().isPresent()) {
                    Libc.unshare(Libc.CLONE_FS);
                    int fd = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, spec.chdir().get().toString());
                    try {
                        FileSyscalls.fchdir(fd);
                    } finally {
                        FileSyscalls.close(fd);
                    }
                }
                Libc.mount("overlay", target.toString(), OverlayMountSpec.FS_TYPE, 0, spec.options());
            } catch (ErrnoException e) {
                failure.set(new ErrnoException("mount overlay (" + spec.lowerDirs().size() + " layers, "
                        + spec.options().length() + "-byte options) on", target.toString(), e.errnoNumber()));
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while mounting " + target, e);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /** Unmounts {@code target}; {@code lazy} detaches it even while busy (MNT_DETACH). */
    public static void unmount(Path target, boolean lazy) {
        Libc.umount2(target.toString(), lazy ? 2 : 0);
    }
}
