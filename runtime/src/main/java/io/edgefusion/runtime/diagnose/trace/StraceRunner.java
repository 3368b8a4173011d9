package io.edgefusion.runtime.diagnose.trace;

import io.edgefusion.kernel.sys.TreeRemoval;
import io.edgefusion.runtime.Launcher;
import io.edgefusion.runtime.rootfs.RootfsSource;
import io.edgefusion.sandbox.Attach;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.SandboxStartHook;
import io.edgefusion.sandbox.spec.SandboxSpec;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command under Debian's strace, in a sandbox or on the host, and reads the trace back.
 *
 * <p>In a sandbox, strace runs on the host and attaches ({@code -p}) to the sandbox's PID 1 from the start hook,
 * while the helper's child sits in its cgroup waiting for {@code go}: before its first step, so no race with the
 * workload and nothing of strace (or its libraries) inside the sandbox, whose security settings stay as asked. A
 * host root tracer may trace a process in any user namespace and under any seccomp filter (the filter binds the
 * tracee's own calls, not ptrace from outside). What the helper's child does between {@code go} and the
 * workload's first execve (its mounts, masks, {@code pivot_root}) is traced too and dropped here: events of PID 1
 * before its first execve. The helper's PATH search shows as one execve per directory tried.
 *
 * <p>On the host, {@code strace -f CMD} runs it in the caller's working directory and environment; strace finds
 * the program itself, so the host side shows a single execve of its full path.
 */
public final class StraceRunner {
    public static final Path STRACE = Path.of("/usr/bin/strace");
    /** The calls traced: every way a path is opened, stat'ed or executed, and connect (unix socket paths). */
    public static final List<String> CALLS = List.of("open", "openat", "openat2", "creat", "stat", "lstat", "newfstatat",
            "statx", "fstat", "execve", "execveat", "connect");
    private static final int OUTPUT_CAP = 64 * 1024;
    private static final long STRACE_EXIT_SECONDS = 30;

    private StraceRunner() {
    }

    /** Fails with a one-line reason when strace is not installed. */
    public static void requireStrace() {
        if (!Files.isExecutable(STRACE)) {
            throw new IllegalArgumentException("trace needs strace at " + STRACE + ": apt-get install -y strace");
        }
    }

    private static List<String> straceArgs(Path out) {
        return new ArrayList<>(List.of(STRACE.toString(), "-f", "-y", "-v", "-s", "4096", "-e",
                "trace=" + String.join(",", CALLS), "-o", out.toString()));
    }

    /** {@code spec} (made by {@code launcher} from {@code src}, attached, no terminal) run with strace attached. */
    public static TraceSide inSandbox(Sandboxes sandboxes, Path stateRoot, Path cwd, RootfsSource src,
                                      SandboxSpec spec, java.time.InstantSource clock) {
        requireStrace();
        Path dir = tempDir();
        try {
            Path file = dir.resolve("trace");
            Attached[] attached = new Attached[1];
            SandboxStartHook hook = placed -> attached[0] = attach(file, placed.pid());
            Launcher launcher = new Launcher(sandboxes.withStartHook(hook), stateRoot, cwd, clock);
            CappedBuffer output = new CappedBuffer();
            int code;
            try {
                code = launcher.start(src, spec, false, Attach.output(output, output)).exitCode();
            } finally {
                if (attached[0] != null) {
                    attached[0].end();
                }
            }
            if (attached[0] == null) {
                throw new TraceException("attach strace", "the sandbox never reached its start");
            }
            StraceParser.Parsed p = StraceParser.parse(lines(file));
            return new TraceSide("sandbox", src.source(), code, fromFirstExec(p.events(), attached[0].pid()),
                    p.skippedLines(), output.text());
        } finally {
            TreeRemoval.remove(dir);
        }
    }

    /** {@code command} run on the host under strace, in {@code cwd} with exactly {@code env}. */
    public static TraceSide onHost(List<String> command, Map<String, String> env, Path cwd) {
        requireStrace();
        Path dir = tempDir();
        try {
            Path file = dir.resolve("trace");
            List<String> argv = straceArgs(file);
            argv.add("-qq"); // no exit lines: nothing to attach to here
            argv.add("--");
            argv.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().clear();
            pb.environment().putAll(env);
            CappedBuffer output = new CappedBuffer();
            int code;
            try {
                Process p = pb.start();
                p.getInputStream().transferTo(output);
                code = p.waitFor();
            } catch (IOException e) {
                throw new TraceException("start strace", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TraceException("wait for strace", "interrupted");
            }
            StraceParser.Parsed p = StraceParser.parse(lines(file));
            return new TraceSide("host", null, code, p.events(), p.skippedLines(), output.text());
        } finally {
            TreeRemoval.remove(dir);
        }
    }

    /** A running strace attached to {@code pid}. */
    private record Attached(Process process, long pid, StringBuilder stderr) {
        /** Waits for strace to end with its tracee (it does once the sandbox's processes are gone). */
        void end() {
            try {
                if (!process.waitFor(STRACE_EXIT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroy();
                    process.waitFor();
                }
            } catch (InterruptedException e) {
                process.destroy();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts strace on {@code pid} and returns once strace says it is attached. */
    private static Attached attach(Path file, long pid) {
        List<String> argv = straceArgs(file);
        argv.add("-p");
        argv.add(Long.toString(pid));
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new TraceException("start strace", e.getMessage());
        }
        StringBuilder err = new StringBuilder();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        String attachedLine = "Process " + pid + " attached";
        try {
            String line;
            while ((line = r.readLine()) != null) {
                err.append(line).append('\n');
                if (line.contains(attachedLine)) {
                    Thread.ofVirtual().start(() -> drain(r, err));
                    return new Attached(p, pid, err);
                }
            }
        } catch (IOException e) {
            p.destroy();
            throw new TraceException("attach strace to " + pid, e.getMessage());
        }
        p.destroy();
        throw new TraceException("attach strace to " + pid, err.toString().strip().replace('\n', ' '));
    }

    private static void drain(BufferedReader r, StringBuilder err) {
        try {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (err) {
                    if (err.length() < OUTPUT_CAP) {
                        err.append(line).append('\n');
                    }
                }
            }
        } catch (IOException ignored) {
            // strace ended: nothing more to read
        }
    }

    /** The workload's events: PID 1's from its first execve on, and every other process's. */
    static List<TraceEvent> fromFirstExec(List<TraceEvent> events, long pid) {
        List<TraceEvent> out = new ArrayList<>();
        boolean execed = false;
        for (TraceEvent e : events) {
            if (e.pid() == pid && !execed) {
                if (e.op() != Op.EXEC) {
                    continue;
                }
                execed = true;
            }
            out.add(e);
        }
        return out;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trace " + file, e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("edgefusion-trace-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for the trace", e);
        }
    }

    /** The workload's output, kept up to {@link #OUTPUT_CAP} bytes. */
    private static final class CappedBuffer extends OutputStream {
        private final ByteArrayOutputStream b = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int x) {
            if (b.size() < OUTPUT_CAP) {
                b.write(x);
            }
        }

        @Override
        public synchronized void write(byte[] d, int off, int len) {
            b.write(d, off, Math.max(0, Math.min(len, OUTPUT_CAP - b.size())));
        }

        synchronized String text() {
            return b.toString(StandardCharsets.UTF_8);
        }
    }
}
