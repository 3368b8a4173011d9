package io.edgefusion.node;

import com.sun.net.httpserver.HttpServer;
import io.edgefusion.node.api.MetricsRoutes;
import io.edgefusion.node.api.NodeApi;
import io.edgefusion.node.api.NodeInfo;
import io.edgefusion.node.api.NodeRoutes;
import io.edgefusion.node.api.RouteTable;
import io.edgefusion.node.events.EventHub;
import io.edgefusion.node.http.HttpConnection;
import io.edgefusion.node.http.SocketListener;
import io.edgefusion.node.http.TcpListener;
import io.edgefusion.node.platform.PlatformProfile;
import io.edgefusion.node.store.NodeDatabase;
import io.edgefusion.guardian.store.SqlException;
import io.edgefusion.platform.log.NodeLog;
import io.edgefusion.platform.log.TraceId;
import io.edgefusion.platform.node.Node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The resident node for one state root. {@link #start} takes {@code ROOT/node.lock} (a second node on the root is
 * refused in one line naming the pid that serves it), opens the database, validates and starts the profile's
 * platform modules (if a profile is given), binds the API and metrics listeners, starts the components, then
 * serves {@code ROOT/node.sock} and registers with {@link NodeApi} — and logs one {@code ready} line. Anything
 * that fails undoes what came before it. {@link #close} stops it all in reverse: the socket is removed and the lock
 * released last, so a new node can start the moment {@code close} returns.
 */
public final class NodeDaemon implements AutoCloseable {
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final NodePaths paths;
    private final NodeServices services;
    private final Deque<AutoCloseable> running;
    private final NodeInfo info;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Optional<TcpListener> api;
    private final Optional<TcpListener> metrics;

    private NodeDaemon(NodePaths paths, NodeServices services, Deque<AutoCloseable> running, NodeInfo info,
                       Optional<TcpListener> api, Optional<TcpListener> metrics) {
        this.paths = paths;
        this.services = services;
        this.running = running;
        this.info = info;
        this.api = api;
        this.metrics = metrics;
    }

    public static NodeDaemon start(NodeOptions options) throws NodeStartException {
        return start(options, NodeSetup.defaults());
    }

    public static NodeDaemon start(NodeOptions options, NodeSetup setup) throws NodeStartException {
        long t0 = System.nanoTime();
        NodePaths paths = new NodePaths(options.root());
        NodeLog log = new NodeLog("node", options.log());
        Deque<AutoCloseable> running = new ArrayDeque<>();
        running.push(NodeLock.take(paths));
        try {
            Instant started = setup.clock().instant();
            Optional<PlatformProfile> profile = options.profile().isPresent()
                    ? Optional.of(PlatformProfile.load(options.profile().get(), options.trustedKey(),
                    NodeMain.distribution())) : Optional.empty();
            NodeDatabase db = open(paths);
            running.push(db);
            RouteTable apiRoutes = new RouteTable();
            RouteTable metricsRoutes = new RouteTable();
            Optional<TcpListener> api = listen("api", options.apiListen(), profile, options.env(), apiRoutes);
            api.ifPresent(running::push);
            Optional<TcpListener> metrics = listen("metrics", options.metricsListen(), profile, options.env(),
                    metricsRoutes);
            metrics.ifPresent(running::push);
            List<String> modules = List.of();
            if (profile.isPresent()) {
                Node node = startModules(profile.get(), log, paths.root(), api, metrics, options.env());
                running.push(node);
                modules = node.modules();
            }
            EventHub events = new EventHub();
            NodeServices services = new NodeServices(paths, db, events, setup.clock(), apiRoutes, metricsRoutes,
                    started, profile);
            for (NodeComponent c : setup.components()) {
                try {
                    running.push(c.start(services));
                } catch (Exception e) {
                    throw new NodeStartException(NodeStartException.START_FAILED, "component " + c.name()
                            + ": " + oneLine(e), e);
                }
            }
            NodeInfo info = new NodeInfo(paths.root().toString(), ProcessHandle.current().pid(),
                    RFC3339.format(started), NodeVersion.version(), profile.map(p -> new NodeInfo.ProfileInfo(
                    p.file().toAbsolutePath().toString(), p.profile().platform(), String.valueOf(p.profile().stage()))), modules, new NodeInfo.Listeners(paths.socket().toString(),
                    api.map(l -> Listen.format(l.address())), metrics.map(l -> Listen.format(l.address()))));
            NodeRoutes.add(apiRoutes, () -> info);
            if (!metricsRoutes.serves("/metrics")) {
                MetricsRoutes.add(metricsRoutes, started);
            }
            try {
                running.push(setup.socket().bind(paths.socket(), new HttpConnection(apiRoutes)));
            } catch (IOException e) {
                throw new NodeStartException(NodeStartException.START_FAILED, oneLine(e), e);
            }
            running.push(NodeApi.register(paths.root(), apiRoutes));
            NodeDaemon d = new NodeDaemon(paths, services, running, info, api, metrics);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String where = "root=" + paths.root() + " socket=" + paths.socket() + " api="
                    + info.listeners().api().orElse("off") + " metrics=" + info.listeners().metrics().orElse("off");
            log.info(TraceId.create(), profile.map(p -> "ready platform=" + p.profile().platform() + " stage="
                    + info.profile().orElseThrow().stage() + " modules=" + String.join(",", info.modules())
                    + " start_ms=" + ms + " contract=" + p.contract().version() + " " + where)
                    .orElse("ready " + where + " start_ms=" + ms));
            return d;
        } catch (NodeStartException | RuntimeException e) {
            stopAll(running);
            if (e instanceof RuntimeException r) {
                throw new NodeStartException(NodeStartException.START_FAILED, "start failed: " + oneLine(r), r);
            }
            throw (NodeStartException) e;
        }
    }

    private static NodeDatabase open(NodePaths paths) throws NodeStartException {
        try {
            Files.createDirectories(paths.nodeDir());
            return NodeDatabase.open(paths);
        } catch (IOException | SqlException | java.io.UncheckedIOException e) {
            throw new NodeStartException(NodeStartException.START_FAILED, oneLine(e), e);
        }
    }

    private static Optional<TcpListener> listen(String service, Optional<Listen> given,
                                                Optional<PlatformProfile> profile, Map<String, String> env,
                                                RouteTable routes) throws NodeStartException {
        Listen l;
        try {
            l = ListenDefaults.of(service, given, profile.flatMap(p -> p.port(service)), env);
        } catch (IllegalArgumentException e) {
            throw new NodeStartException(NodeStartException.REFUSED, service + " listener: " + e.getMessage(), e);
        }
        if (l.off()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TcpListener.open(service, l, routes));
        } catch (IOException e) {
            throw new NodeStartException(NodeStartException.REFUSED, oneLine(e), e);
        }
    }

    /** The profile's modules on the node's listeners; not ready is exit 3 unless the build's own start says so. */
    private static Node startModules(PlatformProfile p, NodeLog log, Path stateDir, Optional<TcpListener> api,
                                     Optional<TcpListener> metrics, Map<String, String> env)
            throws NodeStartException {
        Map<String, HttpServer> listeners = new LinkedHashMap<>();
        api.ifPresent(l -> listeners.put("api", l.server()));
        metrics.ifPresent(l -> listeners.put("metrics", l.server()));
        Node node;
        try {
            node = Node.start(p.profile(), p.catalog(), p.contract(), log, stateDir, listeners);
        } catch (Exception e) {
            throw new NodeStartException(NodeStartException.START_FAILED, "start failed: " + e, e);
        }
        if (!node.notReady().isEmpty()) {
            String why = String.join("; ", node.notReady());
            if (!"1".equals(env.get(Node.READY_WITHOUT_DEVICES))) {
                log.error(TraceId.create(), "not ready platform=" + p.profile().platform() + ": " + why);
                closeQuietly(node);
                throw new NodeStartException(NodeStartException.NOT_READY, "not ready platform="
                        + p.profile().platform() + ": " + why);
            }
            log.warn(TraceId.create(), "ready without devices (" + Node.READY_WITHOUT_DEVICES + "=1): " + why);
        }
        return node;
    }

    public NodePaths paths() {
        return paths;
    }

    /** The database, event hub, clock and route tables the components got. */
    public NodeServices services() {
        return services;
    }

    public NodeInfo info() {
        return info;
    }

    /** The API listener's bound address (port 0 resolved), if it listens. */
    public Optional<InetSocketAddress> apiAddress() {
        return api.map(TcpListener::address);
    }

    public Optional<InetSocketAddress> metricsAddress() {
        return metrics.map(TcpListener::address);
    }

    /** Waits until {@link #close} has finished (another thread's, e.g. a signal's). */
    public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        return closed.await(timeout, unit);
    }

    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        synchronized (running) {
            stopAll(running);
        }
        closed.countDown();
    }

    private static void stopAll(Deque<AutoCloseable> running) {
        while (!running.isEmpty()) {
            closeQuietly(running.pop());
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            System.getLogger(NodeDaemon.class.getName()).log(System.Logger.Level.WARNING, "stop " + c + ": " + e);
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ');
    }
}
