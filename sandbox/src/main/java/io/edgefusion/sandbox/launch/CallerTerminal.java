package io.edgefusion.sandbox.launch;

import java.nio.file.Path;

/**
 * The caller's terminal as the helper reaches it with {@code -t} (paths it opens, e.g. {@code /proc/PID/fd/0}).
 *
 * @param input  the terminal on the caller's stdin: its size is copied and followed, and with {@code -i} it is
 *               read in raw mode (its modes restored afterwards)
 * @param output the terminal on the caller's stdout, written by the helper itself so all output is there
 *               before the modes come back; null when stdout is not a terminal (then the output goes through
 *               the helper's stdout)
 */
public record CallerTerminal(Path input, Path output) {
    public CallerTerminal {
        java.util.Objects.requireNonNull(input, "input");
    }
}
