package io.edgefusion.sandbox;

import io.edgefusion.sandbox.state.SandboxNames;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the reaper of a detached {@code --rm} sandbox execs after writing the exit record (the helper's
 * {@code on_exit} directive): removes the sandbox, so nobody has to list sandboxes for it to go, and listing them
 * stays free of side effects. Started with the java binary and class path of the CLI that ran the sandbox;
 * policy stays in Java, the helper only execs the argv it was given.
 */
public final class AutoRemove {
    private static final System.Logger LOG = System.getLogger(AutoRemove.class.getName());

    private AutoRemove() {
    }

    /** {@code AutoRemove ROOT ID}; exit code 0 once removed, 1 (and a logged line) if not. */
    public static void main(String[] args) {
        if (args.length != 2 || !SandboxNames.isId(args[1])) {
            LOG.log(System.Logger.Level.ERROR, "usage: AutoRemove STATE_ROOT SANDBOX_ID");
            System.exit(2);
        }
        try {
            new Sandboxes(Path.of(args[0])).control().removeAfterExit(args[1]);
        } catch (RuntimeException e) {
            // gc finishes the job: an exited --rm sandbox whose reaper is gone counts as left over.
            LOG.log(System.Logger.Level.ERROR, "auto-remove of " + args[1] + ": " + e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }

    /** The argv: this JVM's java binary and class path, native access on, this class, the root and the id. */
    static List<String> command(Path root, String id) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> argv = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
                AutoRemove.class.getName(), root.toAbsolutePath().toString(), id));
        return argv;
    }
}
