package io.edgefusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.kernel.testing.KernelTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@KernelTest
class MountinfoCommandKernelTest {
    @TempDir
    Path tmp;

    @Test
    void showsTheFlagsOfARealNoexecMountAndWhatTheyForbid() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("m"));
        Libc.mount("edgefusion-test", dir.toString(), "tmpfs", 8 /* MS_NOEXEC */ | 4 /* MS_NODEV */, "size=1m");
        try {
            CliRun text = CliRun.of("mountinfo", dir.toString());
            assertThat(text.exitCode()).as(text.err()).isZero();
            assertThat(text.out()).contains("tmpfs from edgefusion-test").contains("noexec").contains("execve")
                    .contains("nodev");
            JsonNode j = new ObjectMapper().readTree(CliRun.of("mountinfo", "--json", dir.toString()).out()).path("paths").get(0);
            assertThat(j.path("fsType").asText()).isEqualTo("tmpfs");
            assertThat(j.path("mountPoint").asText()).isEqualTo(dir.toRealPath().toString());
            assertThat(j.path("flags").findValuesAsText("flag")).contains("noexec", "nodev");
        } finally {
            Libc.umount2(dir.toString(), 2);
        }
    }
}
