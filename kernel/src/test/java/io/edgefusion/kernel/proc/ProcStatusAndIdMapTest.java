package io.edgefusion.kernel.proc;

import io.edgefusion.kernel.sys.MalformedKernelFile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** /proc/PID/status's namespace lines and uid_map, from text shaped like the kernel's (5.15, a sandbox's PID 1). */
class ProcStatusAndIdMapTest {
    private static final Path SRC = Path.of("/proc/20095/status");

    @Test
    void statusGivesNsPidsParentAndIds() {
        ProcStatus s = ProcStatus.parse("""
                Name:\tsleep
                Tgid:\t20095
                Pid:\t20095
                PPid:\t20093
                Uid:\t100000\t100000\t100000\t100000
                Gid:\t100000\t100000\t100000\t100000
                NSpid:\t20095\t1
                """, SRC);
        assertThat(s.ppid()).isEqualTo(20093);
        assertThat(s.nsPids()).containsExactly(20095L, 1L);
        assertThat(s.innermostPid()).isEqualTo(1);
        assertThat(s.uids().get(1)).isEqualTo(100000);
    }

    @Test
    void statusWithoutNsPidIsMalformed() {
        assertThatThrownBy(() -> ProcStatus.parse("PPid:\t1\nUid:\t0 0 0 0\n", SRC))
                .isInstanceOf(MalformedKernelFile.class).hasMessageContaining("/proc/20095/status");
    }

    @Test
    void idMapTranslatesHostIdsIntoTheNamespace() {
        IdMap m = IdMap.parse("         0     100000      65536\n", Path.of("/proc/1/uid_map"));
        assertThat(m.ranges()).containsExactly(new IdMap.Range(0, 100000, 65536));
        assertThat(m.inside(100000)).hasValue(0);
        assertThat(m.inside(101000)).hasValue(1000);
        assertThat(m.inside(165536)).isEmpty();
        assertThat(m.inside(0)).isEmpty();
        assertThat(IdMap.parse("0 0 4294967295\n", Path.of("x")).inside(1234)).hasValue(1234);
        assertThatThrownBy(() -> IdMap.parse("0 x\n", Path.of("x"))).isInstanceOf(MalformedKernelFile.class);
        assertThat(List.of(m.ranges().getFirst().toString())).containsExactly("0 100000 65536");
    }
}
