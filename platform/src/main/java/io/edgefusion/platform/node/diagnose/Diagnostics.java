package io.edgefusion.platform.node.diagnose;

import io.edgefusion.platform.module.NodeContext;
import jdk.jfr.Recording;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;

/** Starts a bounded flight recording (feature flight_recorder) that is dumped to the state dir on stop. */
final class Diagnostics {
    private Diagnostics() {
    }

    static AutoCloseable start(NodeContext ctx) throws IOException {
        if (!ctx.feature("flight_recorder")) {
            return () -> { };
        }
        Files.createDirectories(ctx.stateDir());
        Recording r = new Recording();
        r.setMaxAge(Duration.ofMinutes(10));
        r.setMaxSize(16L << 20);
        r.setToDisk(true);
        r.start();
        return () -> {
            r.dump(ctx.stateDir().resolve("node.jfr"));
            r.close();
        };
    }
}
