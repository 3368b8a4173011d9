package io.edgefusion.cli.evidence;

import io.edgefusion.cli.output.JsonDocs;
import io.edgefusion.cli.output.Table;
import io.edgefusion.cli.sandbox.StateRoot;
import io.edgefusion.guardian.evidence.EvidenceJson;
import io.edgefusion.guardian.evidence.EvidenceRecord;
import io.edgefusion.guardian.evidence.EvidenceTable;
import io.edgefusion.node.events.TimeArg;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code edgefusion evidence ls}: the records, oldest first. */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = {"List evidence records, oldest first: SEQ, TIME, KIND (check.failed, check.recovered,"
                + " breaker.opened, breaker.isolated, breaker.rolled-back, breaker.snapshot, breaker.closed,"
                + " bind.refused, …), SUBJECT (DEPLOYMENT/WORKLOAD) and the details. Listing checks nothing;"
                + " run 'edgefusion evidence verify' for that.",
                "",
                "Times: RFC 3339 (2026-12-01T20:33:12Z), a duration back from now (10m, 1h30m) or Unix seconds."},
        footer = {"", "Examples:", "  edgefusion evidence ls --since 1h",
                "  edgefusion evidence ls --subject line-monitor/api",
                "  edgefusion evidence ls --json | jq -r '.records[].kind'"})
public final class EvidenceLsCommand implements Callable<Integer> {
    private static final int DETAILS_WIDTH = 80;

    @Mixin
    StateRoot root;

    @Option(names = "--json", description = "One JSON document, schema edgefusion.evidence.ls/v1"
            + " (docs/json/evidence.ls.md).")
    boolean json;

    @Option(names = "--since", paramLabel = "T", description = "Only records appended at T or later.")
    String since;

    @Option(names = "--subject", paramLabel = "S", description = "Only records about S (DEPLOYMENT/WORKLOAD).")
    String subject;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        EvidenceTable.Query q = new EvidenceTable.Query(Optional.ofNullable(since)
                .map(t -> TimeArg.parse(t, Instant.now()).toEpochMilli()), Optional.ofNullable(subject));
        List<EvidenceRecord> records = EvidenceRoot.of(root.path()).read(sql -> EvidenceTable.list(sql, q), List.of());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonDocs.print(out, EvidenceJson.ls(records));
            return 0;
        }
        Table t = new Table("SEQ", "TIME", "KIND", "SUBJECT", "DETAILS");
        for (EvidenceRecord r : records) {
            String details = r.payload().length() > DETAILS_WIDTH ? r.payload().substring(0, DETAILS_WIDTH - 1) + "…"
                    : r.payload();
            t.row(r.seq(), JsonDocs.time(r.timeMs()), r.kind(), r.subject(), details);
        }
        t.print(out, "");
        out.flush();
        return 0;
    }
}
