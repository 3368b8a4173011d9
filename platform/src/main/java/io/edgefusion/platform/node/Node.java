package io.edgefusion.platform.node;

import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.hal.Hal;
import io.edgefusion.platform.hal.HalRegistry;
import io.edgefusion.platform.log.NodeLog;
import io.edgefusion.platform.log.TraceId;
import io.edgefusion.platform.module.ModuleCatalog;
import io.edgefusion.platform.module.NodeContext;
import io.edgefusion.platform.module.PlatformModule;
import io.edgefusion.platform.profile.Profile;

import com.sun.net.httpserver.HttpServer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A running node: the profile's modules started in order (core modules first, in the contract's order, then
 * the rest by name), the HAL as the profile configured it. Closing stops the modules in reverse.
 */
public final class Node implements AutoCloseable {
    /**
     * Set to 1 by {@code profile build} for its own starts: the build host is not the board, so the board's
     * devices are absent there; the node then says ready with a warning instead of exiting 3.
     */
    public static final String READY_WITHOUT_DEVICES = "EDGEFUSION_READY_WITHOUT_DEVICES";

    private final Hal hal;
    private final HalRegistry registry;
    private final List<AutoCloseable> running;
    private final List<String> started;
    private final List<String> notReady;

    private Node(Hal hal, HalRegistry registry, List<AutoCloseable> running, List<String> started,
                 List<String> notReady) {
        this.hal = hal;
        this.registry = registry;
        this.running = running;
        this.started = started;
        this.notReady = List.copyOf(notReady);
    }

    /** Starts a validated profile's modules; a module that fails to start stops the ones before it. */
    public static Node start(Profile profile, ModuleCatalog catalog, CoreContract contract, NodeLog log,
                             Path stateDir) throws Exception {
        return start(profile, catalog, contract, log, stateDir, Map.of());
    }

    /** As {@link #start(Profile, ModuleCatalog, CoreContract, NodeLog, Path)}, serving on the host's listeners. */
    public static Node start(Profile profile, ModuleCatalog catalog, CoreContract contract, NodeLog log,
                             Path stateDir, Map<String, HttpServer> listeners) throws Exception {
        HalRegistry registry = new HalRegistry(contract);
        List<String> core = List.copyOf(contract.coreModules().keySet());
        List<PlatformModule> order = catalog.all().stream().filter(m -> profile.enabled(m.name()))
                .sorted(Comparator.comparingInt((PlatformModule m) -> core.contains(m.name())
                        ? core.indexOf(m.name()) : core.size()).thenComparing(PlatformModule::name))
                .toList();
        List<AutoCloseable> running = new ArrayList<>();
        List<String> started = new ArrayList<>();
        List<String> notReady = new ArrayList<>();
        TraceId trace = TraceId.create();
        try {
            for (PlatformModule m : order) {
                NodeContext ctx = new NodeContext(contract, profile, profile.modules().get(m.name()), registry,
                        log.named(m.name()), stateDir, listeners);
                running.add(m.start(ctx));
                started.add(m.name());
                m.notReady(ctx).forEach(why -> notReady.add(m.name() + ": " + why));
            }
        } catch (Exception e) {
            log.error(trace, "module start failed after " + started + ": " + e);
            stopAll(running);
            throw e;
        }
        Hal hal = new Hal(registry, profile.hal().crypto(),
                profile.hal().effectiveModes(contract.stage(profile.stage())), profile.hal().devices());
        return new Node(hal, registry, running, started, notReady);
    }

    public Hal hal() {
        return hal;
    }

    public HalRegistry registry() {
        return registry;
    }

    /** Why a started module cannot serve ({@code module: reason}); empty when the node is ready. */
    public List<String> notReady() {
        return notReady;
    }

    /** Names of the started modules, in start order. */
    public List<String> modules() {
        return started;
    }

    @Override
    public void close() throws Exception {
        stopAll(running);
    }

    private static void stopAll(List<AutoCloseable> running) throws Exception {
        Exception first = null;
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        running.clear();
        if (first != null) {
            throw first;
        }
    }
}
