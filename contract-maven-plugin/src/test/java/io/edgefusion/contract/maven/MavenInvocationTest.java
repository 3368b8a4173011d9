package io.edgefusion.contract.maven;

import io.edgefusion.platform.testing.Workloads;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The goal run by real Maven, offline, against a throwaway local repository this test lays out (the plugin,
 * the platform jars and their two libraries) — nothing is installed into the shared ~/.m2, which is only read.
 */
class MavenInvocationTest {
    /** The Maven project version, as surefire passes it (the root pom): never a literal that a release breaks. */
    static final String V = System.getProperty("edgefusion.project.version");

    @TempDir
    static Path tmp;
    static Path repo;

    @BeforeAll
    static void layOutRepository() throws Exception {
        repo = tmp.resolve("repo");
        String plexus = plexusUtilsOfThisMaven();
        lay("edgefusion-platform", jarOf("edgefusion-platform"), dep("org.snakeyaml", "snakeyaml-engine", "3.2"));
        lay("edgefusion-hal-crypto", jarOf("edgefusion-hal-crypto"), dep("io.edgefusion", "edgefusion-platform", V)
                + dep("org.bouncycastle", "bcprov-jdk18on", "1.82"));
        lay("edgefusion-hal-serial", jarOf("edgefusion-hal-serial"), dep("io.edgefusion", "edgefusion-platform", V));
        // Maven 3.8 adds plexus-utils 1.1 to a plugin that names none; naming the one Maven ships avoids a download.
        lay("edgefusion-contract-maven-plugin", Workloads.pack(Path.of("target/classes"), tmp.resolve("plugin.jar")),
                dep("io.edgefusion", "edgefusion-platform", V) + dep("io.edgefusion", "edgefusion-hal-crypto", V)
                        + dep("io.edgefusion", "edgefusion-hal-serial", V)
                        + dep("org.codehaus.plexus", "plexus-utils", plexus));
        for (String p : List.of("org/snakeyaml/snakeyaml-engine/3.2", "org/bouncycastle/bcprov-jdk18on/1.82")) {
            Path from = Path.of(System.getProperty("user.home"), ".m2/repository", p);
            Files.createDirectories(repo.resolve(p));
            try (Stream<Path> s = Files.list(from)) {
                for (Path f : s.filter(x -> x.toString().endsWith(".jar") || x.toString().endsWith(".pom")).toList()) {
                    Files.copy(f, repo.resolve(p).resolve(f.getFileName()));
                }
            }
        }
        Files.writeString(tmp.resolve("pom.xml"), "<project><modelVersion>4.0.0</modelVersion><groupId>com.acme"
                + "</groupId><artifactId>workload</artifactId><version>1</version><packaging>pom</packaging></project>");
    }

    @Test
    void aCompliantWorkloadPassesTheBuild() throws Exception {
        Path classes = Workloads.compile("compliant", tmp);
        Run r = mvn("-Dedgefusion.classes=" + classes, "-Dedgefusion.profile=" + Path.of("../profiles/rk3588-sm4.yaml")
                .toAbsolutePath());
        assertThat(r.exit).as(r.output).isZero();
        assertThat(Files.readString(tmp.resolve("target/edgefusion-contract-report.txt")))
                .contains("2 classes, no violations");
    }

    @Test
    void aViolatingWorkloadFailsTheBuildWithTheTable() throws Exception {
        Path classes = Workloads.compile("bind", tmp);
        Run r = mvn("-Dedgefusion.classes=" + classes);
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.output).contains("VIOLATION").contains("com.acme.mqtt.MqttBroker.plain (MqttBroker.java:16)")
                .contains("5 core-contract violation(s)");
    }

    record Run(int exit, String output) {
    }

    static Run mvn(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("mvn", "-o", "-B", "-q", "-Dstyle.color=never",
                "-Dmaven.repo.local=" + repo, "-f", tmp.resolve("pom.xml").toString(),
                "io.edgefusion:edgefusion-contract-maven-plugin:" + V + ":verify"));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(tmp.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("MAVEN_OPTS", "--sun-misc-unsafe-memory-access=allow");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("mvn did not finish: " + out);
        }
        return new Run(p.exitValue(), out);
    }

    /** Puts the running Maven's own plexus-utils into the repository; returns the version it is filed under. */
    static String plexusUtilsOfThisMaven() throws Exception {
        String v = new String(new ProcessBuilder("mvn", "-v").redirectErrorStream(true).start().getInputStream()
                .readAllBytes(), StandardCharsets.UTF_8);
        String home = v.lines().filter(l -> l.startsWith("Maven home: ")).findFirst().orElseThrow()
                .substring("Maven home: ".length()).strip();
        try (Stream<Path> s = Files.list(Path.of(home, "lib"))) {
            // Upstream Maven names it plexus-utils-3.x.jar, Debian's plexus-utils.jar; the version we give it
            // here only has to match the pom we write next to it.
            Path jar = s.filter(p -> p.getFileName().toString().matches("plexus-utils(-[0-9.]+)?\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no plexus-utils in " + home + "/lib"));
            String version = "0-maven-lib";
            Path dir = Files.createDirectories(repo.resolve("org/codehaus/plexus/plexus-utils/" + version));
            Files.copy(jar, dir.resolve("plexus-utils-" + version + ".jar"));
            Files.writeString(dir.resolve("plexus-utils-" + version + ".pom"), "<project><modelVersion>4.0.0"
                    + "</modelVersion><groupId>org.codehaus.plexus</groupId><artifactId>plexus-utils</artifactId>"
                    + "<version>" + version + "</version></project>");
            return version;
        }
    }

    /** The reactor's jar (or classes directory, jarred here) of a sibling module, from the test class path. */
    static Path jarOf(String artifactId) throws IOException {
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(e);
            if (p.getFileName().toString().equals(artifactId + "-" + V + ".jar")) {
                return p;
            }
            if (p.endsWith("classes") && p.getParent().getParent().getFileName().toString()
                    .equals(artifactId.replace("edgefusion-", ""))) {
                return Workloads.pack(p, tmp.resolve(artifactId + ".jar"));
            }
        }
        throw new IllegalStateException(artifactId + " is not on the test class path");
    }

    static void lay(String artifactId, Path jar, String deps) throws IOException {
        Path dir = Files.createDirectories(repo.resolve("io/edgefusion/" + artifactId + "/" + V));
        Files.copy(jar, dir.resolve(artifactId + "-" + V + ".jar"));
        Files.writeString(dir.resolve(artifactId + "-" + V + ".pom"), "<project><modelVersion>4.0.0</modelVersion>"
                + "<groupId>io.edgefusion</groupId><artifactId>" + artifactId + "</artifactId><version>" + V
                + "</version><dependencies>" + deps + "</dependencies></project>");
    }

    static String dep(String g, String a, String v) {
        return "<dependency><groupId>" + g + "</groupId><artifactId>" + a + "</artifactId><version>" + v
                + "</version></dependency>";
    }

}
