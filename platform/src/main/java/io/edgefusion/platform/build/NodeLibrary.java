package io.edgefusion.platform.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The full node's jars (a directory such as {@code cli/target/node-lib}): which platform-module providers each
 * jar registers (its {@code META-INF/services} file) and which libraries its manifest {@code Class-Path} names.
 */
public record NodeLibrary(Path dir, List<Jar> jars) {
    static final String SERVICES = "META-INF/services/io.edgefusion.platform.module.PlatformModule";
    static final String NODE_MAIN = "io/edgefusion/node/NodeMain.class";

    /** One jar: its provider class names, its Class-Path entries, whether it holds the node's main class. */
    public record Jar(Path path, List<String> providers, List<String> classPath, boolean platform) {
        public String fileName() {
            return path.getFileName().toString();
        }
    }

    public static NodeLibrary read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": no node library directory (build it with scripts/mvn -pl cli -am package)");
        }
        List<Jar> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                try (JarFile jf = new JarFile(p.toFile())) {
                    List<String> providers = new ArrayList<>();
                    var e = jf.getEntry(SERVICES);
                    if (e != null) {
                        try (InputStream in = jf.getInputStream(e)) {
                            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(providers::add);
                        }
                    }
                    String cp = jf.getManifest() == null ? null
                            : jf.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
                    List<String> classPath = cp == null ? List.of() : Arrays.stream(cp.trim().split("\\s+")).toList();
                    jars.add(new Jar(p, List.copyOf(providers), classPath, jf.getEntry(NODE_MAIN) != null));
                }
            }
        }
        if (jars.stream().noneMatch(Jar::platform)) {
            throw new IOException(dir + ": no jar holds the node's main class (" + NODE_MAIN + ")");
        }
        return new NodeLibrary(dir, List.copyOf(jars));
    }

    /** Jars by file name. */
    public Map<String, Jar> byName() {
        Map<String, Jar> m = new LinkedHashMap<>();
        jars.forEach(j -> m.put(j.fileName(), j));
        return m;
    }

    public long bytes() throws IOException {
        long n = 0;
        for (Jar j : jars) {
            n += Files.size(j.path());
        }
        return n;
    }
}
