package io.edgefusion.platform.node.diagnose;

import io.edgefusion.platform.module.ModuleBase;
import io.edgefusion.platform.module.NodeContext;


/** On-node diagnostics: a continuous flight recording and thread dumps into the state directory. */
public final class DiagnoseModule extends ModuleBase {
    public DiagnoseModule() {
        super("diagnose", "flight recorder and thread dumps for on-site diagnosis", "flight_recorder", "thread_dump");
    }

    @Override
    public AutoCloseable start(NodeContext context) throws Exception {
        return Diagnostics.start(context);
    }
}
