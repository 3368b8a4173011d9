package io.edgefusion.platform.build;

import io.edgefusion.platform.module.ModuleCatalog;
import io.edgefusion.platform.module.PlatformModule;
import io.edgefusion.platform.node.Node;
import io.edgefusion.platform.profile.Profile;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code profile build}: a trimmed node distribution for one board — a jlink runtime with only the JDK modules
 * the enabled platform modules reach (jdeps over the reachable classes), only the enabled modules' jars and the
 * libraries their enabled features need, the profile, and a launcher. Then it measures the untrimmed node and
 * the trimmed one side by side.
 */
public final class TrimmedBuild {
    static final String MARKER = ".edgefusion-node";
    /** The node's entry (module edgefusion-node): the resident node daemon, with the profile's modules. */
    static final String MAIN = "io.edgefusion.node.NodeMain";
    static final String AOT_CACHE = "node.aot";

    private final ModuleCatalog catalog;
    private final NodeLibrary library;
    private final Path javaHome;
    private final BuildTarget target;

    /** A build for the architecture of {@code javaHome} (the build JDK), linked from it. */
    public TrimmedBuild(ModuleCatalog catalog, NodeLibrary library, Path javaHome) {
        this(catalog, library, javaHome, BuildTarget.resolve("the profile",
                JdkRelease.canonicalArch(System.getProperty("os.arch")), javaHome, Optional.empty()));
    }

    /** A build whose runtime is linked as {@code target} says ({@link BuildTarget#resolve}). */
    public TrimmedBuild(ModuleCatalog catalog, NodeLibrary library, Path javaHome, BuildTarget target) {
        this.catalog = catalog;
        this.library = library;
        this.javaHome = javaHome;
        this.target = target;
    }

    /**
     * Builds into {@code out}; with {@code aotCache} a training start of the trimmed node records a JDK 25 AOT
     * cache (classes loaded and linked, JEP 483/514) that the launcher then uses. Measures start times with
     * {@code runs} runs each when {@code runs > 0}.
     */
    public BuildReport build(Profile profile, Path profileFile, Optional<Path> trustedKey, Path out, int runs,
                             boolean aotCache) throws IOException {
        if (target.cross()) {
            // Both need the target's JVM running: the board makes its AOT cache on its first trained start.
            runs = 0;
            aotCache = false;
        }
        prepare(out);
        List<NodeLibrary.Jar> jars = selectJars(profile);
        Reachable reach = new Reachable(jars.stream().map(NodeLibrary.Jar::path).toList());
        Set<String> reachable = reach.from(roots(profile, jars));
        List<String> jdkModules = jdkModules(reach, reachable);
        Path runtime = out.resolve("runtime");
        List<String> jlinkArgs = new ArrayList<>(List.of("--add-modules", String.join(",", jdkModules), "--strip-debug",
                "--no-header-files", "--no-man-pages", "--compress", "zip-6", "--output", runtime.toString()));
        if (!aotCache && !target.cross()) {
            // Without the node's own AOT cache, at least the JDK's classes start from an archive. With it, the
            // cache holds them already and a second archive would only add 28 MB.
            jlinkArgs.add("--generate-cds-archive");
        }
        jlink(jlinkArgs);
        Path lib = Files.createDirectories(out.resolve("lib"));
        for (NodeLibrary.Jar j : jars) {
            if (j.platform() || !j.providers().isEmpty()) {
                Files.copy(j.path(), lib.resolve(j.fileName()));
            } else {
                LibraryTrimmer.copyReachable(j.path(), lib.resolve(j.fileName()), reachable);
            }
        }
        Files.copy(profileFile, out.resolve("profile.yaml"));
        Path sig = profileFile.resolveSibling(profileFile.getFileName() + ".sig");
        if (Files.exists(sig)) {
            Files.copy(sig, out.resolve("profile.yaml.sig"));
        }
        // The key stays out of the node: a trust anchor shipped beside the profile would be replaced with it
        // (TrustAnchor). The build's own starts below are given it explicitly.
        writeLauncher(out, profile);
        Files.writeString(out.resolve(MARKER), profile.platform() + "\n");
        Map<String, String> env = Map.of("EDGEFUSION_BIND_ADDRESS", "127.0.0.1", "EDGEFUSION_PORT_API", "0",
                "EDGEFUSION_PORT_METRICS", "0", Node.READY_WITHOUT_DEVICES, "1");
        long aotBytes = 0;
        if (aotCache) {
            Path scratch = Files.createTempDirectory("edgefusion-train-");
            try {
                Path aot = lib.resolve(AOT_CACHE);
                Map<String, String> train = new java.util.HashMap<>(env);
                train.put("EDGEFUSION_NODE_JAVA_OPTS", "-XX:AOTCacheOutput=" + aot);
                StartTimer.once(withKey(List.of(out.resolve("bin/edgefusion-node").toString(), "--state",
                        scratch.toString(), "--exit-when-ready"), trustedKey), train);
                aotBytes = Files.exists(aot) ? Files.size(aot) : 0;
            } finally {
                Sizes.deleteTree(scratch);
            }
        }

        long runtimeBytes = Sizes.of(runtime);
        long afterBytes = Sizes.of(out);
        long beforeBytes = Sizes.of(javaHome) + library.bytes();
        long before = -1;
        long after = -1;
        long boardOnFull = -1;
        if (runs > 0) {
            Path scratch = Files.createTempDirectory("edgefusion-build-");
            try {
                Path full = scratch.resolve("untrimmed.yaml");
                Files.writeString(full, UntrimmedProfile.of(profile, catalog));
                long[] ms = StartTimer.medianMillis(List.of(
                        fullCommand(profile, full, scratch.resolve("s1"), Optional.empty()),
                        withKey(List.of(out.resolve("bin/edgefusion-node").toString(), "--state",
                                scratch.resolve("s3").toString(), "--exit-when-ready"), trustedKey),
                        fullCommand(profile, profileFile, scratch.resolve("s2"), trustedKey)), env, runs);
                before = ms[0];
                after = ms[1];
                boardOnFull = ms[2];
            } finally {
                Sizes.deleteTree(scratch);
            }
        }
        return new BuildReport(out, jdkModules, jars.stream().map(NodeLibrary.Jar::fileName).toList(), beforeBytes,
                afterBytes, runtimeBytes, aotBytes, before, after, boardOnFull, runs);
    }

    /** Module jars of enabled modules, the platform jar, and the libraries their enabled features need. */
    List<NodeLibrary.Jar> selectJars(Profile profile) throws IOException {
        Set<String> enabled = profile.enabledModules();
        Set<String> dropPrefixes = new TreeSet<>();
        Set<String> keepPrefixes = new TreeSet<>();
        for (PlatformModule m : catalog.all()) {
            for (var e : m.featureLibraries().entrySet()) {
                boolean on = enabled.contains(m.name()) && profile.modules().get(m.name()).hasFeature(e.getKey());
                (on ? keepPrefixes : dropPrefixes).addAll(e.getValue());
            }
        }
        dropPrefixes.removeAll(keepPrefixes);
        Map<String, NodeLibrary.Jar> byName = library.byName();
        Set<NodeLibrary.Jar> out = new LinkedHashSet<>();
        for (NodeLibrary.Jar j : library.jars()) {
            boolean moduleJar = j.platform() || j.providers().stream().map(this::moduleOf).anyMatch(enabled::contains);
            if (!moduleJar) {
                continue;
            }
            out.add(j);
            for (String cp : j.classPath()) {
                NodeLibrary.Jar dep = byName.get(cp);
                if (dep == null) {
                    throw new IOException(j.fileName() + " needs " + cp + ", which is not in " + library.dir());
                }
                boolean isLibrary = !dep.platform() && dep.providers().isEmpty();
                if (isLibrary && dropPrefixes.stream().noneMatch(cp::startsWith)) {
                    out.add(dep);
                } else if (!isLibrary && j.platform()) {
                    out.add(dep); // the node needs the platform jar whichever modules a profile enables
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** The node's main class and the enabled modules' providers, as internal names. */
    private List<String> roots(Profile profile, List<NodeLibrary.Jar> jars) {
        List<String> roots = new ArrayList<>(List.of(MAIN.replace('.', '/')));
        for (NodeLibrary.Jar j : jars) {
            for (String p : j.providers()) {
                if (profile.enabled(moduleOf(p))) {
                    roots.add(p.replace('.', '/'));
                }
            }
        }
        return roots;
    }

    /** jdeps over the reachable classes. */
    private static List<String> jdkModules(Reachable reach, Set<String> reachable) throws IOException {
        Path dir = Files.createTempDirectory("edgefusion-jdeps-");
        try {
            reach.write(reachable, dir);
            String outText = run("jdeps", "--print-module-deps", "--ignore-missing-deps", "--multi-release",
                    Integer.toString(Runtime.version().feature()), dir.toString());
            String last = outText.strip().lines().reduce((a, b) -> b).orElse("java.base");
            return Stream.of(last.split(",")).map(String::strip).filter(s -> !s.isEmpty()).sorted().toList();
        } finally {
            Sizes.deleteTree(dir);
        }
    }

    private String moduleOf(String providerClass) {
        return catalog.all().stream().filter(m -> m.getClass().getName().equals(providerClass))
                .map(PlatformModule::name).findFirst().orElse("?" + providerClass);
    }

    private List<String> fullCommand(Profile profile, Path profileFile, Path state, Optional<Path> key) {
        List<String> cmd = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString()));
        cmd.addAll(profile.jvmOptions());
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", library.dir().resolve("*").toString(), MAIN,
                "--profile", profileFile.toString(), "--state", state.toString(), "--exit-when-ready"));
        key.ifPresent(k -> cmd.addAll(List.of("--trusted-key", k.toString())));
        return cmd;
    }

    private static List<String> withKey(List<String> command, Optional<Path> key) {
        List<String> cmd = new ArrayList<>(command);
        key.ifPresent(k -> cmd.addAll(List.of("--trusted-key", k.toString())));
        return cmd;
    }

    private static void writeLauncher(Path out, Profile profile) throws IOException {
        String opts = profile.jvmOptions().stream().map(o -> "'" + o.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
        String script = """
                #!/bin/sh
                # EdgeFusion node for %s (trimmed by 'edgefusion profile build'). Extra arguments go to the node.
                # $EDGEFUSION_NODE_JAVA_OPTS adds JVM options (the build's AOT training run uses it).
                here=$(cd "$(dirname "$0")/.." && pwd)
                aot=""
                [ -f "$here/lib/%s" ] && aot="-XX:AOTCache=$here/lib/%s"
                exec "$here/runtime/bin/java" %s $aot $EDGEFUSION_NODE_JAVA_OPTS --enable-native-access=ALL-UNNAMED \\
                  -cp "$here/lib/*" %s --profile "$here/profile.yaml" --state "${EDGEFUSION_STATE:-$here/state}" "$@"
                """.formatted(profile.platform(), AOT_CACHE, AOT_CACHE, opts, MAIN);
        Path bin = Files.createDirectories(out.resolve("bin"));
        Path launcher = bin.resolve("edgefusion-node");
        Files.writeString(launcher, script);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** An empty or missing directory, or one a previous build made (then it is replaced). */
    private static void prepare(Path out) throws IOException {
        if (Files.isDirectory(out)) {
            try (Stream<Path> s = Files.list(out)) {
                boolean empty = s.findAny().isEmpty();
                if (!empty && !Files.exists(out.resolve(MARKER))) {
                    throw new IOException(out + " is not empty and not a previous node build; choose another -o");
                }
            }
            Sizes.deleteTree(out);
        }
        Files.createDirectories(out);
    }

    /**
     * jlink as a child process: its CDS-archive step prints preload warnings for classes of modules left out of
     * the image (the JDK's default class list names them), which are noise unless jlink fails.
     */
    private void jlink(List<String> args) throws IOException {
        List<String> cmd = target.jlinkCommand();
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException("jlink failed (exit " + p.exitValue() + "): " + output.strip());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running jlink", e);
        }
    }

    private static String run(String tool, String... args) throws IOException {
        ToolProvider t = ToolProvider.findFirst(tool).orElseThrow(() -> new IOException("this JDK has no " + tool
                + " (profile build needs a full JDK 25)"));
        StringWriter outText = new StringWriter();
        StringWriter errText = new StringWriter();
        int rc = t.run(new PrintWriter(outText, true), new PrintWriter(errText, true), args);
        if (rc != 0) {
            throw new IOException(tool + " failed (exit " + rc + "): " + (errText + outText.toString()).strip());
        }
        return outText.toString();
    }

}
