package io.edgefusion.cli;

import io.edgefusion.node.host.Invocation;

import java.nio.file.Path;
import java.util.Map;

/**
 * The invocation a command runs for: bound by {@link Main#run(Invocation)} around the picocli execution, for that
 * thread only. A node runs many commands at once on its threads, each with its caller's streams, working
 * directory, environment and signals, so none of that may live in a static or come from the JVM.
 */
public final class Caller {
    static final ScopedValue<Invocation> CURRENT = ScopedValue.newInstance();

    private Caller() {
    }

    /** The invocation being run on this thread; fails outside {@link Main#run(Invocation)}. */
    public static Invocation current() {
        if (!CURRENT.isBound()) {
            throw new IllegalStateException("no command invocation on this thread (commands run through Main.run)");
        }
        return CURRENT.get();
    }

    /** {@code path} as the caller meant it: against the caller's working directory. */
    public static Path resolve(String path) {
        return current().resolve(path);
    }

    public static Path cwd() {
        return current().cwd();
    }

    public static Map<String, String> env() {
        return current().env();
    }
}
