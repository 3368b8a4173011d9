package io.edgefusion.sandbox.launch;

import java.io.IOException;
import java.util.List;

/**
 * How a helper process is started, and so whose child it is. {@link #local()} makes it this JVM's child; a node
 * running a thin client's command has the client start it instead, so the helper and the sandbox it clones
 * descend from the client's caller (an OCI runtime's caller waits for the container itself).
 */
public interface HelperLauncher {
    /**
     * Starts {@code command} (its first element the absolute program path, which is also its argv[0]) with an
     * empty environment and its stdin and stdout as pipes of ours.
     *
     * @throws IOException when it cannot be started (the program is missing, no pipe, no fork, no client)
     */
    LaunchedHelper start(List<String> command, HelperStderr stderr) throws IOException;

    /** This JVM's child, through ProcessBuilder. */
    static HelperLauncher local() {
        return LocalHelperLauncher.INSTANCE;
    }
}
