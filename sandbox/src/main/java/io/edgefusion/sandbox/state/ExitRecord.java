package io.edgefusion.sandbox.state;

/**
 * What the reaper wrote when PID 1 ended (native/PROTOCOL.md): exit code as docker reports it (128 + N after
 * signal N), the signal or null, and start/finish times in epoch milliseconds.
 */
public record ExitRecord(long pid, int exitCode, Integer signal, long startedAt, long finishedAt) {
    private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile(
            "\\{\"pid\":(\\d+),\"exitCode\":(\\d+),\"signal\":(null|\\d+),\"startedAt\":(\\d+),"
                    + "\"finishedAt\":(\\d+)}\\s*");

    /** Parses the reaper's fixed one-line format (native/reaper.c); anything else is malformed. */
    public static ExitRecord parse(String text, java.nio.file.Path file) {
        java.util.regex.Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new io.edgefusion.kernel.sys.MalformedKernelFile(file, text, "not the reaper's exit record");
        }
        return new ExitRecord(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3).equals("null") ? null : Integer.valueOf(m.group(3)), Long.parseLong(m.group(4)),
                Long.parseLong(m.group(5)));
    }
}
