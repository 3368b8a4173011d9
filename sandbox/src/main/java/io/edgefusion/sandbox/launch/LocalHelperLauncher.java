package io.edgefusion.sandbox.launch;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/** {@link HelperLauncher#local()}: ProcessBuilder, so the helper is this JVM's child. */
final class LocalHelperLauncher implements HelperLauncher {
    static final LocalHelperLauncher INSTANCE = new LocalHelperLauncher();
    private static final Pattern TEXT_BUSY = Pattern.compile("error[=:] ?26\\b");

    private LocalHelperLauncher() {
    }

    @Override
    public LaunchedHelper start(List<String> command, HelperStderr stderr) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(switch (stderr) {
            case HelperStderr.Discard d -> ProcessBuilder.Redirect.DISCARD;
            case HelperStderr.Inherit i -> ProcessBuilder.Redirect.INHERIT;
            case HelperStderr.CopyTo c -> ProcessBuilder.Redirect.PIPE;
        });
        // The workload's environment comes from the spec; the helper itself needs none of ours.
        pb.environment().clear();
        return new ProcessHelper(startRetryingBusy(pb), stderr instanceof HelperStderr.CopyTo c ? c.to() : null);
    }

    /**
     * {@code pb.start()}, again while execve says ETXTBSY: just after a helper was installed in a root, another
     * thread's fork (any ProcessBuilder of this JVM, e.g. a second command of a node) may still hold the fd it was
     * written through until that child execs, a moment; the kernel refuses to execute a file open for writing.
     */
    private static Process startRetryingBusy(ProcessBuilder pb) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return pb.start();
            } catch (IOException e) {
                // the JDK says "error=26, Text file busy" or "Exec failed, error: 26 (Text file busy)"
                if (attempt >= 50 || e.getMessage() == null || !TEXT_BUSY.matcher(e.getMessage()).find()) {
                    throw e;
                }
                try {
                    Thread.sleep(Math.min(attempt, 20));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
