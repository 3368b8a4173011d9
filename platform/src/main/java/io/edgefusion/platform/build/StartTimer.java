package io.edgefusion.platform.build;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Node start time as an operator sees it: from spawning the process to its {@code ready} log line (the node
 * then exits by itself, {@code --exit-when-ready}). One warm-up run is discarded (cold page cache), then the
 * median of the measured runs is reported.
 */
final class StartTimer {
    static final String READY = "msg=\"ready ";

    private StartTimer() {
    }

    /**
     * Median milliseconds to ready of each command over {@code runs} rounds after one warm-up round. The commands
     * take turns within each round, so a machine that gets busier or quieter meanwhile weighs on all of them
     * alike instead of on whichever ran last.
     */
    static long[] medianMillis(List<List<String>> commands, Map<String, String> env, int runs) throws IOException {
        for (List<String> c : commands) {
            once(c, env);
        }
        List<List<Long>> times = new ArrayList<>();
        commands.forEach(c -> times.add(new ArrayList<>()));
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < commands.size(); k++) {
                times.get(k).add(once(commands.get(k), env));
            }
        }
        long[] medians = new long[commands.size()];
        for (int k = 0; k < commands.size(); k++) {
            List<Long> t = times.get(k);
            t.sort(null);
            medians[k] = t.get(t.size() / 2);
        }
        return medians;
    }

    static long once(List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        StringBuilder seen = new StringBuilder();
        long readyAt = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (readyAt < 0 && line.contains(READY)) {
                    readyAt = System.nanoTime();
                }
                if (seen.length() < 4000) {
                    seen.append(line).append('\n');
                }
            }
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("node did not exit within 60 s: " + command);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while timing " + command, e);
        }
        if (readyAt < 0 || p.exitValue() != 0) {
            throw new IOException("node did not start (exit " + p.exitValue() + "): " + String.join(" ", command)
                    + "\n" + seen.toString().strip());
        }
        return (readyAt - t0) / 1_000_000;
    }
}
