package io.edgefusion.platform.testing;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Purpose-built workloads for verifier tests: the sources under {@code src/test/resources/workloads/NAME} are
 * compiled at test time (javac, with line numbers) against the platform and packed into a jar. A directory
 * {@code NAME/stale-hal} holds older copies of HAL interfaces: the workload is compiled against them, the way a
 * driver built for an older HAL is, and they are left out of the jar.
 */
public final class Workloads {
    private static final Pattern EXPECT = Pattern.compile("//\\s*expect:\\s*([A-Z_]+)");

    /** One temporary directory per test JVM for workloads unpacked from a jar, deleted when the JVM exits. */
    private static Path unpacked;

    private Workloads() {
    }

    private static synchronized Path unpackRoot() throws IOException {
        if (unpacked == null) {
            Path dir = Files.createTempDirectory("edgefusion-workload-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException ignored) {
                    // best effort at exit
                }
            }));
            unpacked = dir;
        }
        return unpacked;
    }

    /**
     * The workload's source root in test resources; when they are read from this module's test jar (another
     * module's tests), they are unpacked to a temporary directory first.
     */
    public static Path sources(String name) {
        URL u = Workloads.class.getResource("/workloads/" + name);
        if (u == null) {
            throw new IllegalArgumentException("no workload " + name);
        }
        try {
            if (!u.getProtocol().equals("jar")) {
                return Path.of(u.toURI());
            }
            Path target = Files.createTempDirectory(unpackRoot(), name + "-").resolve(name);
            try (FileSystem jar = FileSystems.newFileSystem(u.toURI(), Map.of());
                 Stream<Path> walk = Files.walk(jar.getPath("/workloads/" + name))) {
                Path root = jar.getPath("/workloads/" + name);
                for (Path p : walk.toList()) {
                    Path dest = target.resolve(root.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(dest);
                    } else {
                        Files.copy(p, dest);
                    }
                }
            }
            return target;
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read workload " + name + ": " + e, e);
        }
    }

    /** Compiles workload {@code name} and returns its jar (in {@code work}). */
    public static Path jar(String name, Path work) throws IOException {
        return pack(compile(name, work), work.resolve(name + ".jar"));
    }

    /** Packs a class directory into a jar. */
    public static Path pack(Path classes, Path jar) throws IOException {
        try (OutputStream os = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(os, new Manifest());
             Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** Compiles workload {@code name} into {@code work/NAME-classes}, stale HAL copies excluded. */
    public static Path compile(String name, Path work) throws IOException {
        Path src = sources(name);
        Path out = work.resolve(name + "-classes");
        Path staleOut = work.resolve(name + "-stale");
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, null, StandardCharsets.UTF_8)) {
            String cp = System.getProperty("java.class.path");
            Path stale = src.resolve("stale-hal");
            if (Files.isDirectory(stale)) {
                Files.createDirectories(staleOut);
                run(javac, fm, diags, javaFiles(stale), List.of("-d", staleOut.toString(), "-cp", cp));
                cp = staleOut + java.io.File.pathSeparator + cp;
            }
            List<Path> files = javaFiles(src).stream().filter(p -> !p.startsWith(stale)).toList();
            run(javac, fm, diags, files, List.of("-g", "-d", out.toString(), "-cp", cp, "-proc:none"));
        }
        return out;
    }

    private static void run(JavaCompiler javac, StandardJavaFileManager fm, DiagnosticCollector<JavaFileObject> diags,
                            List<Path> files, List<String> options) {
        Boolean ok = javac.getTask(null, fm, diags, options, null, fm.getJavaFileObjectsFromPaths(files)).call();
        if (!ok) {
            throw new IllegalStateException("workload does not compile: " + diags.getDiagnostics());
        }
    }

    private static List<Path> javaFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    /**
     * What the sources say the verifier must find: {@code "File.java:LINE KIND"} for every line carrying a
     * {@code // expect: KIND} comment.
     */
    public static List<String> expected(String name) {
        Map<String, List<String>> byFile = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(sources(name))) {
            for (Path p : walk.filter(x -> x.toString().endsWith(".java") && !x.toString().contains("stale-hal"))
                    .sorted().toList()) {
                List<String> lines = Files.readAllLines(p);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = EXPECT.matcher(lines.get(i));
                    while (m.find()) {
                        byFile.computeIfAbsent(p.getFileName().toString(), k -> new ArrayList<>())
                                .add(p.getFileName() + ":" + (i + 1) + " " + m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byFile.values().stream().flatMap(List::stream).sorted().toList();
    }
}
