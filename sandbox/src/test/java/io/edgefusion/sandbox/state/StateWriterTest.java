package io.edgefusion.sandbox.state;

import io.edgefusion.kernel.cgroup.LimitSettings;
import io.edgefusion.sandbox.spec.MountSpec;
import io.edgefusion.sandbox.spec.Network;
import io.edgefusion.sandbox.spec.SandboxSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The streaming writer and the databind reader agree on every field. */
class StateWriterTest {

    @Test
    void everyFieldRoundTrips() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("A", "1");
        env.put("SPACES", "a b\nc\"d");
        SandboxSpec spec = new SandboxSpec("web", List.of(Path.of("/l/top"), Path.of("/l/base")),
                List.of("sh", "-c", "echo \"hi\""), env, "/srv", "1000:100", "h1",
                LimitSettings.none().withMemory(64L << 20).withMemorySwap(128L << 20).withCpus(0.5)
                        .withCpuShares(512).withCpuset("0-1", "0").withPidsMax(64),
                Network.HOST, true, true, Set.of("NET_ADMIN"), Set.of("MKNOD", "NET_RAW"),
                List.of(new MountSpec.Bind(Path.of("/data"), "/data", true), new MountSpec.Tmpfs("/scratch")),
                List.of(new SandboxSpec.Rlimit("nofile", 1024, 4096)), false, true, "demo/app:1",
                new io.edgefusion.sandbox.spec.ExternalRoot("lowerdir=a:b,upperdir=/u,workdir=/w", Path.of("/l"),
                        Path.of("/u"), Path.of("/w")),
                new io.edgefusion.sandbox.spec.Stdio(true, true),
                new io.edgefusion.sandbox.spec.Security(new io.edgefusion.sandbox.spec.Seccomp.Custom("/p.json",
                        "{\"defaultAction\":\"SCMP_ACT_ALLOW\"}"), false, true),
                List.of(new io.edgefusion.sandbox.spec.DeviceSpec("/dev/loop0", "/dev/xvda", "rw")), null);
        SandboxState full = new SandboxState("ab".repeat(32), "web", spec, Status.EXITED, 1L, 2L, 3L, 4L, 5L, 6L, 10L,
                7L, 8L, 137, 9, true, "/edgefusion/x", Map.of("GOMAXPROCS", "1"), "oops");
        assertThat(Json.MAPPER.readValue(StateWriter.toBytes(full), SandboxState.class)).isEqualTo(full);

        SandboxState sparse = new SandboxState("cd".repeat(32), null, SandboxSpec.of(Path.of("/r"), List.of("true")),
                Status.CREATING, 1L, 2L, 3L, null, null, null, null, null, null, null, null, null, "/e/y", Map.of(), null);
        assertThat(Json.MAPPER.readValue(StateWriter.toBytes(sparse), SandboxState.class)).isEqualTo(sparse);
    }

    @Test
    void exitRecordsParseTheReapersFormatOnly() {
        Path f = Path.of("exit.json");
        assertThat(ExitRecord.parse("{\"pid\":7,\"exitCode\":137,\"signal\":9,\"startedAt\":1,\"finishedAt\":2}\n", f))
                .isEqualTo(new ExitRecord(7, 137, 9, 1, 2));
        assertThat(ExitRecord.parse("{\"pid\":7,\"exitCode\":0,\"signal\":null,\"startedAt\":1,\"finishedAt\":2}", f)
                .signal()).isNull();
        assertThatThrownBy(() -> ExitRecord.parse("{\"pid\":7}", f)).hasMessageContaining("exit.json");
    }
}
