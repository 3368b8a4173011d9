package io.edgefusion.sandbox.seccomp;

import io.edgefusion.kernel.sys.Trace;
import io.edgefusion.sandbox.spec.Capabilities;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.spec.Seccomp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compiled filters kept under {@code <state root>/cache/seccomp/<key>.bpf}: parsing and compiling the default
 * policy costs a cold CLI tens of milliseconds, reading 1.3 KiB back a few. The key covers everything the program
 * depends on: the policy (for the built-in one, the build that ships it), the build of the compiler and its
 * syscall tables (the jar's path, size and modification time; outside a jar, a digest of those files), the
 * architecture, the capability mask and the kernel's major.minor (for {@code minKernel}). Files are mode 0600 in a
 * 0700 directory and owned like it; anything else found there is ignored and rewritten.
 */
public final class SeccompCache {
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final int FILE_MODE_BITS = 0600;
    private static final List<Class<?>> COMPILER = List.of(FilterCompiler.class, BpfAssembler.class,
            BpfProgram.class, PolicyParser.class, LocatedJson.class, FilterTarget.class, SeccompAction.class,
            CompareOp.class, SyscallTable.class, SeccompFilters.class);
    private static volatile String build;

    private final Path dir;

    public SeccompCache(Path stateRoot) {
        this.dir = stateRoot.resolve("cache").resolve("seccomp");
    }

    /** The program for {@code spec} (from the cache when it holds it), or empty when it runs unconfined. */
    public Optional<BpfProgram> program(SandboxSpec spec) {
        if (spec.security().privileged() || spec.security().seccomp() instanceof Seccomp.Unconfined) {
            return Optional.empty();
        }
        Seccomp.Custom custom = spec.security().seccomp() instanceof Seccomp.Custom c ? c : null;
        FilterTarget target = FilterTarget.host(Capabilities.resolve(spec.capAdd(), spec.capDrop()));
        String policyKey = custom == null ? "default" : Long.toHexString(fnv(custom.json()));
        Path file = dir.resolve(buildPrefix() + Long.toHexString(fnv(policyKey + "|" + target.arch() + "|"
                + Long.toHexString(Capabilities.mask(target.caps())) + "|" + target.kernelMajor() + "."
                + target.kernelMinor())) + "-" + policyKey + ".bpf");
        Optional<BpfProgram> hit = read(file);
        if (hit.isPresent()) {
            Trace.mark("seccomp filter from the cache");
            return hit;
        }
        SeccompPolicy policy = custom == null ? SeccompFilters.defaultPolicy()
                : PolicyParser.parse(custom.json(), custom.source());
        BpfProgram p = FilterCompiler.compile(policy, target);
        write(file, p);
        Trace.mark("seccomp filter compiled (" + p.insns().size() + " instructions)");
        return Optional.of(p);
    }

    /** 64-bit FNV-1a: no provider to initialise in a cold JVM, and collisions are no attack here (root's files). */
    static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }

    /** Every file of this build starts so; a new build's first write removes the others. */
    static String buildPrefix() {
        return Long.toHexString(fnv(build())) + "-";
    }

    /** Identity of the compiler, tables and built-in policy: the jar's stat, or a digest of the files. */
    static String build() {
        String b = build;
        if (b == null) {
            b = jarStamp().orElseGet(SeccompCache::contentStamp);
            build = b;
        }
        return b;
    }

    private static Optional<String> jarStamp() {
        try {
            Path jar = Path.of(SeccompCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(jar)) {
                return Optional.empty();
            }
            return Optional.of(jar + ":" + Files.size(jar) + ":" + Files.getLastModifiedTime(jar).toMillis());
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static String contentStamp() {
        StringBuilder sb = new StringBuilder(SeccompFilters.defaultPolicyText());
        for (Arch a : Arch.values()) {
            sb.append(SeccompFilters.resource(a.tableName() + ".syscalls"));
        }
        for (Class<?> c : COMPILER) {
            try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
                if (in != null) {
                    sb.append(HexFormat.of().formatHex(in.readAllBytes()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return "content:" + Long.toHexString(fnv(sb.toString()));
    }

    private Optional<BpfProgram> read(Path file) {
        try {
            Map<String, Object> a = Files.readAttributes(file, "unix:mode,uid,size", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            long size = (Long) a.get("size");
            if ((mode & 0170000) != 0100000 || (mode & 07777) != FILE_MODE_BITS || size == 0 || size % 8 != 0
                    || size > 8L * BpfProgram.MAX_INSNS
                    || !a.get("uid").equals(Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS))) {
                return Optional.empty();
            }
            return Optional.of(BpfProgram.ofBytes(Files.readAllBytes(file)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a cache miss, never an error: the program is compiled instead
        }
    }
    /** Best effort: a cache that cannot be written only costs the next start its compile. */
    private void write(Path file, BpfProgram p) {
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rwx------")));
            Path tmp = Files.createTempFile(dir, ".bpf-", ".tmp", PosixFilePermissions.asFileAttribute(FILE_MODE));
            Files.write(tmp, p.bytes());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (var old = Files.newDirectoryStream(dir, p2 -> !p2.getFileName().toString().startsWith(
                    buildPrefix()) && !p2.getFileName().toString().startsWith("."))) {
                for (Path stale : old) {
                    Files.deleteIfExists(stale); // programs of an older build, never read again
                }
            }
        } catch (IOException e) {
            Trace.mark("seccomp cache not written: " + e.getMessage());
        }
    }
}
