package io.edgefusion.cli.evidence;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code edgefusion evidence}: the guardian's signed, hash-chained log. */
@Command(name = "evidence", mixinStandardHelpOptions = true,
        description = {"The guardian's evidence: every check outcome that changes state and every circuit-breaker"
                + " action, appended by the node to a hash-chained log in its database (ROOT/node/state.db) and"
                + " signed with the node's Ed25519 key (ROOT/node/evidence.key, created on first start). Records"
                + " cannot be edited, deleted, inserted or reordered without 'verify' naming the first bad one;"
                + " 'export' writes a bundle that 'verify --bundle' checks on another machine.",
                "",
                "These commands read the state root directly and need no running node. See docs/evidence.md."},
        subcommands = {EvidenceLsCommand.class, EvidenceShowCommand.class, EvidenceVerifyCommand.class,
                EvidenceExportCommand.class, EvidenceKeyCommand.class},
        footer = {"", "Examples:", "  edgefusion evidence ls --since 1h --subject line-monitor/api",
                "  edgefusion evidence show 42",
                "  edgefusion evidence verify",
                "  edgefusion evidence export -o evidence.tar.gz",
                "  edgefusion evidence verify --bundle evidence.tar.gz --key node-7.pub"})
public final class EvidenceCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
