package io.edgefusion.sandbox.launch;

import io.edgefusion.sandbox.testing.CFixtures;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real helper driven with hand-written protocol text, one answer line at a time (HelperProcess knows only
 * {@code pid} and {@code started}): directly, or under the {@code subreaper} fixture, which stands where conmon or
 * a containerd shim would and reports each process it reaps on its stderr ({@link #reaped()}).
 */
final class RawHelper implements AutoCloseable {
    /** A guard against a hang, never a timing assertion: every wait below ends on its condition long before. */
    private static final long GUARD_SECONDS = 60;

    private final Process process;
    private final InputStream out;
    private final OutputStream in;
    private final BlockingQueue<String> reaped = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();

    private RawHelper(List<String> command, String spec) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().clear();
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out = process.getInputStream();
        in = process.getOutputStream();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    stderr.append(l).append('\n');
                    if (l.startsWith("reaped ")) {
                        reaped.add(l);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        send(spec);
    }

    /** The helper of state root {@code stateRoot}, as Java starts it. */
    /** Runs {@code spec} to its end (pid, go, started, the output); asserts exit code 0; returns the output. */
    static String runToEnd(Path stateRoot, String spec) {
        try (RawHelper h = start(stateRoot, spec)) {
            h.awaitPid();
            h.go();
            org.assertj.core.api.Assertions.assertThat(h.line()).as(h.stderr()).startsWith("started ");
            String out = h.rest();
            org.assertj.core.api.Assertions.assertThat(h.waitFor()).as(out + h.stderr()).isZero();
            return out;
        }
    }

    /** A spec that fails: its first answer line (before pid, or after go when {@code afterPid}); exit 125. */
    static String failure(Path stateRoot, String spec, boolean afterPid) {
        try (RawHelper h = start(stateRoot, spec)) {
            if (afterPid) {
                h.awaitPid();
                h.go();
            }
            String line = h.line();
            org.assertj.core.api.Assertions.assertThat(h.waitFor()).isEqualTo(125);
            return line;
        }
    }

    static RawHelper start(Path stateRoot, String spec) {
        return new RawHelper(List.of(HelperBinary.path(stateRoot).toString()), spec);
    }

    /** The helper as the child of a subreaper (conmon's place): what a {@code reap 0} workload is left to. */
    static RawHelper underSubreaper(Path stateRoot, String spec) {
        List<String> cmd = new ArrayList<>(List.of(CFixtures.binary("subreaper").toString()));
        cmd.add(HelperBinary.path(stateRoot).toString());
        return new RawHelper(cmd, spec);
    }

    /** The helper's pid, or the subreaper's when under one. */
    long pid() {
        return process.pid();
    }

    /** The next answer line, without its newline ("" at EOF). */
    String line() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            for (int c; (c = out.read()) != -1 && c != '\n'; ) {
                b.write(c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /** Reads {@code pid N} and returns N. */
    long awaitPid() {
        String l = line();
        assertThat(l).as(stderr.toString()).matches("pid [0-9]+");
        return Long.parseLong(l.substring(4));
    }

    void send(String text) {
        try {
            in.write(text.getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void go() {
        send("go\n");
    }

    void closeInput() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything else on stdout, up to EOF (the helper's and the workload's ends). */
    String rest() {
        try {
            return new String(out.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int waitFor() {
        try {
            assertThat(process.waitFor(GUARD_SECONDS, TimeUnit.SECONDS)).as("exited; stderr: " + stderr).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    /** The subreaper's next "reaped PID child|adopted CODE" line. */
    String reaped() {
        try {
            String l = reaped.poll(GUARD_SECONDS, TimeUnit.SECONDS);
            assertThat(l).as("a reaped line; stderr: " + stderr).isNotNull();
            return l;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String stderr() {
        return stderr.toString();
    }

    /** The parent pid of process {@code pid} (/proc/PID/status). */
    static long parentOf(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("PPid:")) {
                    return Long.parseLong(l.substring(5).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no PPid in /proc/" + pid + "/status");
    }

    /** Kills the whole tree of a failed test; a passing one has ended it already. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(GUARD_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
