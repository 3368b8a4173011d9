package io.edgefusion.guardian.check;

import io.edgefusion.guardian.KernelWaits;
import io.edgefusion.guardian.WorkloadRef;
import io.edgefusion.guardian.breaker.BreakerConfig;
import io.edgefusion.guardian.breaker.BreakerState;
import io.edgefusion.kernel.cgroup.Controller;
import io.edgefusion.kernel.cgroup.LimitSettings;
import io.edgefusion.platform.check.ContractChecks;
import io.edgefusion.platform.check.ProcNet;
import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Contract drift and limits drift on real sandboxes, through the scheduler, into evidence and the breaker. */
class DriftKernelTest {
    private final TestSandboxes ts = new TestSandboxes();
    private final Sandboxes sb = ts.sandboxes();
    private final Guarded g = new Guarded(sb, ts.root().resolve("state.db"));

    @AfterEach
    void cleanUp() {
        g.close();
        ts.close();
    }

    @Test
    void aPortOutsideTheContractIsReportedWithThePortAndTheRuleAndTripsTheBreaker() {
        String id = sb.run(ts.spec("httpd", "-f", "-p", "0.0.0.0:7777"), true, OutputStream.nullOutputStream()).id();
        SandboxState s = sb.inspect(id);
        KernelWaits.until("httpd listening", Duration.ofSeconds(20), () -> {
            try {
                return !ProcNet.listening(Path.of("/proc"), s.pid()).isEmpty();
            } catch (IOException e) {
                return false;
            }
        });
        WorkloadRef w = new WorkloadRef("shop/web", "2", id);
        g.breakers.register(w.name(), BreakerConfig.defaults());
        g.scheduler.watch(w, List.of(new ListeningCheck(new ContractChecks(CoreContract.builtIn()))),
                Duration.ofSeconds(1));

        CheckOutcome o = g.scheduler.runNow(w.name()).getFirst();
        assertThat(o).isInstanceOf(CheckOutcome.Failed.class);
        CheckOutcome.Failed f = (CheckOutcome.Failed) o;
        assertThat(f.rule()).isEqualTo("network.listen");
        assertThat(f.reason()).contains("0.0.0.0:7777").contains("network.listen").contains("shop/web")
                .contains("0.0.0.0:8080");
        assertThat(g.evidence.kinds()).containsExactly("check.failed");

        g.fire();
        g.fire(); // the third failure within the window opens it
        assertThat(g.evidence.kinds().stream().filter("check.failed"::equals)).hasSize(1);
        assertThat(g.breakers.get(w.name()).orElseThrow().state()).isEqualTo(BreakerState.OPEN);
        assertThat(g.trips).containsExactly(id);
        assertThat(g.evidence.kinds()).contains("breaker.transition", "trip.opened", "trip.isolate.done");
    }

    @Test
    void aMemoryLimitChangedBehindTheNodesBackIsDrift() throws IOException {
        long declared = 64L << 20;
        String id = sb.run(ts.spec("sleep", "1000").withLimits(LimitSettings.none().withMemory(declared)), true,
                OutputStream.nullOutputStream()).id();
        WorkloadRef w = new WorkloadRef("shop/web", "2", id);
        DeclaredLimits limits = new DeclaredLimits(OptionalLong.of(declared), OptionalDouble.empty(),
                OptionalLong.empty());
        g.scheduler.watch(w, List.of(new LimitsCheck(limits)), Duration.ofSeconds(1));
        assertThat(g.scheduler.runNow(w.name()).getFirst()).isInstanceOf(CheckOutcome.Ok.class);

        var dir = sb.cgroup(id).paths().dir(Controller.MEMORY).orElseThrow();
        Path file = dir.file(dir.unified() ? "memory.max" : "memory.limit_in_bytes");
        Files.writeString(file, Long.toString(declared * 2));

        CheckOutcome o = g.scheduler.runNow(w.name()).getFirst();
        assertThat(o).isInstanceOf(CheckOutcome.Failed.class);
        assertThat(((CheckOutcome.Failed) o).reason()).contains("memory is " + declared * 2).contains(file.toString())
                .contains("declares " + declared).contains("resources.memory");
        assertThat(g.evidence.kinds()).containsExactly("check.failed");

        Files.writeString(file, Long.toString(declared));
        assertThat(g.scheduler.runNow(w.name()).getFirst()).isInstanceOf(CheckOutcome.Ok.class);
        assertThat(g.evidence.kinds()).containsExactly("check.failed", "check.recovered");
    }
}
