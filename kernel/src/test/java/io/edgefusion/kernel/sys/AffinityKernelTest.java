package io.edgefusion.kernel.sys;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.kernel.testing.Processes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The /proc rendering of a process's CPU mask is the mask sched_getaffinity returns. */
@KernelTest
class AffinityKernelTest {
    private final Processes procs = new Processes();

    @AfterEach
    void tearDown() {
        procs.close();
    }

    @Test
    void procStatusAndSchedGetaffinityAgreeForANarrowedProcess() throws Exception {
        Process p = procs.sh("exec taskset -c 0 sleep 60");
        long deadline = System.currentTimeMillis() + 5000;
        while (!CpuSet.affinityOf(p.pid()).equals(CpuSet.parse("0", null)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertThat(CpuSet.affinityOf(p.pid())).isEqualTo(CpuSet.parse("0", null));
        assertThat(CpuSet.schedAffinity((int) p.pid())).isEqualTo(CpuSet.parse("0", null));
        long self = ProcessHandle.current().pid();
        assertThat(CpuSet.affinityOf(self)).isEqualTo(CpuSet.schedAffinity((int) self));
    }
}
