package io.edgefusion.node.sandboxes;

import io.edgefusion.node.NodeComponent;
import io.edgefusion.node.NodeServices;
import io.edgefusion.node.api.RouteTable;

import java.util.List;

/** The node's sandbox routes ({@link SandboxRoutes}). */
public final class SandboxesComponent implements NodeComponent {
    @Override
    public String name() {
        return "sandboxes";
    }

    @Override
    public AutoCloseable start(NodeServices s) {
        List<RouteTable.Route> routes = new SandboxRoutes(s.paths().root(), s.clock()).addTo(s.api());
        return () -> routes.forEach(RouteTable.Route::close);
    }
}
