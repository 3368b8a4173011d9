package io.edgefusion.sandbox.launch;

import java.io.OutputStream;
import java.util.Objects;

/**
 * Where a started helper's stderr goes. A launcher that cannot choose (the thin client's: the helper writes to
 * the caller's stderr, the client's own fd 2) gives it the caller's stderr whatever is asked.
 */
public sealed interface HelperStderr {
    /** Nowhere: a detached helper reports failures on stdout and then logs to a file. */
    record Discard() implements HelperStderr {
    }

    /** This process's own stderr. */
    record Inherit() implements HelperStderr {
    }

    /** A pipe copied to {@code to} (a caller's stderr that is not this process's) until the helper ends. */
    record CopyTo(OutputStream to) implements HelperStderr {
        public CopyTo {
            Objects.requireNonNull(to, "to");
        }
    }
}
