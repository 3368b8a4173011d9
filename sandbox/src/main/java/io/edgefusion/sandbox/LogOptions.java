package io.edgefusion.sandbox;

/**
 * What {@code logs} prints of a sandbox's log.
 *
 * @param follow     keep printing until the sandbox exits
 * @param tail       only the last N lines (counted over stdout and stderr together); negative: all
 * @param since      only records written at or after this epoch millisecond; 0: from the start
 * @param until      only records written before this epoch millisecond; {@code Long.MAX_VALUE}: no end
 * @param timestamps prefix each line with the time the reaper logged it (RFC 3339, UTC, milliseconds)
 */
public record LogOptions(boolean follow, int tail, long since, long until, boolean timestamps) {
    public static LogOptions all(boolean follow) {
        return new LogOptions(follow, -1, 0, Long.MAX_VALUE, false);
    }
}
