package io.edgefusion.oci.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A private containerd 1.6 daemon: root, state, sockets, the opt dir and the runtime's state root all under one
 * directory, the CRI plugin off. The daemon runs in the test's cgroup, so its shims (which it forks, and which
 * then outlive it as orphans) are ours to find and end; tasks are run with {@code ctr} through the runc v2 shim
 * with the runtime under test as its binary.
 */
public final class Containerd implements AutoCloseable {
    public static final String NAMESPACE = "edgefusion-test";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Path runtime;
    private final OwnedCgroup cgroup;
    private final HostDirs hostDirs;
    private final Process daemon;
    /** Every task id run, with the state root its runtime was given. */
    private final Map<String, Path> ids = new LinkedHashMap<>();

    public Containerd(Path dir, Path runtime) {
        this.dir = dir;
        this.runtime = runtime;
        this.cgroup = new OwnedCgroup();
        // containerd 1.6 puts shim sockets in /run/containerd/s whatever its state dir is.
        this.hostDirs = new HostDirs(Path.of("/run/containerd"), Path.of("/run/containerd/s"));
        try {
            Files.createDirectories(dir.resolve("fifo"));
            Files.writeString(dir.resolve("config.toml"), config());
            daemon = new ProcessBuilder("containerd", "--config", dir.resolve("config.toml").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("containerd.log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new UncheckedIOException("start containerd in " + dir, e);
        }
        try {
            // Before the socket exists nothing can ask it to fork a shim: moving it now moves all it will start.
            cgroup.adopt("daemon", daemon.pid());
            Wait.until("containerd's socket " + socket(), () -> {
                if (!daemon.isAlive()) {
                    throw new AssertionError("containerd exited " + daemon.exitValue() + ": " + log());
                }
                return Files.exists(socket()) && ctr("version").exit() == 0;
            });
        } catch (RuntimeException | AssertionError e) {
            try {
                close();
            } catch (AssertionError cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private String config() {
        return """
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"
                disabled_plugins = ["io.containerd.grpc.v1.cri"]
                [grpc]
                  address = "%1$s/containerd.sock"
                [ttrpc]
                  address = "%1$s/containerd.sock.ttrpc"
                [plugins]
                  [plugins."io.containerd.internal.v1.opt"]
                    path = "%1$s/opt"
                  [plugins."io.containerd.runtime.v1.linux"]
                    shim = "containerd-shim"
                    runtime = "%2$s"
                    runtime_root = "%1$s/v1-runtime-root"
                """.formatted(dir, runtime);
    }

    public Path socket() {
        return dir.resolve("containerd.sock");
    }

    public OwnedCgroup cgroup() {
        return cgroup;
    }

    /** {@code ctr --address … -n edgefusion-test args…}, whatever its exit code. */
    public Cmd.Result ctr(String... args) {
        return Cmd.run(argv(args), Map.of());
    }

    public List<String> argv(String... args) {
        List<String> argv = new ArrayList<>(List.of("ctr", "--address", socket().toString(), "-n", NAMESPACE));
        argv.addAll(List.of(args));
        return argv;
    }

    /**
     * {@code ctr run} arguments: the runc v2 shim with the runtime under test as its binary, its state root and
     * the IO fifos in our directory, the task in our cgroup; {@code options} before the image.
     */
    public String[] runArgs(String id, List<String> options, String... command) {
        ids.put(id, dir.resolve("runc-root").resolve(NAMESPACE));
        List<String> args = new ArrayList<>(List.of("run", "--runtime", "io.containerd.runc.v2",
                "--runc-binary", runtime.toString(), "--runc-root", dir.resolve("runc-root").toString(),
                "--fifo-dir", fifoDir().toString(), "--cgroup", cgroup.path() + "/" + id));
        args.addAll(options);
        args.add(BusyboxImage.REF);
        args.add(id);
        args.addAll(List.of(command));
        return args.toArray(String[]::new);
    }

    public Cmd.Result run(String id, List<String> options, String... command) {
        return ctr(runArgs(id, options, command));
    }

    /**
     * {@code ctr run} through the legacy v1 shim, whose runtime binary comes from the daemon's configuration
     * ({@code [plugins."io.containerd.runtime.v1.linux"] runtime}), not from the command line.
     */
    public Cmd.Result runV1(String id, String... command) {
        ids.put(id, dir.resolve("v1-runtime-root").resolve(NAMESPACE));
        List<String> args = new ArrayList<>(List.of("run", "--rm", "--runtime", "io.containerd.runtime.v1.linux",
                "--fifo-dir", fifoDir().toString(), "--cgroup", cgroup.path() + "/" + id, BusyboxImage.REF, id));
        args.addAll(List.of(command));
        return ctr(args.toArray(String[]::new));
    }

    /**
     * The runc shim options stored with a container, as text: a protobuf ({@code containerd.runc.v1.Options})
     * whose strings, BinaryName and Root among them, appear verbatim.
     */
    public String shimOptions(String id) {
        try {
            JsonNode info = JSON.readTree(ctr("container", "info", id).ok().out());
            byte[] options = Base64.getDecoder().decode(info.path("Runtime").path("Options").path("value").asText());
            return new String(options, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new AssertionError("ctr container info " + id + " is not JSON: " + e.getMessage());
        }
    }

    /** Where ctr makes a task's IO fifos (its default is /run/containerd/fifo). */
    public Path fifoDir() {
        return dir.resolve("fifo");
    }

    /** The task's status as {@code ctr task ls} shows it (RUNNING, PAUSED, STOPPED…), or "" when none. */
    public String taskStatus(String id) {
        return taskColumn(id, 2);
    }

    /** The host pid of the task's init process. */
    public long taskPid(String id) {
        return Long.parseLong(taskColumn(id, 1));
    }

    /** A column of the task's {@code ctr task ls} line (TASK PID STATUS), or "" when it has none. */
    private String taskColumn(String id, int column) {
        for (String line : ctr("task", "ls").ok().out().split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length >= 3 && f[0].equals(id)) {
                return f[column];
            }
        }
        return "";
    }

    public void awaitTaskStatus(String id, String status) {
        Wait.until("task " + id + " to be " + status, () -> taskStatus(id).equals(status));
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("containerd.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Tasks the runtime still knows after containerd deleted them: the shim's {@code delete} did not work. */
    private List<String> runtimeStates() {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, Path> e : ids.entrySet()) {
            String id = e.getKey();
            String root = e.getValue().toString();
            if (Cmd.run(List.of(runtime.toString(), "--root", root, "state", id), Map.of()).exit() == 0) {
                found.add("runtime state of " + id);
                Cmd.run(List.of(runtime.toString(), "--root", root, "delete", "--force", id), Map.of());
            }
        }
        return found;
    }

    /**
     * Deletes leftover tasks and containers, stops the daemon, then checks nothing outlived it: no shim or other
     * process naming our directory, no mount under it, nothing in our cgroup. Cleans what it finds, then fails.
     */
    @Override
    public void close() {
        List<String> leftovers = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (daemon.isAlive()) {
            for (String line : ctr("task", "ls", "-q").out().split("\n")) {
                if (!line.isBlank()) {
                    leftovers.add("task " + line.strip());
                    ctr("task", "delete", "--force", line.strip());
                }
            }
            for (String line : ctr("container", "ls", "-q").out().split("\n")) {
                if (!line.isBlank()) {
                    leftovers.add("container " + line.strip());
                    ctr("container", "delete", line.strip());
                }
            }
            daemon.destroy();
            try {
                if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                    errors.add("containerd ignored SIGTERM for 30 s");
                    daemon.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            errors.add("containerd died during the tests (exit " + daemon.exitValue() + "): " + log());
        }
        leftovers.addAll(Leftovers.killProcessesNaming(dir.toString()));
        leftovers.addAll(runtimeStates());
        leftovers.addAll(cgroup.remove(Set.of("daemon")));
        leftovers.addAll(Leftovers.unmountUnder(dir));
        hostDirs.restore();
        Leftovers.deleteTree(dir);
        if (!errors.isEmpty() || !leftovers.isEmpty()) {
            throw new AssertionError("containerd teardown: " + String.join("; ", errors)
                    + (leftovers.isEmpty() ? "" : " left behind: " + leftovers));
        }
    }
}
