package io.edgefusion.sandbox;

/**
 * Named points in {@code run} where a crash-consistency test can freeze the CLI (system property
 * {@code edgefusion.checkpoint=<name>}) and then SIGKILL it, proving that {@code ps} and {@code rm -f} cope
 * with a CLI killed at exactly that step. Without the property this is a no-op.
 */
public final class Checkpoints {
    static final String PROPERTY = "edgefusion.checkpoint";
    private static final String WANTED = System.getProperty(PROPERTY);

    private Checkpoints() {
    }

    static void reach(String name) {
        if (name.equals(WANTED)) {
            hold(name);
        }
    }

    /**
     * Says {@code checkpoint NAME} on stderr (the crash test waits for that line) and blocks until the test
     * kills the process; the node's rollout checkpoints use it too.
     */
    public static void hold(String name) {
        // The process's stderr, not the caller's: the test that waits for this line reads the node's own.
        io.edgefusion.kernel.log.LogTarget.process().println("checkpoint " + name);
        io.edgefusion.kernel.log.LogTarget.process().flush();
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
