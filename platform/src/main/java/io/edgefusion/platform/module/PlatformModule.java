package io.edgefusion.platform.module;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One of the node's own capabilities (api, metrics, diagnose, audit, hal.crypto, hal.serial, …), found through
 * {@link java.util.ServiceLoader}. A profile enables a subset and toggles features inside them. An
 * implementation is a small descriptor: its {@code start} is the first place that may touch the module's
 * heavier classes, so a node whose runtime lacks a disabled module's JDK modules still loads the descriptor.
 */
public interface PlatformModule {
    /** The name profiles use, e.g. {@code hal.crypto}. */
    String name();

    String description();

    /** Features a profile may toggle; a profile that lists none gets them all. */
    Set<String> features();

    /** Parts a profile may switch off with {@code disabled_components}. */
    default Set<String> components() {
        return Set.of();
    }

    /** Device kinds this module serves (profiles' {@code hal.devices[].kind}). */
    default Set<String> deviceKinds() {
        return Set.of();
    }

    /** Services this module listens for (profiles' {@code services:} keys). */
    default Set<String> services() {
        return Set.of();
    }

    /**
     * Libraries (jar file name prefixes from the module jar's Class-Path) that only some features need, so a
     * trimmed node without those features leaves the library out.
     */
    default Map<String, List<String>> featureLibraries() {
        return Map.of();
    }

    /** Starts the module in a node; the handle stops it. */
    AutoCloseable start(NodeContext context) throws Exception;

    /**
     * After start: why the module cannot serve yet (e.g. a device the profile names is absent), one reason per
     * line; empty when ready. A node with any reason does not report ready.
     */
    default List<String> notReady(NodeContext context) {
        return List.of();
    }
}
