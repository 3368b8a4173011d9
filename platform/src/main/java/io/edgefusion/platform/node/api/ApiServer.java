package io.edgefusion.platform.node.api;

import io.edgefusion.platform.module.NodeContext;
import io.edgefusion.platform.node.http.SmallHttp;

import java.io.IOException;

/** {@code GET /healthz} (feature health) and {@code GET /deployments} (feature deployments, empty for now). */
final class ApiServer {
    private ApiServer() {
    }

    static AutoCloseable start(NodeContext ctx) throws IOException {
        SmallHttp http = SmallHttp.listen(ctx, "api");
        if (ctx.feature("health")) {
            http.text("/healthz", () -> "ok " + ctx.profile().platform() + "\n");
        }
        if (ctx.feature("deployments")) {
            http.text("/deployments", () -> "[]\n");
        }
        return http;
    }
}
