package io.edgefusion.kernel.proc;

import io.edgefusion.kernel.sys.MalformedKernelFile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcCgroupTest {
    private static final Path SRC = Path.of("/proc/1/cgroup");

    @Test
    void parsesV1NamedAndUnifiedLines() {
        ProcCgroup pc = ProcCgroup.parse("""
                9:name=systemd:/
                4:memory:/process_api/777b
                2:cpu,cpuacct:/a:b
                0::/
                """, SRC);
        assertThat(pc.v1("memory")).get().extracting(ProcCgroup.Line::path).isEqualTo("/process_api/777b");
        // a path may contain ':'; only the first two colons separate fields
        assertThat(pc.v1("cpuacct")).get().extracting(ProcCgroup.Line::path).isEqualTo("/a:b");
        assertThat(pc.v1("name=systemd")).isPresent();
        assertThat(pc.unified()).get().extracting(ProcCgroup.Line::path).isEqualTo("/");
        assertThat(pc.v1("pids")).isEmpty();
    }

    @Test
    void rejectsGarbage() {
        assertThatThrownBy(() -> ProcCgroup.parse("", SRC)).isInstanceOf(MalformedKernelFile.class)
                .hasMessageContaining("no cgroup lines");
        assertThatThrownBy(() -> ProcCgroup.parse("nonsense\n", SRC)).isInstanceOf(MalformedKernelFile.class)
                .hasMessageContaining(SRC.toString());
        assertThatThrownBy(() -> ProcCgroup.parse("x:memory:/a\n", SRC)).isInstanceOf(MalformedKernelFile.class)
                .hasMessageContaining("hierarchy id");
        assertThatThrownBy(() -> ProcCgroup.parse("4:memory:relative\n", SRC))
                .isInstanceOf(MalformedKernelFile.class).hasMessageContaining("does not start with /");
    }

    @Test
    void readsOwnProcessLive() {
        ProcCgroup pc = ProcCgroup.ofPid(ProcessHandle.current().pid());
        assertThat(pc.lines()).isNotEmpty();
    }
}
