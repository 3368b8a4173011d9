package io.edgefusion.platform.testing;

import io.edgefusion.platform.module.ModuleCatalog;
import io.edgefusion.platform.module.NodeContext;
import io.edgefusion.platform.module.PlatformModule;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The platform's own modules plus stand-ins for hal.crypto and hal.serial, which live in modules that depend on
 * this one: enough for profile validation tests here. (The HAL modules' own tests use the real ones.)
 */
public final class TestCatalog {
    private TestCatalog() {
    }

    public static ModuleCatalog withHalStandIns() {
        List<PlatformModule> all = new ArrayList<>(ModuleCatalog.discover().all());
        all.add(new StandIn("hal.crypto", Set.of("aes", "sm4", "self_test"), Set.of()));
        all.add(new StandIn("hal.serial", Set.of("frames"), Set.of("serial")));
        return ModuleCatalog.of(all);
    }

    record StandIn(String name, Set<String> features, Set<String> deviceKinds) implements PlatformModule {
        @Override
        public String description() {
            return "stand-in for " + name;
        }

        @Override
        public AutoCloseable start(NodeContext context) {
            return () -> { };
        }
    }
}
