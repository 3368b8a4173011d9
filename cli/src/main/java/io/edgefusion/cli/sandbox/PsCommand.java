package io.edgefusion.cli.sandbox;

import io.edgefusion.cli.output.Table;
import io.edgefusion.runtime.json.PsJson;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code edgefusion ps}: sandboxes and their live status. */
@Command(name = "ps", mixinStandardHelpOptions = true,
        description = {"List sandboxes (running ones; -a for all). STATUS is derived from the record and the live"
                + " system, and nothing is written: a sandbox whose creator, PID 1 or reaper died is 'dead' —"
                + " remove it with rm or gc (its remaining processes are killed)."},
        footer = {"", "Examples:", "  edgefusion ps -a", "  edgefusion ps --json | jq -r '.sandboxes[].id'",
                "  edgefusion rm -f $(edgefusion ps -aq)"})
public final class PsCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Option(names = {"-a", "--all"}, description = "Show every sandbox, not only running ones.")
    boolean all;

    @Option(names = "--json", description = "One JSON document, schema edgefusion.ps/v1 (docs/json/ps.md).")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "Only the full ids, one per line (for rm -f $(ps -aq)).")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<SandboxState> list = root.sandboxes().list().stream()
                .filter(s -> all || s.status() == Status.RUNNING || s.status() == Status.PAUSED
                        || s.status() == Status.CREATING)
                .toList();
        var out = spec.commandLine().getOut();
        if (quiet) {
            list.forEach(s -> out.println(s.id()));
        } else if (json) {
            out.println(PsJson.document(list).toPrettyString());
        } else {
            Table t = new Table("SANDBOX ID", "NAME", "COMMAND", "CREATED", "STATUS", "PID");
            for (SandboxState s : list) {
                t.row(s.shortId(), s.name() == null ? "-" : s.name(), command(s), ago(s.createdAt()),
                        status(s), s.pid() == null || s.status() != Status.RUNNING ? "-" : s.pid());
            }
            t.print(out, "");
        }
        out.flush();
        return 0;
    }

    private static String command(SandboxState s) {
        if (s.spec() == null) {
            return "-";
        }
        String c = String.join(" ", s.spec().command());
        return c.length() > 30 ? c.substring(0, 29) + "…" : c;
    }

    static String status(SandboxState s) {
        return switch (s.status()) {
            case EXITED -> "exited (" + s.exitCode() + ")" + (Boolean.TRUE.equals(s.oomKilled()) ? " oom-killed"
                    : "") + " " + ago(s.finishedAt() == null ? 0 : s.finishedAt());
            default -> s.status().label();
        };
    }

    public static String ago(long epochMillis) {
        if (epochMillis <= 0) {
            return "-";
        }
        Duration d = Duration.ofMillis(Math.max(0, System.currentTimeMillis() - epochMillis));
        if (d.toSeconds() < 60) {
            return d.toSeconds() + "s ago";
        }
        if (d.toMinutes() < 60) {
            return d.toMinutes() + "m ago";
        }
        if (d.toHours() < 48) {
            return d.toHours() + "h ago";
        }
        return d.toDays() + "d ago";
    }
}
