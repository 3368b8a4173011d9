package io.edgefusion.sandbox.seccomp;

import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.spec.Seccomp;
import io.edgefusion.sandbox.spec.Security;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The on-disk cache of compiled filters: same program back, one file per input, and untrusted files ignored. */
class SeccompCacheTest {
    @TempDir
    Path root;

    private static SandboxSpec spec() {
        return SandboxSpec.of(Path.of("/"), List.of("true"));
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> s = Files.list(root.resolve("cache/seccomp"))) {
            return s.toList();
        }
    }

    @Test
    void aHitIsTheCompiledProgramAndEachInputHasItsOwnFile() throws Exception {
        SeccompCache cache = new SeccompCache(root);
        BpfProgram fresh = SeccompFilters.forSpec(spec()).orElseThrow();
        assertThat(cache.program(spec()).orElseThrow()).isEqualTo(fresh);
        assertThat(files()).hasSize(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files().getFirst())))
                .isEqualTo("rw-------");
        assertThat(cache.program(spec()).orElseThrow()).isEqualTo(fresh);
        SandboxSpec admin = spec().withCapabilities(Set.of("SYS_ADMIN"), Set.of());
        assertThat(cache.program(admin).orElseThrow()).isEqualTo(SeccompFilters.forSpec(admin).orElseThrow())
                .isNotEqualTo(fresh);
        SandboxSpec custom = spec().withSecurity(new Security(new Seccomp.Custom("p.json",
                "{\"defaultAction\": \"SCMP_ACT_ALLOW\"}"), true, false));
        assertThat(cache.program(custom).orElseThrow()).isEqualTo(SeccompFilters.forSpec(custom).orElseThrow());
        assertThat(files()).hasSize(3);
        assertThat(cache.program(spec().withSecurity(new Security(new Seccomp.Unconfined(), true, false)))).isEmpty();
        // --privileged gives up the filter whatever the seccomp option says
        assertThat(cache.program(spec().withSecurity(new Security(new Seccomp.DefaultPolicy(), true, true)))).isEmpty();
        assertThat(SeccompFilters.forSpec(spec().withSecurity(new Security(new Seccomp.DefaultPolicy(), true, true))))
                .isEmpty();
    }

    @Test
    void aFileWithTheWrongModeOrContentIsIgnoredAndRewritten() throws Exception {
        SeccompCache cache = new SeccompCache(root);
        BpfProgram fresh = cache.program(spec()).orElseThrow();
        Path f = files().getFirst();
        // A permissive one-instruction program ("ret ALLOW") planted with a loose mode is not trusted.
        Files.write(f, new BpfProgram(List.of(new BpfProgram.Insn(BpfProgram.RET_K, 0, 0,
                SeccompAction.RET_ALLOW))).bytes());
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(cache.program(spec()).orElseThrow()).isEqualTo(fresh);
        Files.write(f, new byte[5]);
        assertThat(cache.program(spec()).orElseThrow()).isEqualTo(fresh);
    }
}
