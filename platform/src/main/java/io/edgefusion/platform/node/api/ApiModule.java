package io.edgefusion.platform.node.api;

import io.edgefusion.platform.module.NodeContext;
import io.edgefusion.platform.module.PlatformModule;

import java.util.Set;

/** The node's HTTP API (service {@code api}); the server itself lives in {@link ApiServer}. */
public final class ApiModule implements PlatformModule {
    @Override
    public String name() {
        return "api";
    }

    @Override
    public String description() {
        return "HTTP API: health and deployments";
    }

    @Override
    public Set<String> features() {
        return Set.of("health", "deployments");
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
