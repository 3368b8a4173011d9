package io.edgefusion.cli.sandbox;

import io.edgefusion.node.events.TimeArg;
import io.edgefusion.sandbox.LogOptions;
import io.edgefusion.cli.Caller;
import io.edgefusion.node.host.Invocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code edgefusion logs}. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Print a sandbox's logged stdout and stderr (kept apart), oldest first. The reaper caps the"
                + " log at 16 MiB per file and keeps one rotated file."},
        footer = {"", "Examples:", "  edgefusion logs web", "  edgefusion logs -f web",
                "  edgefusion logs --tail 20 -t web", "  edgefusion logs --since 10m --until 5m web"})
public final class LogsCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Option(names = {"-f", "--follow"}, description = "Keep printing until the sandbox exits.")
    boolean follow;

    @Option(names = {"-n", "--tail"}, paramLabel = "N", description = "Only the last N lines already logged"
            + " (stdout and stderr counted together); 'all' for everything (default).")
    String tail = "all";

    @Option(names = "--since", paramLabel = "T", description = "Only output logged at or after T: RFC 3339"
            + " (2026-12-01T20:33:12Z), a duration back from now (10m, 1h30m) or Unix seconds.")
    String since;

    @Option(names = "--until", paramLabel = "T", description = "Only output logged before T (same forms).")
    String until;

    @Option(names = {"-t", "--timestamps"}, description = "Prefix each line with the time the reaper logged it"
            + " (RFC 3339, UTC, milliseconds).")
    boolean timestamps;

    @Parameters(index = "0", paramLabel = "SANDBOX")
    String name;

    @Override
    public Integer call() {
        Invocation caller = Caller.current();
        java.time.Instant now = java.time.Instant.now();
        int n;
        try {
            n = tail.equals("all") ? -1 : Integer.parseInt(tail);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--tail " + tail + ": expected a number of lines or 'all'");
        }
        long from = since == null ? 0 : TimeArg.parse(since, now).toEpochMilli();
        long to = until == null ? Long.MAX_VALUE : TimeArg.parse(until, now).toEpochMilli();
        root.sandboxes().logs(name, new LogOptions(follow && until == null, n, from, to, timestamps), caller.out(),
                caller.err());
        return 0;
    }
}
