package io.edgefusion.node.supervise;

import io.edgefusion.node.deploy.Resources;
import io.edgefusion.node.deploy.RestartPolicy;
import io.edgefusion.node.deploy.WorkloadSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A workload's network and ports survive the node's durable state; records written before them still read. */
class SpecCodecNetworkTest {
    private static WorkloadSpec w(List<String> ports, Optional<String> network) {
        return new WorkloadSpec("api", new WorkloadSpec.Source.Image("demo/api:1"), List.of("httpd"), Map.of(),
                Resources.none(), new RestartPolicy(RestartPolicy.Mode.ALWAYS, Duration.ofMillis(100),
                Duration.ofSeconds(10)), Optional.empty(), List.of(), ports, network);
    }

    @Test
    void networkAndPortsRoundTrip() {
        WorkloadSpec with = w(List.of("127.0.0.1:8080:80", "5353:53/udp"), Optional.of("plant"));
        assertThat(SpecCodec.workload(SpecCodec.workload(with))).isEqualTo(with);
        WorkloadSpec without = w(List.of(), Optional.empty());
        String json = SpecCodec.workload(without);
        assertThat(json).doesNotContain("ports").doesNotContain("network");
        assertThat(SpecCodec.workload(json)).isEqualTo(without);
    }
}
