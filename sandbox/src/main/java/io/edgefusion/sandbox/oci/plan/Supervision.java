package io.edgefusion.sandbox.oci.plan;

import java.nio.file.Path;
import java.util.List;

/**
 * The reaper's duties for {@code edgefusion run} (native/PROTOCOL.md {@code log}, {@code exit}, {@code detach},
 * {@code on_exit}): what a runc-style caller leaves to its own subreaper.
 *
 * @param log    the capped log of stdout and stderr
 * @param logMax its cap: the reaper keeps at most twice this
 * @param exit   where the exit record goes
 * @param detach setsid, stdio to /dev/null, no relaying
 * @param onExit argv the reaper execs once the exit record is written (a detached {@code --rm}), or empty
 */
public record Supervision(Path log, long logMax, Path exit, boolean detach, List<String> onExit) {
    public Supervision {
        onExit = List.copyOf(onExit);
    }
}
