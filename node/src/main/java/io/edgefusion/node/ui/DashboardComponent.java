package io.edgefusion.node.ui;

import io.edgefusion.node.NodeComponent;
import io.edgefusion.node.NodeServices;
import io.edgefusion.node.api.ApiErrors;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.ApiRoutes;
import io.edgefusion.node.api.RouteTable;
import io.edgefusion.node.supervise.InstanceStore;

import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard: {@code GET /} and {@code /ui/...} serve one page (HTML, CSS, JS from the node jar) that shows
 * the deployments, their workloads with state, health and breaker, the revisions, the evidence timeline and live
 * CPU, memory and throttling charts, all read from the node's own API. It adds the reads the page needs and no
 * other component serves: {@code /v1/workloads}, {@code /v1/evidence}, and an empty {@code /v1/breakers} while no
 * circuit breaker answers it. Starts after supervision (whose tables it reads) and after the breaker.
 */
public final class DashboardComponent implements NodeComponent {
    @Override
    public String name() {
        return "dashboard";
    }

    @Override
    public AutoCloseable start(NodeServices s) {
        UiAssets assets = UiAssets.load();
        RouteTable api = s.api();
        EvidenceRoutes evidence = new EvidenceRoutes(s.database(), s.clock());
        WorkloadRoutes workloads = new WorkloadRoutes(new InstanceStore(s.database(), s.clock()));
        List<RouteTable.Route> routes = new ArrayList<>();
        try {
            routes.add(api.get("/", (r, p) -> assets.serve(r, "index.html")));
            routes.add(api.mount("/ui", ui(assets)));
            routes.add(api.get("/v1/workloads", (r, p) -> workloads.list(r)));
            routes.add(api.get("/v1/evidence", (r, p) -> evidence.list(r)));
            if (!api.serves("/v1/breakers")) {
                // A mount, so a breaker route added later still wins over the stub.
                routes.add(api.mount("/v1/breakers", BreakerStub.routes()));
            }
        } catch (RuntimeException e) {
            routes.forEach(RouteTable.Route::close);
            throw e;
        }
        return () -> routes.forEach(RouteTable.Route::close);
    }

    /** {@code /ui} and {@code /ui/} are the page; {@code /ui/NAME} one of its files; GET and HEAD only. */
    private static ApiRoutes ui(UiAssets assets) {
        return r -> {
            if (!r.method().equalsIgnoreCase("GET") && !r.method().equalsIgnoreCase("HEAD")) {
                return ApiErrors.error(405, r.method() + " " + r.path() + ": method not allowed (allow: GET)");
            }
            String rest = r.path().substring("/ui".length());
            if (rest.isEmpty() || rest.equals("/")) {
                return assets.serve(r, "index.html");
            }
            String name = rest.substring(1);
            if (name.contains("/")) {
                return ApiErrors.notFound("no dashboard file " + r.path());
            }
            return assets.serve(r, name);
        };
    }
}
