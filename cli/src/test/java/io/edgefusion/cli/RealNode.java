package io.edgefusion.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real node: {@code edgefusion --root ROOT node --api-listen off --metrics-listen off} as its own JVM (the
 * launcher {@link #launcher} writes, as ./edgefusion runs it without the jar), its stdout (the log) and stderr
 * (checkpoint lines) kept for the test to wait on. Stopped with SIGTERM ({@link #stop}) or SIGKILL ({@link #kill9}).
 */
final class RealNode implements AutoCloseable {
    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();

    private RealNode(Process process) {
        this.process = process;
        drain(process.getInputStream(), out);
        drain(process.getErrorStream(), err);
    }

    /** {@code dir/ef}: the CLI's JVM with this test's classpath and {@code jvmFlags}; readable by every uid. */
    static Path launcher(Path dir, String name, List<String> jvmFlags) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = "#!/bin/sh\nexec '" + java + "' --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1"
                + " -XX:+UseSerialGC " + String.join(" ", jvmFlags) + " -cp '"
                + System.getProperty("java.class.path") + "' " + Main.class.getName() + " \"$@\"\n";
        try {
            Path ef = dir.resolve(name);
            Files.writeString(ef, script);
            Files.setPosixFilePermissions(ef, PosixFilePermissions.fromString("rwxr-xr-x"));
            return ef;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Starts a node on {@code root} and waits for its ready line (or, with a checkpoint, only for the start). */
    static RealNode start(Path launcher, Path root, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "--root", root.toString(), "node",
                "--api-listen", "off", "--metrics-listen", "off");
        pb.environment().remove("EDGEFUSION_NODE_CHECKPOINT");
        pb.environment().putAll(env);
        RealNode n = new RealNode(pb.start());
        n.awaitOut(l -> l.contains("msg=\"ready "), 120);
        return n;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    private static void drain(InputStream in, List<String> into) {
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    synchronized (into) {
                        into.add(l);
                        into.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the node ended
            }
        });
    }

    /** Waits (deadline, not a sleep) for a log line on stdout; fails naming what was seen. */
    String awaitOut(Predicate<String> wanted, int seconds) {
        return await(out, wanted, seconds);
    }

    /** Waits for a line on stderr, e.g. {@code checkpoint new-row:db}. */
    String awaitErr(Predicate<String> wanted, int seconds) {
        return await(err, wanted, seconds);
    }

    private String await(List<String> lines, Predicate<String> wanted, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (lines) {
            int seen = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (wanted.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                assertThat(left > 0 && process.isAlive()).as("node %d: no such line; stdout %s stderr %s",
                        process.pid(), out, err).isTrue();
                try {
                    lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left,
                            TimeUnit.MILLISECONDS.toNanos(200)))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    String log() {
        synchronized (out) {
            synchronized (err) {
                return "stdout " + out + "\nstderr " + err;
            }
        }
    }

    void kill9() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    /** SIGTERM, and the node's exit 0. */
    void stop() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
            process.waitFor(60, TimeUnit.SECONDS);
        }
        assertThat(ended).as("node stopped on SIGTERM: " + log()).isTrue();
        assertThat(process.exitValue()).as(log()).isZero();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
