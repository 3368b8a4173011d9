package io.edgefusion.platform.node.api;

import io.edgefusion.platform.module.ModuleBase;
import io.edgefusion.platform.module.NodeContext;

import java.util.Set;

/** The node's HTTP API (service {@code api}); the server itself lives in {@link ApiServer}. */
public final class ApiModule extends ModuleBase {
    public ApiModule() {
        super("api", "HTTP API: health and deployments", "health", "deployments");
    }

    @Override
    public Set<String> services() {
        return Set.of("api");
    }

    @Override
    public AutoCloseable start(NodeContext context) throws Exception {
        return ApiServer.start(context);
    }
}
