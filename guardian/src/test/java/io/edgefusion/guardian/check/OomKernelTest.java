package io.edgefusion.guardian.check;

import io.edgefusion.guardian.WorkloadRef;
import io.edgefusion.kernel.cgroup.LimitSettings;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** OOM and exit noticed by kernel events (eventfd / memory.events, pidfd), not by polling. */
class OomKernelTest {
    private final TestSandboxes ts = new TestSandboxes();
    private final Sandboxes sb = ts.sandboxes();

    @AfterEach
    void cleanUp() {
        ts.close();
    }

    @Test
    void anAllocationPastTheLimitIsReportedByTheKernelsNotification() throws Exception {
        // The fixture waits for /go (touched by exec once the watch is armed), then dd allocates a 64 MiB buffer
        // and fills it from /dev/zero: far past the 16 MiB limit, so the OOM killer ends dd; sh lives on.
        // memory+swap = memory: on a host with swap the kernel would otherwise page dd out and never OOM.
        String id = sb.run(ts.spec("sh", "-c", "while [ ! -e /go ]; do usleep 10000; done;"
                        + " dd if=/dev/zero of=/dev/null bs=64M count=1; exec sleep 1000")
                .withLimits(LimitSettings.none().withMemory(16L << 20).withMemorySwap(16L << 20)), true, OutputStream.nullOutputStream()).id();
        LinkedBlockingQueue<CheckOutcome> seen = new LinkedBlockingQueue<>();
        WorkloadRef w = new WorkloadRef("shop/oom", "1", id);
        try (KernelEvents events = new KernelEvents(sb, (ref, o) -> seen.add(o))) {
            events.watch(w);
            assertThat(sb.exec(id, List.of("touch", "/go"), java.util.Map.of(), null, null,
                    OutputStream.nullOutputStream())).isZero();
            CheckOutcome o = seen.poll(60, TimeUnit.SECONDS);
            assertThat(o).as("an OOM notice").isInstanceOf(CheckOutcome.Failed.class);
            CheckOutcome.Failed f = (CheckOutcome.Failed) o;
            assertThat(f.check()).isEqualTo("oom");
            assertThat(f.rule()).isEqualTo("resources.memory");
            assertThat(f.reason()).contains("OOM killer ended 1 process").contains("oom_kill 1")
                    .contains("raise resources.memory");

            sb.kill(id, 9);
            CheckOutcome exit = seen.poll(60, TimeUnit.SECONDS);
            assertThat(exit).isInstanceOf(CheckOutcome.Failed.class);
            assertThat(exit.check()).isEqualTo("exit");
            assertThat(((CheckOutcome.Failed) exit).reason()).contains("shop/oom ended");
        }
    }
}
