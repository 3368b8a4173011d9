package io.edgefusion.kernel.resources;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Notices a limit changed in place (someone wrote {@code memory.max} or {@code cpu.max} of a running cgroup).
 * cgroupfs raises no inotify event for limit files, so this re-reads them; at the default 250 ms a change is
 * seen well within one second, at the cost of reading a dozen small files four times a second.
 */
public final class LimitWatcher implements AutoCloseable {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(250);
    private static final System.Logger LOG = System.getLogger(LimitWatcher.class.getName());

    /** A change: the resources before and after. */
    public record Change(EffectiveResources before, EffectiveResources after) {
    }

    private final Thread thread;
    private volatile boolean closed;

    private LimitWatcher(Supplier<EffectiveResources> reader, Duration interval, Consumer<Change> listener) {
        EffectiveResources first = reader.get();
        this.thread = Thread.ofVirtual().name("edgefusion-limit-watcher").start(() -> loop(first, reader, interval,
                listener));
    }

    /** Starts watching; the first read happens now, so a broken cgroup fails here rather than in the background. */
    public static LimitWatcher start(Supplier<EffectiveResources> reader, Duration interval,
                                     Consumer<Change> listener) {
        return new LimitWatcher(Objects.requireNonNull(reader), interval, Objects.requireNonNull(listener));
    }

    private void loop(EffectiveResources first, Supplier<EffectiveResources> reader, Duration interval,
                      Consumer<Change> listener) {
        EffectiveResources last = first;
        while (!closed) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            try {
                EffectiveResources now = reader.get();
                // Limits carry every raw file content, so any write to any level shows up as inequality.
                if (!now.limits().equals(last.limits())) {
                    listener.accept(new Change(last, now));
                    last = now;
                }
            } catch (RuntimeException e) {
                // The cgroup may be mid-removal; report and keep trying until closed.
                LOG.log(Level.DEBUG, "limit re-read failed: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
