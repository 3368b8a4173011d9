package io.edgefusion.platform.module;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** The platform modules on a class path, discovered through {@link ServiceLoader}, by name. */
public final class ModuleCatalog {
    private final Map<String, PlatformModule> modules;

    private ModuleCatalog(Map<String, PlatformModule> modules) {
        this.modules = modules;
    }

    /** Every {@link PlatformModule} that {@code loader} can see. Two modules of one name is a packaging error. */
    public static ModuleCatalog discover(ClassLoader loader) {
        Map<String, PlatformModule> found = new TreeMap<>();
        for (PlatformModule m : ServiceLoader.load(PlatformModule.class, loader)) {
            PlatformModule prev = found.putIfAbsent(m.name(), m);
            if (prev != null && prev.getClass() != m.getClass()) {
                throw new IllegalStateException("two platform modules are named " + m.name() + ": "
                        + prev.getClass().getName() + " and " + m.getClass().getName());
            }
        }
        return new ModuleCatalog(found);
    }

    /** The modules this platform build can see (its own class loader). */
    public static ModuleCatalog discover() {
        return discover(ModuleCatalog.class.getClassLoader());
    }

    public static ModuleCatalog of(Collection<PlatformModule> modules) {
        Map<String, PlatformModule> m = new TreeMap<>();
        modules.forEach(x -> m.put(x.name(), x));
        return new ModuleCatalog(m);
    }

    public Optional<PlatformModule> get(String name) {
        return Optional.ofNullable(modules.get(name));
    }

    public Set<String> names() {
        return modules.keySet();
    }

    public Collection<PlatformModule> all() {
        return modules.values();
    }

    /** The module serving a device kind, if any. */
    public Optional<PlatformModule> forDeviceKind(String kind) {
        return modules.values().stream().filter(m -> m.deviceKinds().contains(kind)).findFirst();
    }

    /** The module serving a named service, if any. */
    public Optional<PlatformModule> forService(String service) {
        return modules.values().stream().filter(m -> m.services().contains(service)).findFirst();
    }
}
