package io.edgefusion.oci.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rootful podman with everything private to one directory: storage, run root, tmp, locks, events, network
 * configs, configured by files there (the host's /etc/containers and ~/.config are
 * neither read for containers.conf nor written). Every container lands under the test's own cgroup. The runtime
 * keeps its state in its default root: {@code --runtime-flag root=…} would not reach the runtime calls of
 * podman's exit command (conmon's {@code podman container cleanup}), so containers would never be deleted.
 */
public final class Podman implements AutoCloseable {
    private static final Pattern CONTAINER_ID = Pattern.compile("\"ID\":\"([0-9a-f]{64})\"");

    private final Path dir;
    private final Path runtime;
    private final OwnedCgroup cgroup;
    private final HostDirs hostDirs;
    private final Map<String, String> env = new LinkedHashMap<>();

    public Podman(Path dir, Path runtime) {
        this.dir = dir;
        this.runtime = runtime;
        this.cgroup = new OwnedCgroup();
        // Rootful containers/image keeps its blob-info cache here whatever podman is told.
        this.hostDirs = new HostDirs(Path.of("/var/lib/containers"), Path.of("/var/lib/containers/cache"));
        try {
            writeConfig();
        } catch (IOException e) {
            throw new UncheckedIOException("write podman's configuration in " + dir, e);
        }
    }

    private void writeConfig() throws IOException {
        for (String d : List.of("storage", "run", "tmp", "net", "volumes", "home/.config/containers",
                "xdg-data", "xdg-run")) {
            Files.createDirectories(dir.resolve(d));
        }
        // The host's hard nofile limit may be below podman's default ask (1048576), and root without
        // CAP_SYS_RESOURCE cannot raise it: ask for what any host grants.
        Files.writeString(dir.resolve("containers.conf"), """
                [containers]
                default_ulimits = ["nofile=1024:4096", "nproc=1024:4096"]
                [network]
                network_config_dir = "%1$s/net"
                [engine]
                lock_type = "file"
                events_logfile_path = "%1$s/events.log"
                image_copy_tmp_dir = "%1$s/tmp"
                volume_path = "%1$s/volumes"
                """.formatted(dir));
        Files.writeString(dir.resolve("storage.conf"), """
                [storage]
                driver = "overlay"
                runroot = "%1$s/run"
                graphroot = "%1$s/storage"
                """.formatted(dir));
        Files.writeString(dir.resolve("registries.conf"), "unqualified-search-registries = []\n");
        Files.writeString(dir.resolve("home/.config/containers/policy.json"),
                "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}\n");
        env.put("CONTAINERS_CONF", dir.resolve("containers.conf").toString());
        env.put("CONTAINERS_STORAGE_CONF", dir.resolve("storage.conf").toString());
        env.put("CONTAINERS_REGISTRIES_CONF", dir.resolve("registries.conf").toString());
        env.put("HOME", dir.resolve("home").toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("home/.config").toString());
        env.put("XDG_DATA_HOME", dir.resolve("xdg-data").toString());
        env.put("XDG_RUNTIME_DIR", dir.resolve("xdg-run").toString());
        env.put("TMPDIR", dir.resolve("tmp").toString());
    }

    public OwnedCgroup cgroup() {
        return cgroup;
    }

    /** {@code podman <global flags> args…}, whatever its exit code. */
    public Cmd.Result podman(String... args) {
        return Cmd.run(argv(args), env);
    }

    /** The full command line for {@code podman args…}, e.g. to run on a terminal. */
    public List<String> argv(String... args) {
        List<String> argv = new ArrayList<>(List.of("podman", "--root", dir.resolve("storage").toString(),
                "--runroot", dir.resolve("run").toString(), "--tmpdir", dir.resolve("tmp").toString(),
                "--cgroup-manager", "cgroupfs", "--events-backend", "file", "--storage-driver", "overlay",
                "--runtime", runtime.toString()));
        argv.addAll(List.of(args));
        return argv;
    }

    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    /**
     * {@code podman run} of the test image without network, in our cgroup: {@code options} go before the
     * image, {@code command} after it.
     */
    public Cmd.Result run(List<String> options, String... command) {
        return podman(runArgs(options, command));
    }

    public String[] runArgs(List<String> options, String... command) {
        List<String> args = new ArrayList<>(List.of("run", "--network", "none", "--cgroup-parent", cgroup.path()));
        args.addAll(options);
        args.add(BusyboxImage.REF);
        args.addAll(List.of(command));
        return args.toArray(String[]::new);
    }

    /** A container's field through {@code podman inspect --format}. */
    public String inspect(String name, String goTemplate) {
        return podman("inspect", "--format", goTemplate, name).ok().out().strip();
    }

    /** Waits until the container's {@code State.Status} is {@code status}. */
    public void awaitStatus(String name, String status) {
        Wait.until(name + " to be " + status, () -> inspect(name, "{{.State.Status}}").equals(status));
    }

    /** Containers podman ever created here that the runtime still knows (its {@code delete} never ran). */
    private List<String> runtimeStates() {
        List<String> found = new ArrayList<>();
        Path events = dir.resolve("events.log");
        if (!Files.exists(events)) {
            return found;
        }
        try {
            Matcher m = CONTAINER_ID.matcher(Files.readString(events));
            Set<String> ids = new LinkedHashSet<>();
            while (m.find()) {
                ids.add(m.group(1));
            }
            for (String id : ids) {
                Cmd.Result state = Cmd.run(List.of(runtime.toString(), "state", id), Map.of());
                if (state.exit() == 0) {
                    found.add("runtime state of " + id);
                    Cmd.run(List.of(runtime.toString(), "delete", "--force", id), Map.of());
                }
            }
        } catch (IOException e) {
            found.add("unreadable " + events + ": " + e.getMessage());
        }
        return found;
    }

    /**
     * Removes every container and all storage, then checks that podman left nothing: no mount or process
     * naming our directory, nothing in our cgroup. Cleans what it finds anyway, then fails naming it.
     */
    @Override
    public void close() {
        List<String> leftovers = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String[] step : List.of(new String[]{"rm", "--all", "--force", "--time", "0"},
                new String[]{"system", "reset", "--force"})) {
            Cmd.Result r = podman(step);
            if (r.exit() != 0) {
                errors.add(r.describe());
            }
        }
        leftovers.addAll(Leftovers.killProcessesNaming(dir.toString()));
        leftovers.addAll(Leftovers.unmountUnder(dir));
        leftovers.addAll(runtimeStates());
        leftovers.addAll(cgroup.remove(Set.of("conmon")));
        hostDirs.restore();
        Leftovers.deleteTree(dir);
        if (!errors.isEmpty() || !leftovers.isEmpty()) {
            throw new AssertionError("podman teardown: " + String.join("; ", errors)
                    + (leftovers.isEmpty() ? "" : " left behind: " + leftovers));
        }
    }
}
