package io.edgefusion.kernel.cgroup;

import io.edgefusion.kernel.proc.ProcCgroup;
import io.edgefusion.kernel.sys.KernelFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Moving a task into a cgroup (a write to {@code cgroup.procs}) takes the kernel's global threadgroup rwsem for
 * writing, and after a quiet spell the first writer waits a whole RCU grace period (rcu_sync) — 10-20 ms on a
 * small VM, the largest single step of starting a sandbox (runc pays it too). Writers that arrive while one
 * waits, or shortly after, do not wait again. So a start calls {@link #kick} as it begins: a side thread moves
 * itself into the v1 cgroup it is already in (a no-op that still takes the lock), waiting out the grace period
 * while the start records state, makes its cgroup and starts the helper; the real move then finds it passed.
 * <p>Best effort and invisible: nothing changes cgroup; the thread is a daemon that only ever moves itself,
 * re-reading where it is before each move; every failure is ignored. cgroup v2-only hosts are left alone (the
 * write would need a threaded cgroup).
 */
public final class AttachWarmup {
    private static final Semaphore KICKS = new Semaphore(0);
    private static final java.util.List<String> QUIET = java.util.List.of("pids", "freezer", "devices");
    private static Thread thread;
    private static volatile CgroupLayout mounts;

    private AttachWarmup() {
    }

    /** Starts a no-op move unless one is already pending; returns at once. */
    public static void kick(CgroupLayout layout) {
        if (layout.version() instanceof CgroupVersion.V2) {
            return;
        }
        mounts = layout;
        synchronized (AttachWarmup.class) {
            if (thread == null) {
                thread = Thread.ofPlatform().daemon().name("edgefusion-attach-warmup").start(AttachWarmup::loop);
            }
        }
        if (KICKS.availablePermits() == 0) {
            KICKS.release();
        }
    }

    private static void loop() {
        while (true) {
            try {
                KICKS.acquire();
                KICKS.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
            try {
                moveSelf();
            } catch (IOException | RuntimeException ignored) {
                // an optimisation only: the real move simply pays the wait itself
            }
        }
    }

    /** This thread's id into the {@code tasks} file of its own cgroup in a v1 hierarchy. */
    private static void moveSelf() throws IOException {
        String self = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString(); // "<pid>/task/<tid>"
        String tid = self.substring(self.lastIndexOf('/') + 1);
        CgroupLayout layout = mounts;
        ProcCgroup mine = ProcCgroup.read(Path.of("/proc/thread-self/cgroup"));
        // Controllers whose attach has no side effect on a task already there (cpuset would reset affinity).
        for (String c : QUIET) {
            Optional<ProcCgroup.Line> line = mine.v1(c);
            Optional<CgroupMount> m = layout.mounts().stream().filter(x -> !x.unified() && x.has(c)).findFirst();
            Optional<Path> dir = line.isPresent() && m.isPresent() ? m.get().dirOf(line.get().path()) : Optional.empty();
            if (dir.isPresent()) {
                KernelFiles.write(dir.get().resolve("tasks"), tid);
                return;
            }
        }
    }
}
