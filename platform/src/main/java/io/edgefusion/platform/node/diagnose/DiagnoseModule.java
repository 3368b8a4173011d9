package io.edgefusion.platform.node.diagnose;

import io.edgefusion.platform.module.NodeContext;
import io.edgefusion.platform.module.PlatformModule;

import java.util.Set;

/** On-node diagnostics: a continuous flight recording and thread dumps into the state directory. */
public final class DiagnoseModule implements PlatformModule {
    @Override
    public String name() {
        return "diagnose";
    }

    @Override
    public String description() {
        return "flight recorder and thread dumps for on-site diagnosis";
    }

    @Override
    public Set<String> features() {
        return Set.of("flight_recorder", "thread_dump");
    }

    @Override
    public AutoCloseable start(NodeContext context) throws Exception {
        return Diagnostics.start(context);
    }
}
