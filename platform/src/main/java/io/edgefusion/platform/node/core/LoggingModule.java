package io.edgefusion.platform.node.core;

import io.edgefusion.platform.module.ModuleBase;
import io.edgefusion.platform.module.NodeContext;


/** The platform log entry ({@code NodeLog}): always stamps trace_id; the profile may add a file sink. */
public final class LoggingModule extends ModuleBase {
    public LoggingModule() {
        super("logging", "logfmt lines with trace_id through NodeLog", "trace_id", "file_sink");
    }

    @Override
    public AutoCloseable start(NodeContext context) {
        return () -> { };
    }
}
