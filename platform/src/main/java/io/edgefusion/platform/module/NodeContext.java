package io.edgefusion.platform.module;

import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.hal.HalRegistry;
import io.edgefusion.platform.log.NodeLog;
import io.edgefusion.platform.profile.Profile;

import com.sun.net.httpserver.HttpServer;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a starting module gets: the contract, the profile and its own choice in it, the HAL registry, a log, and
 * the listeners its host already bound by service name ({@code api}, {@code metrics}): inside the node, a module
 * adds its paths to the node's listener for its service instead of binding the port a second time.
 */
public record NodeContext(CoreContract contract, Profile profile, Profile.ModuleChoice choice, HalRegistry hal,
                          NodeLog log, Path stateDir, Map<String, HttpServer> listeners) {
    public NodeContext {
        listeners = Map.copyOf(listeners);
    }

    /** A module on its own: it binds its service's port itself. */
    public NodeContext(CoreContract contract, Profile profile, Profile.ModuleChoice choice, HalRegistry hal,
                       NodeLog log, Path stateDir) {
        this(contract, profile, choice, hal, log, stateDir, Map.of());
    }

    public boolean feature(String name) {
        return choice.hasFeature(name);
    }

    /** The port a service takes from configuration: the profile, overridden by {@code EDGEFUSION_PORT_<NAME>}. */
    public int port(String service) {
        String env = System.getenv("EDGEFUSION_PORT_" + service.toUpperCase().replace('.', '_'));
        if (env != null) {
            return Integer.parseInt(env.trim());
        }
        Integer p = profile.servicePorts().get(service);
        if (p == null) {
            throw new IllegalStateException("the profile sets no port for service " + service);
        }
        return p;
    }
}
