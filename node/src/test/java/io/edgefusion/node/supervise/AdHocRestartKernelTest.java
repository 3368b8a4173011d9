package io.edgefusion.node.supervise;

import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.node.api.ApiRequest;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.Peer;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run -d --restart on-failure:2}: through the node's route, restarted under its name, up to N times. */
@KernelTest
class AdHocRestartKernelTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final Fixture f = Fixture.manual(clock, scheduler, sb -> (id, check) -> true);

    @AfterEach
    void tearDown() {
        f.close();
    }

    private ApiResponse post(String id, String policy) {
        return new AdHocRoutes(f.supervision.adHoc()).handle(new ApiRequest("POST", "/v1/sandboxes/" + id
                + "/restart-policy", Map.of(), ("{\"policy\":\"" + policy + "\"}").getBytes(StandardCharsets.UTF_8),
                new Peer(1, 0, 0)));
    }

    @Test
    void onFailureRestartsUpToItsLimitUnderTheSameName() throws Exception {
        String id = f.sandboxes().run(f.ts.spec("sleep", "600").withName("web"), true, OutputStream.nullOutputStream())
                .id();
        assertThat(post(id, "on-failure:2").status()).isEqualTo(200);
        assertThat(post(id, "sometimes").status()).isEqualTo(400);
        for (int round = 1; round <= 2; round++) {
            SandboxState s = f.sandboxes().inspect("web");
            Libc.kill(Math.toIntExact(s.pid()), Libc.SIGKILL);
            scheduler.awaitPending(WAIT);
            scheduler.advance(Duration.ofSeconds(1));
            assertThat(f.sandboxes().inspect("web").id()).isNotEqualTo(s.id());
            assertThat(f.sandboxes().inspect("web").status()).isEqualTo(Status.RUNNING);
        }
        // The third failure is one too many.
        Libc.kill(Math.toIntExact(f.sandboxes().inspect("web").pid()), Libc.SIGKILL);
        f.events.awaitNth("adhoc/web", "workload.exited", 3, WAIT);
        assertThat(scheduler.pending()).isEmpty();
        assertThat(f.supervision.store().adHoc().getFirst().restarts()).isEqualTo(2);
        assertThat(f.sandboxes().list()).hasSize(1);
    }
}
