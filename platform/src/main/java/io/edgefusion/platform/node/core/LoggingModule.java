package io.edgefusion.platform.node.core;

import io.edgefusion.platform.module.NodeContext;
import io.edgefusion.platform.module.PlatformModule;

import java.util.Set;

/** The platform log entry ({@code NodeLog}): always stamps trace_id; the profile may add a file sink. */
public final class LoggingModule implements PlatformModule {
    @Override
    public String name() {
        return "logging";
    }

    @Override
    public String description() {
        return "logfmt lines with trace_id through NodeLog";
    }

    @Override
    public Set<String> features() {
        return Set.of("trace_id", "file_sink");
    }

    @Override
    public AutoCloseable start(NodeContext context) {
        return () -> { };
    }
}
