package io.edgefusion.sandbox.launch;

import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.fixtures.Fixture;
import io.edgefusion.kernel.proc.BoundingSet;
import io.edgefusion.sandbox.oci.plan.Supervision;
import io.edgefusion.sandbox.seccomp.BpfProgram;
import io.edgefusion.sandbox.spec.Capabilities;
import io.edgefusion.sandbox.spec.DeviceSpec;
import io.edgefusion.sandbox.spec.MountSpec;
import io.edgefusion.sandbox.spec.Network;
import io.edgefusion.sandbox.spec.ResolvedUser;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.spec.Security;
import io.edgefusion.sandbox.spec.Stdio;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The helper's exact instructions for {@code edgefusion run} and {@code exec}: the sandbox spec with docker's
 * defaults as an OCI config, through HelperPlan. Pure (no kernel); cgroup layouts from the kernel's fixtures.
 * Each case's text is in {@code src/test/resources/golden/<case>.txt}, with {@code $TMP} for the test's
 * directory, {@code $PRIVCAPS} for the privileged capability mask (this host's bounding set) and the host's
 * devices of a privileged sandbox left out (they are checked against the host's /dev instead).
 */
class SandboxPlanGoldenTest {
    static Path tmp;
    static CgroupLayout v1;
    static CgroupLayout v2;
    static Path dirSrc;
    static Path fileSrc;

    @BeforeAll
    static void setUp() throws Exception {
        tmp = Files.createTempDirectory("edgefusion-test-golden-");
        for (String f : List.of("v1-host-comounted", "v2-host-systemd")) {
            URL u = Fixture.class.getResource("/fixtures/" + f + "/mountinfo");
            if (u != null && u.getProtocol().equals("jar")) {
                try {
                    FileSystems.newFileSystem(u.toURI(), Map.of());
                } catch (FileSystemAlreadyExistsException open) {
                    // another test opened the kernel test-jar already
                }
            }
        }
        v1 = Fixture.copy("v1-host-comounted", tmp).layout();
        v2 = Fixture.copy("v2-host-systemd", tmp).layout();
        dirSrc = Files.createDirectories(tmp.resolve("src dir"));
        fileSrc = Files.writeString(tmp.resolve("file"), "x");
    }

    @org.junit.jupiter.api.AfterAll
    static void tearDown() throws Exception {
        try (Stream<Path> s = Files.walk(tmp)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** One launch: a name, the spec, and how it is run (attached or not, terminal, handed fds, seccomp). */
    record Case(String name, Function<SandboxSpec, SandboxSpec> spec, Launch launch) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Launch(boolean detach, boolean v2Host, boolean terminal, HandedFds handed, boolean seccomp,
                  List<String> onExit, ResolvedUser user, boolean overlayChdir, Exec exec) {
        static final Launch DEFAULT = new Launch(false, false, false, HandedFds.NONE, false, List.of(),
                ResolvedUser.ROOT, false, null);

        Launch detached(List<String> onExit) {
            return new Launch(true, v2Host, terminal, handed, seccomp, onExit, user, overlayChdir, exec);
        }

        Launch onV2() {
            return new Launch(detach, true, terminal, handed, seccomp, onExit, user, overlayChdir, exec);
        }

        Launch withTerminal(HandedFds h) {
            return new Launch(detach, v2Host, true, h, seccomp, onExit, user, overlayChdir, exec);
        }

        Launch handing(HandedFds h) {
            return new Launch(detach, v2Host, terminal, h, seccomp, onExit, user, overlayChdir, exec);
        }

        Launch withSeccomp() {
            return new Launch(detach, v2Host, terminal, handed, true, onExit, user, overlayChdir, exec);
        }

        Launch as(ResolvedUser u) {
            return new Launch(detach, v2Host, terminal, handed, seccomp, onExit, u, overlayChdir, exec);
        }

        Launch relativeOverlay() {
            return new Launch(detach, v2Host, terminal, handed, seccomp, onExit, user, true, exec);
        }

        Launch exec(Exec e) {
            return new Launch(detach, v2Host, terminal, handed, seccomp, onExit, user, overlayChdir, e);
        }
    }

    /** An exec's own command, working directory and stdio. */
    record Exec(List<String> command, String workdir, Stdio stdio) {
    }

    private static final ResolvedUser APP = new ResolvedUser(1000, 1000, List.of(10L, 20L), "/home/app");
    private static final HandedFds HANDED = new HandedFds(4242, 0, 1, 2);

    static Stream<Case> cases() {
        Launch d = Launch.DEFAULT;
        return Stream.of(
                new Case("default", s -> s, d),
                new Case("default-v2", s -> s, d.onV2()),
                new Case("rootless", s -> s.withOptions(null, null, false, true, true, false), d),
                new Case("rootless-v2", s -> s.withOptions(null, null, false, true, true, false), d.onV2()),
                new Case("network-host", s -> s.withNetwork(Network.HOST), d),
                new Case("network-none", s -> s.withNetwork(Network.NONE), d),
                new Case("host-rootless", s -> s.withNetwork(Network.HOST)
                        .withOptions(null, null, false, true, true, false), d),
                new Case("privileged", s -> s.withSecurity(new Security(null, true, true)), d),
                new Case("privileged-rootless", s -> s.withSecurity(new Security(null, true, true))
                        .withOptions(null, null, false, true, true, false), d),
                new Case("read-only", s -> s.withOptions(null, null, true, false, true, false), d),
                new Case("binds", s -> s.withMounts(List.of(new MountSpec.Bind(dirSrc, "/data", false),
                        new MountSpec.Bind(dirSrc, "/data-ro", true), new MountSpec.Bind(fileSrc, "/etc/x", true),
                        new MountSpec.Bind(fileSrc, "/etc/y", false))), d),
                new Case("binds-rootless", s -> s.withMounts(List.of(new MountSpec.Bind(dirSrc, "/data", true),
                        new MountSpec.Bind(fileSrc, "/dev/null", false)))
                        .withOptions(null, null, false, true, true, false), d),
                new Case("tmpfs", s -> s.withMounts(List.of(new MountSpec.Tmpfs("/run"),
                        new MountSpec.Tmpfs("/cache", List.of("size=1m", "mode=700", "uid=5", "gid=6",
                                "nr_inodes=100", "exec", "suid", "dev", "ro")),
                        new MountSpec.Bind(dirSrc, "/cache/in", false))), d),
                new Case("device", s -> s.withDevices(List.of(new DeviceSpec("/dev/null", "/dev/xnull", "rwm"))), d),
                new Case("device-rootless", s -> s.withDevices(List.of(new DeviceSpec("/dev/zero", "/dev/xzero",
                        "rw"))).withOptions(null, null, false, true, true, false), d),
                new Case("caps", s -> s.withCapabilities(Set.of("NET_ADMIN", "SYS_PTRACE"), Set.of("CHOWN", "KILL")),
                        d),
                new Case("caps-drop-all", s -> s.withCapabilities(Set.of("NET_BIND_SERVICE"), Set.of("ALL")), d),
                new Case("user", s -> s.withOptions("app", null, false, false, true, false), d.as(APP)),
                new Case("ulimits", s -> s.withRlimits(List.of(new SandboxSpec.Rlimit("nofile", 1024, 4096),
                        new SandboxSpec.Rlimit("nproc", -1, -1), new SandboxSpec.Rlimit("core", 0, 0))), d),
                new Case("tty-interactive", s -> s.withStdio(new Stdio(true, true)), d.withTerminal(HANDED)),
                new Case("tty-only", s -> s.withStdio(new Stdio(false, true)), d.withTerminal(HANDED)),
                new Case("tty-no-terminal", s -> s.withStdio(new Stdio(true, true)), d.handing(HANDED)),
                new Case("interactive-handed", s -> s.withStdio(new Stdio(true, false)), d.handing(HANDED)),
                new Case("handed-no-stdin", s -> s, d.handing(HANDED)),
                new Case("detach-on-exit", s -> s, d.handing(HANDED).detached(List.of("/usr/bin/edgefusion",
                        "rm", "-f", "id"))),
                new Case("detach", s -> s, d.detached(List.of())),
                new Case("seccomp", s -> s, d.withSeccomp()),
                new Case("no-new-privs-off", s -> s.withSecurity(new Security(null, false, false)), d),
                new Case("overlay-relative", s -> s, d.relativeOverlay()),
                new Case("env-cwd-hostname", s -> s.withWorkdir("/srv/app dir")
                        .withOptions(null, "web", false, false, true, false), d),
                new Case("exec", s -> s, d.exec(new Exec(List.of("ps", "-ef"), "/", Stdio.DETACHED))),
                new Case("exec-rootless-host", s -> s.withNetwork(Network.HOST)
                        .withOptions(null, null, false, true, true, false),
                        d.exec(new Exec(List.of("sh"), "/tmp", Stdio.DETACHED))),
                new Case("exec-relative-workdir", s -> s, d.exec(new Exec(List.of("ls"), "tmp", Stdio.DETACHED))),
                new Case("exec-tty", s -> s, d.withTerminal(HANDED).exec(new Exec(List.of("sh"), "/",
                        new Stdio(true, true)))),
                new Case("exec-interactive", s -> s, d.handing(HANDED).exec(new Exec(List.of("cat"), "/",
                        new Stdio(true, false)))),
                new Case("exec-user-seccomp", s -> s.withCapabilities(Set.of("SYS_ADMIN"), Set.of())
                        .withRlimits(List.of(new SandboxSpec.Rlimit("nofile", 10, 20))),
                        d.as(APP).withSeccomp().exec(new Exec(List.of("id"), "/home/app", Stdio.DETACHED))),
                new Case("exec-privileged", s -> s.withSecurity(new Security(null, true, true)),
                        d.exec(new Exec(List.of("id"), "/", Stdio.DETACHED))));
    }

    static SandboxSpec spec(Case c) {
        SandboxSpec base = SandboxSpec.of(tmp.resolve("layer"), List.of("/bin/sh", "-c", "echo hi; exit 3"))
                .withEnv(Map.of("A", "1"));
        return c.spec().apply(base);
    }

    static OverlayRoot root(Case c, SandboxSpec s) {
        Path dir = tmp.resolve("sb");
        Path mp = dir.resolve("rootfs");
        if (s.rootless()) {
            Map<Path, Path> idmapped = new LinkedHashMap<>();
            idmapped.put(tmp.resolve("layer"), dir.resolve("lower/0"));
            return OverlayRoot.of(List.of(dir.resolve("lower/0")), dir.resolve("upper"), dir.resolve("work"), mp,
                    idmapped);
        }
        return c.launch().overlayChdir()
                ? new OverlayRoot(mp, "lowerdir=layer,upperdir=sb/upper,workdir=sb/work", tmp, Map.of())
                : OverlayRoot.of(List.of(tmp.resolve("layer")), dir.resolve("upper"), dir.resolve("work"), mp);
    }

    static Map<String, String> env(SandboxSpec s, ResolvedUser u) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOSTNAME", s.hostname() != null ? s.hostname() : "abcdef012345");
        env.put("HOME", u.home());
        env.putAll(s.env());
        env.put("GOMAXPROCS", "2");
        return env;
    }

    static final Optional<BpfProgram> SECCOMP = Optional.of(new BpfProgram(List.of(
            new BpfProgram.Insn(BpfProgram.LD_W_ABS, 0, 0, 4), new BpfProgram.Insn(BpfProgram.RET_K, 0, 0,
                    0x7fff0000))));

    /** The new path's text: what SandboxRunner and SandboxExec send. */
    static String plan(Case c) {
        SandboxSpec s = spec(c);
        Launch l = c.launch();
        CallerTerminal term = l.terminal() ? new CallerTerminal(Path.of("/proc/7/fd/0"), Path.of("/proc/7/fd/1"))
                : null;
        Optional<BpfProgram> sc = l.seccomp() ? SECCOMP : Optional.empty();
        if (l.exec() != null) {
            return SandboxPlan.exec(s, 4711, l.exec().command(), env(s, l.user()), l.exec().workdir(), l.user(),
                    l.exec().stdio(), term, l.handed(), sc);
        }
        Path dir = tmp.resolve("sb");
        return SandboxPlan.run(s, s.hostname() != null ? s.hostname() : "abcdef012345", root(c, s), l.user(),
                env(s, l.user()), new Supervision(dir.resolve("log"), 16L << 20, dir.resolve("exit"), l.detach(),
                        l.onExit()), l.v2Host() ? v2 : v1, "/edgefusion-test/sb", term, l.handed(), sc);
    }

    /** A privileged sandbox's host devices: made with mknod, or rootless, bound. */
    static List<String> hostDevices(Case c) {
        SandboxSpec s = spec(c);
        if (!s.security().privileged() || c.launch().exec() != null) {
            return List.of();
        }
        return DevicePolicy.hostDevices().stream().map(n -> s.rootless()
                ? "mount " + n.hostPath() + " " + n.path() + " - 4096 - file"
                : "mknod " + n.path() + " " + n.type() + " " + n.major() + " " + n.minor() + " "
                        + Integer.toOctalString(n.mode())).toList();
    }

    /** The text with this run's host-specific parts as placeholders, the privileged host devices left out. */
    static String normalized(Case c, String text) {
        List<String> hostDevices = hostDevices(c);
        long priv = Capabilities.mask(Capabilities.resolve(Set.of("ALL"), Set.of())) & BoundingSet.ofSelf();
        List<String> out = new ArrayList<>();
        for (String line : text.lines().toList()) {
            if (hostDevices.contains(line)) {
                continue;
            }
            String l = line.replace(tmp.toString(), "$TMP");
            if (l.startsWith("caps ")) {
                l = String.join(" ", Stream.of(l.split(" "))
                        .map(f -> f.equals(Long.toHexString(priv)) ? "$PRIVCAPS" : f).toList());
            }
            out.add(l);
        }
        return String.join("\n", out) + "\n";
    }

    /**
     * The golden texts were first each checked against the old path (HelperSpecs, before its removal): equal as
     * multisets, in the order of the mount-family lines and of each key's lines (the helper keeps each in a list
     * of its own), except for two intended differences: {@code reap 1} (HelperPlan always says it; it is the
     * helper's default) and an exec's relative {@code -w} made absolute against the sandbox's / (where the
     * helper's chdir from the joined mount namespace's root lands it anyway). Since, the exact text.
     * {@code -Dgolden.write=true} rewrites them (review the diff).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theHelpersInstructionsAreExactlyTheGoldenOnes(Case c) throws Exception {
        String text = plan(c);
        assertThat(text.lines().toList()).as(c.name() + ": the host's devices").containsAll(hostDevices(c));
        String actual = normalized(c, text);
        Path golden = Path.of("src/test/resources/golden/" + c.name() + ".txt");
        if (Boolean.getBoolean("golden.write")) {
            Files.writeString(golden, actual);
        }
        assertThat(actual).as(c.name()).isEqualTo(Files.readString(golden));
    }
}
