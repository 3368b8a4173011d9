package io.edgefusion.node.api;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The node's API as a table: method + path pattern ({@link PathPattern}, {@code {name}} segments) → handler.
 * Components add their routes when they start ({@link #add}) and remove them when they stop (closing the
 * returned {@link Route}). A path no route matches is 404; a path matched by other methods only is 405 with an
 * {@code Allow} list in the message; a handler that throws is 500 — all as {@link ApiErrors} JSON.
 */
public final class RouteTable implements ApiRoutes {
    private static final System.Logger LOG = System.getLogger(RouteTable.class.getName());

    /** A handler; {@code params} holds the path's {@code {name}} values. */
    @FunctionalInterface
    public interface Handler {
        ApiResponse handle(ApiRequest request, Map<String, String> params) throws Exception;
    }

    /** An added route; closing removes it. */
    public interface Route extends AutoCloseable {
        String method();

        PathPattern path();

        @Override
        void close();
    }

    private record Entry(String method, PathPattern path, Handler handler, RouteTable table) implements Route {
        @Override
        public void close() {
            table.routes.remove(this);
        }
    }

    private record Mount(String prefix, ApiRoutes routes, RouteTable table) implements Route {
        @Override
        public String method() {
            return "*";
        }

        @Override
        public PathPattern path() {
            return PathPattern.of(prefix);
        }

        @Override
        public void close() {
            table.mounts.remove(this);
        }

        boolean covers(String path) {
            return path.equals(prefix) || path.startsWith(prefix + "/");
        }
    }

    private final List<Entry> routes = new CopyOnWriteArrayList<>();
    private final List<Mount> mounts = new CopyOnWriteArrayList<>();

    /**
     * Hands every request at or below {@code prefix} that no route of the table matches to {@code sub}, a
     * component that matches its own paths (deployments, events, stats, metrics).
     */
    public Route mount(String prefix, ApiRoutes sub) {
        synchronized (routes) {
            for (Mount m : mounts) {
                if (m.prefix.equals(prefix)) {
                    throw new IllegalStateException("prefix " + prefix + " is taken");
                }
            }
            Mount m = new Mount(prefix, sub, this);
            mounts.add(m);
            return m;
        }
    }

    /** Whether a route or mount answers {@code path} already. */
    public boolean serves(String path) {
        return mounts.stream().anyMatch(m -> m.covers(path))
                || routes.stream().anyMatch(e -> e.path.match(path).isPresent());
    }

    /**
     * Adds {@code METHOD path → handler}. Refuses a route whose method and pattern shape (literals, with every
     * {@code {name}} alike) another route already has: two components must not answer one request.
     */
    public Route add(String method, String path, Handler handler) {
        PathPattern p = PathPattern.of(path);
        String m = method.toUpperCase(java.util.Locale.ROOT);
        synchronized (routes) {
            for (Entry e : routes) {
                if (e.method.equals(m) && shape(e.path).equals(shape(p))) {
                    throw new IllegalStateException("route " + m + " " + path + " is taken (" + e.path.text() + ")");
                }
            }
            Entry e = new Entry(m, p, handler, this);
            routes.add(e);
            return e;
        }
    }

    public Route get(String path, Handler handler) {
        return add("GET", path, handler);
    }

    public Route post(String path, Handler handler) {
        return add("POST", path, handler);
    }

    public Route delete(String path, Handler handler) {
        return add("DELETE", path, handler);
    }

    /** Every route as {@code METHOD pattern}, sorted (for {@code GET /v1/node} and docs). */
    public List<String> list() {
        return java.util.stream.Stream.concat(routes.stream().map(e -> e.method + " " + e.path.text()),
                mounts.stream().map(m -> "* " + m.prefix + "/...")).sorted().toList();
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        String method = request.method().toUpperCase(java.util.Locale.ROOT);
        TreeSet<String> allowed = new TreeSet<>();
        // Literal segments beat {name} ones: /v1/deployments/history before /v1/deployments/{name}.
        Entry best = null;
        Map<String, String> bestParams = null;
        for (Entry e : routes) {
            Optional<Map<String, String>> params = e.path.match(request.path());
            if (params.isEmpty()) {
                continue;
            }
            boolean sameMethod = e.method.equals(method) || (method.equals("HEAD") && e.method.equals("GET"));
            if (!sameMethod) {
                allowed.add(e.method);
                continue;
            }
            if (best == null || params.get().size() < bestParams.size()) {
                best = e;
                bestParams = params.get();
            }
        }
        if (best == null) {
            for (Mount m : mounts) {
                if (m.covers(request.path())) {
                    return guarded(request, () -> m.routes.handle(request));
                }
            }
            return allowed.isEmpty() ? ApiErrors.notFound("no route " + request.path())
                    : ApiErrors.error(405, request.method() + " " + request.path() + ": method not allowed (allow: "
                    + String.join(", ", allowed) + ")");
        }
        Entry chosen = best;
        Map<String, String> chosenParams = bestParams;
        return guarded(request, () -> chosen.handler.handle(request, chosenParams));
    }

    private interface Call {
        ApiResponse call() throws Exception;
    }

    private static ApiResponse guarded(ApiRequest request, Call call) {
        try {
            return call.call();
        } catch (ApiException e) {
            return ApiErrors.error(e.status(), e.getMessage());
        } catch (Exception e) {
            LOG.log(Level.WARNING, request.method() + " " + request.path() + ": " + e);
            return ApiErrors.error(500, request.method() + " " + request.path() + ": " + oneLine(e));
        }
    }

    private static String shape(PathPattern p) {
        List<String> s = new ArrayList<>();
        for (String seg : p.segments()) {
            s.add(seg.startsWith("{") ? "{}" : seg);
        }
        return String.join("/", s);
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ');
    }
}
