package io.edgefusion.platform.node.metrics;

import io.edgefusion.platform.module.NodeContext;
import io.edgefusion.platform.module.PlatformModule;

import java.util.Set;

/** Prometheus text metrics (service {@code metrics}); JVM figures come from java.management. */
public final class MetricsModule implements PlatformModule {
    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public String description() {
        return "Prometheus metrics endpoint, node and JVM figures";
    }

    @Override
    public Set<String> features() {
        return Set.of("prometheus", "jvm");
    }

    @Override
    public Set<String> services() {
        return Set.of("metrics");
    }

    @Override
    public AutoCloseable start(NodeContext context) throws Exception {
        return MetricsServer.start(context);
    }
}
