package io.edgefusion.platform.node.metrics;

import io.edgefusion.platform.module.NodeContext;
import io.edgefusion.platform.node.http.SmallHttp;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** {@code GET /metrics}: heap in use and thread count (feature jvm), in Prometheus text format. */
final class MetricsServer {
    private MetricsServer() {
    }

    static AutoCloseable start(NodeContext ctx) throws IOException {
        SmallHttp http = SmallHttp.listen(ctx, "metrics");
        boolean jvm = ctx.feature("jvm");
        MemoryMXBean memory = jvm ? ManagementFactory.getMemoryMXBean() : null;
        http.text("/metrics", () -> {
            StringBuilder sb = new StringBuilder("edgefusion_node_up 1\n");
            if (memory != null) {
                sb.append("jvm_heap_used_bytes ").append(memory.getHeapMemoryUsage().getUsed()).append('\n');
                sb.append("jvm_threads ").append(ManagementFactory.getThreadMXBean().getThreadCount()).append('\n');
            }
            return sb.toString();
        });
        return http;
    }
}
