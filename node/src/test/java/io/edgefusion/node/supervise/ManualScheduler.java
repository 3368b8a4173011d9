package io.edgefusion.node.supervise;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A scheduler whose time is a {@link ManualClock}: tasks run, on the caller's thread, when the test advances it. */
final class ManualScheduler implements Scheduler {
    private final ManualClock clock;
    private final List<Entry> entries = new ArrayList<>();

    private record Entry(Instant due, Duration delay, Runnable task, long seq) {
    }

    private long seq;

    ManualScheduler(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Entry e = new Entry(clock.instant().plus(delay), delay, task, seq++);
        entries.add(e);
        notifyAll();
        return () -> {
            synchronized (ManualScheduler.this) {
                entries.remove(e);
            }
        };
    }

    /** The delays of what waits, in order of scheduling. */
    synchronized List<Duration> pending() {
        return entries.stream().sorted(Comparator.comparingLong(Entry::seq)).map(Entry::delay).toList();
    }

    /** Waits (with a deadline, on a condition) until something is scheduled; returns its delay. */
    synchronized Duration awaitPending(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (entries.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("nothing was scheduled within " + timeout);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return entries.getFirst().delay();
    }

    /** Moves the clock by {@code d} and runs every task now due, earliest first. */
    void advance(Duration d) {
        clock.advance(d);
        while (true) {
            Entry next;
            synchronized (this) {
                next = entries.stream().filter(e -> !e.due().isAfter(clock.instant()))
                        .min(Comparator.comparing(Entry::due).thenComparingLong(Entry::seq)).orElse(null);
                if (next == null) {
                    return;
                }
                entries.remove(next);
            }
            next.task().run();
        }
    }
}
