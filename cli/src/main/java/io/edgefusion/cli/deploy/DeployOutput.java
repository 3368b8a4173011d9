package io.edgefusion.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefusion.cli.ExitCodes;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The one line a deploy or rollback ends with, kubectl-style: {@code line-monitor: revision 3 rolled out} (exit
 * 0), {@code line-monitor: unchanged (revision 2 is rolled out)} (exit 0), or, on stderr, {@code line-monitor:
 * revision 3 failed: REASON} (exit 1: the rollout failed, EdgeFusion did not; the old revision keeps running).
 */
final class DeployOutput {
    /** The rollout of the new revision failed; the revision before it still runs. */
    static final int ROLLOUT_FAILED = 1;

    private DeployOutput() {
    }

    static int print(CommandSpec spec, JsonNode result) {
        String name = result.path("deployment").asText();
        JsonNode rev = result.path("revision");
        int n = rev.path("revision").asInt();
        if (!result.path("changed").asBoolean()) {
            spec.commandLine().getOut().println(name + ": unchanged (revision " + n + " is " + rev.path("status")
                    .asText().replace('-', ' ') + ")");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        String from = rev.path("rollbackOf").isInt() ? " (rollback to revision " + rev.path("rollbackOf").asInt()
                + ")" : "";
        if (rev.path("status").asText().equals("rolled-out")) {
            spec.commandLine().getOut().println(name + ": revision " + n + from + " rolled out");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        spec.commandLine().getErr().println(name + ": revision " + n + from + " " + rev.path("status").asText()
                + (rev.path("reason").isTextual() ? ": " + rev.path("reason").asText() : ""));
        spec.commandLine().getErr().flush();
        return ROLLOUT_FAILED;
    }
}
