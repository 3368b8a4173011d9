package io.edgefusion.oci.testing;

import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.cgroup.CgroupManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What an edgefusion-oci test owns: {@code /tmp/edgefusion-test-<random>} with the runtime's state root, bundles,
 * and a cgroup parent {@code /edgefusion-test-<random>} that every bundle's cgroupsPath lies under. Runs the real
 * CLI ({@code OciMain}) in its own JVM with this test's class path, so stdio and exit codes are a shim's view.
 * {@link #close()} deletes every container left ({@code delete --force}), the cgroup parent and the directory.
 */
public final class OciWorld implements AutoCloseable {
    private final String name = "edgefusion-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final Path dir;
    private int bundles;

    public OciWorld() {
        try {
            dir = Files.createDirectory(Path.of("/tmp", name), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path stateRoot() {
        return dir.resolve("state");
    }

    /** The cgroup a container of id {@code id} gets from {@link #bundle(String)}. */
    public String cgroupPath(String id) {
        return "/" + name + "/" + id;
    }

    /** A new bundle for container {@code id}, its cgroup under this world's parent. */
    public OciBundle bundle(String id) {
        OciBundle b = new OciBundle(dir.resolve("bundle-" + (++bundles)), OciBundle.busybox(dir.resolve("images")));
        b.linux().put("cgroupsPath", cgroupPath(id));
        return b;
    }

    /** The result of one edgefusion-oci command. */
    public record Result(int code, String out, String err) {
    }

    /** Runs {@code edgefusion-oci --root STATE ARGS}, stdin empty; waits at most two minutes. */
    public Result oci(String... args) {
        return oci(Map.of(), args);
    }

    public Result oci(Map<String, String> env, String... args) {
        return oci(List.of(), env, args);
    }

    /** As {@link #oci(String...)}, the JVM started by {@code prefix} (e.g. a private mount namespace). */
    public Result oci(List<String> prefix, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), "io.edgefusion.oci.OciMain", "--root", stateRoot().toString()));
        cmd.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(dir, "out-", ".txt");
            Path err = Files.createTempFile(dir, "err-", ".txt");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("edgefusion-oci " + String.join(" ", args) + ": no exit in 2 minutes");
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** As {@link #oci(String...)}, failing the test unless the exit code is 0. */
    public Result ok(String... args) {
        Result r = oci(args);
        if (r.code() != 0) {
            throw new AssertionError("edgefusion-oci " + String.join(" ", args) + ": exit " + r.code() + ": "
                    + r.err());
        }
        return r;
    }

    public CgroupManager cgroup(String id) {
        return CgroupManager.of(CgroupLayout.discover(), cgroupPath(id));
    }

    @Override
    public void close() {
        Path state = stateRoot();
        if (Files.isDirectory(state)) {
            try (var ids = Files.list(state)) {
                for (Path p : ids.toList()) {
                    String id = p.getFileName().toString();
                    if (!id.startsWith(".")) {
                        oci("delete", "--force", id);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        CgroupManager parent = CgroupManager.of(CgroupLayout.discover(), "/" + name);
        parent.killAll();
        parent.remove();
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
