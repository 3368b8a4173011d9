package io.edgefusion.cli.breaker;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code edgefusion breaker}: the guardian's circuit breakers, one per deployment workload. */
@Command(name = "breaker", mixinStandardHelpOptions = true,
        description = {"The guardian's circuit breakers, one per deployment workload of the node serving the state"
                + " root: list them, reset one. A breaker moves closed -> open -> half-open -> closed.",
                "",
                "Closed: the workload runs and every failed check counts (an exit too, so a crash loop counts);"
                        + " that many failures within the window open the breaker.",
                "Open: the guardian isolated the workload (frozen, cut off the network), rolled back to the last"
                        + " good revision and kept a diff snapshot as evidence; the node does not restart it. After"
                        + " the cool-down the breaker half-opens.",
                "Half-open: on probation; the workload may run, one failure opens the breaker again, a probe"
                        + " period without one closes it.",
                "",
                "The thresholds are the deployment's guardian.breaker section (default: 3 failures within 30s,"
                        + " cool-down 10s, probe 10s). Every change is an evidence record (edgefusion evidence ls).",
                "",
                "'reset' closes an open or half-open breaker by hand once you fixed the cause, without waiting for"
                        + " the cool-down and probe; it is recorded with your reason, and the node starts the"
                        + " workload the breaker kept down again. These commands need a running node."},
        subcommands = {BreakerLsCommand.class, BreakerResetCommand.class},
        footer = {"", "Examples:", "  edgefusion breaker ls",
                "  edgefusion breaker ls --json | jq -r '.breakers[].state'",
                "  edgefusion breaker reset line-monitor/api --reason 'probe port fixed'"})
public final class BreakerCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
