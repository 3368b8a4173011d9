package io.edgefusion.node.stats;

import io.edgefusion.kernel.cgroup.CgroupPaths;
import io.edgefusion.kernel.cgroup.CgroupStats;
import io.edgefusion.kernel.cgroup.StatsReader;
import io.edgefusion.kernel.sys.KernelException;
import io.edgefusion.kernel.sys.KernelFiles;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads the cgroup counters of a state root's sandboxes straight from cgroupfs: the same code whether the
 * command runs in a cold CLI or inside the node. Per sandbox it reads a handful of small files (no process, no
 * ancestry walk), so 100 sandboxes cost about a thousand short reads. The previous reading of each sandbox is
 * kept per state root for as long as this JVM lives, so through a warm node even {@code --no-stream} gives CPU %
 * over the time since the last look.
 */
public final class StatsCollector {
    private static final Map<String, Map<String, SandboxSample>> PREVIOUS = new ConcurrentHashMap<>();
    private static final int SLICES = 4;
    private static final int MIN_PER_SLICE = 8;

    private final Sandboxes sandboxes;
    private final Map<String, SandboxSample> previous;

    public StatsCollector(Sandboxes sandboxes) {
        this.sandboxes = sandboxes;
        this.previous = PREVIOUS.computeIfAbsent(sandboxes.cgroupParent(), k -> new ConcurrentHashMap<>());
    }

    /** A reading with its CPU % against the previous reading of the same sandbox. */
    public record Row(SandboxSample sample, CpuPercent cpu) {
    }

    /**
     * The running sandboxes (or, with {@code wanted}, those by id, id prefix or name, running or not), each read
     * once. Unknown names throw, as {@code inspect} does.
     */
    public List<Row> read(List<String> wanted) {
        List<SandboxState> states = states(wanted);
        List<SandboxSample> samples = sampleAll(states);
        List<Row> rows = new ArrayList<>(states.size());
        for (SandboxSample now : samples) {
            SandboxSample before = previous.put(now.id(), now);
            rows.add(new Row(now, CpuPercent.between(before, now)));
        }
        if (wanted.isEmpty()) {
            previous.keySet().retainAll(states.stream().map(SandboxState::id).toList());
        }
        return rows;
    }

    /** The counters of every running sandbox, leaving the previous readings alone (a metrics scrape). */
    public List<SandboxSample> counters() {
        return sampleAll(states(List.of()));
    }

    /**
     * Each sandbox read once, in the order given. Reading is a dozen cgroupfs files per sandbox, kernel time that
     * scales with CPUs: past a few sandboxes the list is cut into one slice per CPU (at most {@link #SLICES}),
     * each read on its own thread.
     */
    private List<SandboxSample> sampleAll(List<SandboxState> states) {
        long hostMemory = hostMemory();
        int slices = Math.min(SLICES, Math.min(Runtime.getRuntime().availableProcessors(),
                states.size() / MIN_PER_SLICE));
        if (slices < 2) {
            return states.stream().map(s -> sample(s, hostMemory)).toList();
        }
        List<Future<List<SandboxSample>>> parts = new ArrayList<>(slices);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < slices; i++) {
                List<SandboxState> slice = states.subList(i * states.size() / slices,
                        (i + 1) * states.size() / slices);
                parts.add(pool.submit(() -> slice.stream().map(s -> sample(s, hostMemory)).toList()));
            }
            List<SandboxSample> out = new ArrayList<>(states.size());
            for (Future<List<SandboxSample>> part : parts) {
                out.addAll(part.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading sandbox counters", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private List<SandboxState> states(List<String> wanted) {
        List<SandboxState> states = new ArrayList<>();
        if (wanted.isEmpty()) {
            for (SandboxState s : sandboxes.list()) {
                if (s.status() == Status.RUNNING || s.status() == Status.PAUSED) {
                    states.add(s);
                }
            }
        } else {
            Map<String, SandboxState> seen = new LinkedHashMap<>();
            for (String w : wanted) {
                SandboxState s = sandboxes.inspect(w);
                seen.putIfAbsent(s.id(), s);
            }
            states.addAll(seen.values());
        }
        return states;
    }

    private SandboxSample sample(SandboxState s, long hostMemory) {
        boolean running = s.status() == Status.RUNNING || s.status() == Status.PAUSED;
        Optional<CgroupStats> stats = Optional.empty();
        OptionalLong limit = OptionalLong.empty();
        if (running) {
            try {
                CgroupPaths paths = sandboxes.cgroup(s.id()).paths();
                stats = Optional.of(StatsReader.summary(paths));
                limit = StatsReader.memoryLimit(paths);
            } catch (KernelException gone) {
                // exited between the listing and the reading: shown without counters
            }
        }
        if (running && limit.isEmpty() && hostMemory > 0) {
            limit = OptionalLong.of(hostMemory);
        }
        return new SandboxSample(s.id(), s.name(), running && stats.isPresent(), Instant.now(), System.nanoTime(),
                s.startedAt() == null ? 0 : s.startedAt(), stats, limit);
    }

    /** MemTotal of /proc/meminfo in bytes; 0 when unreadable. */
    static long hostMemory() {
        try {
            for (String line : KernelFiles.read("/proc/meminfo").split("\n")) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.substring(9).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (KernelException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
