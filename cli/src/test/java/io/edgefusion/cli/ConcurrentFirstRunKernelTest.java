package io.edgefusion.cli;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.RepeatedTest;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node runs commands while its other threads start processes: the first run in a fresh state root, which
 * installs the helper there, must start even when another thread's fork still holds the fd the helper was just
 * written through (execve says ETXTBSY for that moment). Found as a rare failure of two callers at once.
 */
@KernelTest
class ConcurrentFirstRunKernelTest {
    @RepeatedTest(20)
    void theFirstRunOnAFreshRootStartsWhileAnotherThreadSpawnsProcesses() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread spawner = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                try {
                    new ProcessBuilder("true").start().waitFor();
                } catch (Exception e) {
                    return;
                }
            }
        });
        try (TestSandboxes ts = new TestSandboxes()) {
            CliRun r = CliRun.under(ts.root(), "run", "--rm", "builtin:busybox", "--", "true");
            assertThat(r.exitCode()).as(r.err()).isZero();
        } finally {
            stop.set(true);
            spawner.join();
        }
    }
}
