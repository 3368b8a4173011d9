package io.edgefusion.platform.node.metrics;

import io.edgefusion.platform.module.ModuleBase;
import io.edgefusion.platform.module.NodeContext;

import java.util.Set;

/** Prometheus text metrics (service {@code metrics}); JVM figures come from java.management. */
public final class MetricsModule extends ModuleBase {
    public MetricsModule() {
        super("metrics", "Prometheus metrics endpoint, node and JVM figures", "prometheus", "jvm");
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
