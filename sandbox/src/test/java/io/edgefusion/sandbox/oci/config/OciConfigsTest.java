package io.edgefusion.sandbox.oci.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OciConfigsTest {
    @TempDir
    Path dir;

    private Path write(String json) throws Exception {
        Path f = dir.resolve("config.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void readsTheFieldsOfAConfig() throws Exception {
        OciConfig c = OciConfigs.read(write("""
                {"ociVersion":"1.0.2-dev","process":{"args":["sh"],"cwd":"/","user":{"uid":1,"gid":2,
                "additionalGids":[3],"umask":18},"rlimits":[{"type":"RLIMIT_NOFILE","soft":10,"hard":20}]},
                "root":{"path":"rootfs","readonly":true},"hostname":"h",
                "mounts":[{"destination":"/proc","type":"proc","source":"proc"}],
                "hooks":{"poststop":[{"path":"/bin/true","timeout":3}]},
                "linux":{"namespaces":[{"type":"mount"}],"resources":{"memory":{"limit":1048576},
                "pids":{"limit":5}},"seccomp":{"defaultAction":"SCMP_ACT_ALLOW"}},
                "somethingNew":{"x":1}}
                """));
        assertThat(c.process().user().additionalGids()).containsExactly(3L);
        assertThat(c.process().user().umask()).isEqualTo(18);
        assertThat(c.process().rlimits().getFirst().hard()).isEqualTo(20);
        assertThat(c.root().readonly()).isTrue();
        assertThat(c.hooks().poststop().getFirst().timeout()).isEqualTo(3);
        assertThat(c.linux().resources().memory().limit()).isEqualTo(1048576L);
        assertThat(c.linux().resources().pids().limit()).isEqualTo(5);
        assertThat(c.linux().seccomp().defaultAction()).isEqualTo("SCMP_ACT_ALLOW");
    }

    @Test
    void aTypeErrorNamesFileLineColumnAndField() throws Exception {
        Path f = write("{\"ociVersion\":\"1.2.0\",\n \"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\n"
                + "  \"user\":{\"uid\":\"root\"}}}");
        assertThatThrownBy(() -> OciConfigs.read(f)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ":3:")
                .hasMessageContaining("process.user.uid");
    }

    @Test
    void brokenJsonNamesTheLine() throws Exception {
        Path f = write("{\"ociVersion\":\"1.2.0\",\n\"process\": }");
        assertThatThrownBy(() -> OciConfigs.read(f)).hasMessageStartingWith(f + ":2:");
    }

    @Test
    void refusesVersionsOutsideOneZeroToOneTwo() throws Exception {
        Path f = write("{\"ociVersion\":\"2.0.0\",\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\"},\"root\":{\"path\":\"r\"}}");
        assertThatThrownBy(() -> OciConfigs.read(f)).hasMessage(f + ": ociVersion 2.0.0 is not supported (1.0.0 to 1.2.x)");
    }

    @Test
    void refusesAConfigWithoutArgsOrRoot() throws Exception {
        Path f = write("{\"ociVersion\":\"1.1.0\",\"process\":{\"cwd\":\"/\"},\"root\":{\"path\":\"r\"}}");
        assertThatThrownBy(() -> OciConfigs.read(f)).hasMessageContaining("process.args");
        Path g = write("{\"ociVersion\":\"1.1.0\",\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\"}}");
        assertThatThrownBy(() -> OciConfigs.read(g)).hasMessageContaining("root.path is required");
    }

    @Test
    void aMissingFileIsOneLine() {
        Path f = dir.resolve("nope.json");
        assertThatThrownBy(() -> OciConfigs.read(f)).hasMessage(f + ": no such file");
    }
}
