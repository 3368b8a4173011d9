package io.edgefusion.kernel.cgroup;

import io.edgefusion.kernel.sys.UnsupportedHost;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.kernel.testing.Processes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The v2 manager against this host's real cgroup2 mount. On this hybrid machine the mount offers no resource
 * controller, but every v2 core file works: create, attach, cgroup.freeze/events, cgroup.kill, cpu.stat, PSI.
 * (A pure-v2 host's controller files are covered by the fixture tests.)
 */
@KernelTest
class V2CoreKernelTest {
    private final Processes procs = new Processes();
    private CgroupLayout layout;
    private V2CgroupManager m;

    @BeforeEach
    void setUp() {
        layout = CgroupLayout.discover();
        assertThat(layout.unifiedMount()).as("this host mounts cgroup2").isPresent();
        m = new V2CgroupManager(layout, "/edgefusion-test-" + UUID.randomUUID().toString().substring(0, 8) + "/v2");
    }

    @AfterEach
    void tearDown() {
        procs.close();
        V2CgroupManager top = new V2CgroupManager(layout, m.path().substring(0, m.path().lastIndexOf('/')));
        top.killAll();
        top.remove();
    }

    @Test
    void coreLifecycleOnTheRealCgroup2Mount() throws Exception {
        m.create();
        assertThat(m.dir()).isDirectory();
        Process busy = procs.sh("while :; do :; done");
        m.addTask(busy.pid());
        assertThat(m.pids()).containsExactly(busy.pid());

        m.freeze();
        assertThat(m.freezerState()).isEqualTo(FreezerState.FROZEN);
        CgroupManagerKernelTest.assertGetsNoCpuWhileAControlLoopRuns(procs, busy.pid());
        m.thaw();
        assertThat(m.freezerState()).isEqualTo(FreezerState.THAWED);

        CgroupStats s = StatsReader.read(layout.pathsOf(m.path()));
        assertThat(s.cpuPressure()).as("PSI per cgroup comes from the cgroup2 side").isPresent();

        m.killAll();
        assertThat(busy.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(busy.exitValue()).isEqualTo(137);
        assertThat(m.pids()).isEmpty();
        m.remove();
        assertThat(m.dir()).doesNotExist();
    }

    @Test
    void aLimitForAControllerTheMountLacksIsATypedErrorNamingTheDirectory() {
        m.create();
        if (layout.unifiedMount().orElseThrow().has("memory")) {
            return; // a v2 host: the fixture and manager tests cover real limits there
        }
        assertThatThrownBy(() -> m.apply(LimitSettings.none().withMemory(1 << 26)))
                .isInstanceOf(UnsupportedHost.class)
                .hasMessageContaining("memory")
                .hasMessageContaining(m.dir().toString())
                .hasMessageContaining("cgroup.controllers");
    }
}
