package io.edgefusion.kernel.resources;

import io.edgefusion.kernel.cgroup.CgroupManager;
import io.edgefusion.kernel.cgroup.LimitSettings;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.kernel.testing.TestCgroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@KernelTest
class LimitWatcherKernelTest {
    private static final long MIB = 1L << 20;
    private final TestCgroup tc = new TestCgroup();

    @AfterEach
    void cleanUp() {
        tc.close();
    }

    @Test
    void noticesALimitChangedInPlaceWithinOneSecond() throws Exception {
        CgroupManager m = tc.create("watched");
        m.apply(LimitSettings.none().withMemory(256 * MIB).withCpus(1.0));
        BlockingQueue<LimitWatcher.Change> changes = new ArrayBlockingQueue<>(10);
        try (LimitWatcher w = LimitWatcher.start(() -> EffectiveResources.ofCgroup(tc.layout(), m.path()),
                LimitWatcher.DEFAULT_INTERVAL, changes::add)) {
            assertThat(changes.poll(600, TimeUnit.MILLISECONDS)).as("no change, no event").isNull();

            m.apply(LimitSettings.none().withMemory(128 * MIB));
            LimitWatcher.Change c = changes.poll(1, TimeUnit.SECONDS);
            assertThat(c).as("memory change seen within 1 s").isNotNull();
            assertThat(c.before().memoryLimit()).hasValue(256 * MIB);
            assertThat(c.after().memoryLimit()).hasValue(128 * MIB);
            assertThat(c.after().ergonomics().jvmMaxHeap()).hasValue(64 * MIB);

            m.apply(LimitSettings.none().withCpus(0.5));
            LimitWatcher.Change cpu = changes.poll(1, TimeUnit.SECONDS);
            assertThat(cpu).as("cpu change seen within 1 s").isNotNull();
            assertThat(cpu.after().quotaCpus()).hasValue(0.5);
        }
    }
}
