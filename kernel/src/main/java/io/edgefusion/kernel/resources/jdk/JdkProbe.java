package io.edgefusion.kernel.resources.jdk;

import io.edgefusion.kernel.cgroup.CgroupPaths;
import io.edgefusion.kernel.cgroup.ControllerDir;
import io.edgefusion.kernel.cgroup.CgroupFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code java -XshowSettings:system -version} inside the cgroups of the process (or cgroup) being
 * examined, so the JDK reports on the same limits. A JVM cannot be moved into a cgroup before it reads its
 * limits, so a shell joins every hierarchy ({@code echo $$ > cgroup.procs}) and then execs the JVM. The probe
 * counts against the target's pids and memory for the ~100 ms it lives.
 */
public final class JdkProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private JdkProbe() {
    }

    /** The running JDK's launcher. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** Every distinct {@code cgroup.procs} a process must be written to in order to share these cgroups. */
    public static List<Path> procsFiles(CgroupPaths paths) {
        Set<Path> dirs = new LinkedHashSet<>();
        paths.dirs().values().stream().map(ControllerDir::dir).forEach(dirs::add);
        paths.unified().map(ControllerDir::dir).ifPresent(dirs::add);
        List<Path> out = new ArrayList<>();
        for (Path d : dirs) {
            out.add(d.resolve(CgroupFiles.PROCS));
        }
        return out;
    }

    /**
     * Runs the probe; throws {@link IOException} with the probe's own words when it could not join a cgroup or
     * the JVM failed.
     */
    public static JdkSettings run(Path java, List<Path> procsFiles) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c",
                "for f do echo $$ > \"$f\" || { echo \"cannot join $f\" >&2; exit 125; }; done;"
                        + " exec \"$EDGEFUSION_JAVA\" -XshowSettings:system -version", "jdk-probe"));
        procsFiles.forEach(p -> cmd.add(p.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("EDGEFUSION_JAVA", java.toString());
        // Options meant for our own JVM must not leak into the probe and change what it reports.
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        Process p = pb.start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("JDK probe did not finish within " + TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while waiting for the JDK probe", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("JDK probe exited " + p.exitValue() + ": " + out.strip().lines().findFirst()
                    .orElse(""));
        }
        return JdkSettings.parse(out);
    }
}
