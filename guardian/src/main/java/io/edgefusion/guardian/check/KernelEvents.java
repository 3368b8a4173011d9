package io.edgefusion.guardian.check;

import io.edgefusion.guardian.WorkloadRef;
import io.edgefusion.kernel.cgroup.CgroupEventWatch;
import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.PidFds;
import io.edgefusion.kernel.sys.Poll;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.state.SandboxState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The checks the kernel tells us about instead of being polled: an OOM kill in the workload's cgroup (v1
 * {@code memory.oom_control} eventfd, v2 {@code memory.events}), the end of its PID 1 (a pidfd; the reaper's exit
 * record then says how), and its cgroup emptying (cgroup2 {@code cgroup.events}). One platform thread sleeps in
 * {@code poll(2)} on all of them; each notice becomes a {@link CheckOutcome.Failed} for the {@link Listener}.
 */
public final class KernelEvents implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(KernelEvents.class.getName());

    /** Where outcomes go (the {@link CheckScheduler}). */
    @FunctionalInterface
    public interface Listener {
        void outcome(WorkloadRef w, CheckOutcome o);
    }

    private final Sandboxes sandboxes;
    private final Listener listener;
    private final int wakeFd = PidFds.eventfd();
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    private static final class Watch {
        final WorkloadRef ref;
        final Optional<CgroupEventWatch> oom;
        final Optional<CgroupEventWatch> empty;
        final int pidfd;
        long oomKills;
        volatile boolean exitSeen;
        volatile boolean retired;

        Watch(WorkloadRef ref, Optional<CgroupEventWatch> oom, Optional<CgroupEventWatch> empty, int pidfd) {
            this.ref = ref;
            this.oom = oom;
            this.empty = empty;
            this.pidfd = pidfd;
            // From zero, not from what the counter says now: the sandbox's cgroup is its own, and a kill between its
            // start and this watch is as much its fault as one after (checked once in watch()).
            this.oomKills = 0L;
        }

        void close() {
            oom.ifPresent(CgroupEventWatch::close);
            empty.ifPresent(CgroupEventWatch::close);
            FileSyscalls.close(pidfd);
        }
    }

    public KernelEvents(Sandboxes sandboxes, Listener listener) {
        this.sandboxes = sandboxes;
        this.listener = listener;
        this.thread = Thread.ofPlatform().daemon().name("edgefusion-guardian-events").start(this::loop);
    }

    /** Starts listening for {@code w}'s sandbox; replaces an earlier watch of the same workload. */
    public void watch(WorkloadRef w) {
        SandboxState s = sandboxes.inspect(w.sandboxId());
        var paths = sandboxes.cgroup(s.id()).paths();
        int pidfd = -1;
        if (s.pid() != null) {
            try {
                pidfd = PidFds.open(s.pid());
            } catch (ErrnoException e) {
                pidfd = -1; // gone already: the scheduler's next round sees it ended
            }
        }
        Watch n = new Watch(w, CgroupEventWatch.oom(paths), CgroupEventWatch.empty(paths), pidfd);
        retire(watches.put(w.name(), n));
        n.oom.ifPresent(o -> oomKills(n, o));
    }

    public void unwatch(String workload) {
        retire(watches.remove(workload));
    }

    /** Marks a replaced watch; the poll thread closes its fds once no poll uses them. */
    private void retire(Watch old) {
        if (old != null) {
            old.retired = true;
            synchronized (retiring) {
                retiring.add(old);
            }
        }
        PidFds.wake(wakeFd);
    }

    private record Slot(Watch w, int kind) {
    }

    private final List<Watch> retiring = new ArrayList<>();

    private void loop() {
        while (!closed) {
            synchronized (retiring) {
                retiring.forEach(Watch::close);
                retiring.clear();
            }
            List<Slot> slots = new ArrayList<>();
            List<Integer> fds = new ArrayList<>();
            fds.add(wakeFd);
            slots.add(null);
            for (Watch w : watches.values()) {
                w.oom.ifPresent(o -> { fds.add(o.fd()); slots.add(new Slot(w, 0)); });
                w.empty.ifPresent(e -> { fds.add(e.fd()); slots.add(new Slot(w, 1)); });
                if (w.pidfd >= 0 && !w.exitSeen) {
                    fds.add(w.pidfd);
                    slots.add(new Slot(w, 2));
                }
            }
            List<Integer> ready;
            try {
                ready = Poll.ready(fds.stream().mapToInt(Integer::intValue).toArray(), Poll.POLLIN, -1);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "guardian kernel events: " + e.getMessage());
                return;
            }
            for (int i : ready) {
                Slot s = slots.get(i);
                if (s == null) {
                    PidFds.drain(wakeFd);
                    continue;
                }
                if (!s.w().retired) {
                    notice(s);
                }
            }
        }
    }

    /**
     * v1 signals {@code memory.oom_control} when the cgroup goes under OOM, before the killer has chosen and
     * counted its victim: read the counter again for a moment (off the poll thread) until the kill shows.
     */
    private void recheck(Watch w, CgroupEventWatch o) {
        Thread.ofVirtual().name("edgefusion-guardian-oom").start(() -> {
            for (int i = 0; i < RECHECKS && !w.retired; i++) {
                try {
                    Thread.sleep(RECHECK_EVERY);
                } catch (InterruptedException e) {
                    return;
                }
                if (oomKills(w, o)) {
                    return;
                }
            }
        });
    }

    /** Re-reads after an OOM notice: 50 × 10 ms, longer than the kernel takes to pick and kill. */
    private static final int RECHECKS = 50;
    private static final java.time.Duration RECHECK_EVERY = java.time.Duration.ofMillis(10);

    /** Reports the OOM kills of {@code w} not reported yet (true when there were); the poll thread and watch() both ask. */
    private synchronized boolean oomKills(Watch w, CgroupEventWatch o) {
        long kills;
        try {
            kills = o.oomKills();
        } catch (RuntimeException e) {
            return false;
        }
        if (kills <= w.oomKills) {
            return false;
        }
        long n = kills - w.oomKills;
        w.oomKills = kills;
        listener.outcome(w.ref, new CheckOutcome.Failed("oom", "resources.memory", "workload "
                + w.ref.name() + ": the kernel's OOM killer ended " + n + " process(es) of sandbox "
                + w.ref.sandboxId().substring(0, 12) + " at its memory limit (" + o.file()
                + " oom_kill " + kills + "); raise resources.memory or fix what allocates"));
        return true;
    }

    private void notice(Slot s) {
        Watch w = s.w();
        switch (s.kind()) {
            case 0 -> {
                CgroupEventWatch o = w.oom.orElseThrow();
                o.acknowledge();
                if (!oomKills(w, o)) {
                    recheck(w, o);
                }
            }
            case 1 -> {
                CgroupEventWatch e = w.empty.orElseThrow();
                e.acknowledge();
                if (!e.populated() && !w.exitSeen) {
                    w.exitSeen = true;
                    listener.outcome(w.ref, exit(w.ref, "its cgroup emptied"));
                }
            }
            default -> {
                if (!w.exitSeen) {
                    w.exitSeen = true;
                    listener.outcome(w.ref, exit(w.ref, "its PID 1 ended"));
                }
            }
        }
    }

    private CheckOutcome exit(WorkloadRef w, String how) {
        String detail;
        try {
            SandboxState s = sandboxes.inspect(w.sandboxId());
            detail = s.exitCode() != null ? "exit code " + s.exitCode() + (Boolean.TRUE.equals(s.oomKilled())
                    ? " (OOM-killed)" : "") : "no exit record yet";
        } catch (RuntimeException e) {
            detail = "sandbox gone: " + e.getMessage();
        }
        return new CheckOutcome.Failed("exit", "restart", "workload " + w.name() + " ended: " + how + ", " + detail);
    }

    @Override
    public void close() {
        closed = true;
        PidFds.wake(wakeFd);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watches.values().forEach(Watch::close);
        watches.clear();
        synchronized (retiring) {
            retiring.forEach(Watch::close);
            retiring.clear();
        }
        FileSyscalls.close(wakeFd);
    }
}
