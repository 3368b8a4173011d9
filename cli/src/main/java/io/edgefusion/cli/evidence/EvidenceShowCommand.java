package io.edgefusion.cli.evidence;

import io.edgefusion.cli.output.JsonDocs;
import io.edgefusion.cli.sandbox.StateRoot;
import io.edgefusion.guardian.evidence.EvidenceJson;
import io.edgefusion.guardian.evidence.EvidenceRecord;
import io.edgefusion.guardian.evidence.EvidenceTable;
import io.edgefusion.guardian.evidence.Snapshots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code edgefusion evidence show SEQ}: one record, all of it. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show one evidence record: its details (the JSON payload), its place in the chain (prev"
                + " hash, hash), its signature and signing key, and where its snapshot is kept when the breaker"
                + " attached one (ROOT/node/evidence/snapshots/SEQ: the upper-dir diff as an OCI layer, the log"
                + " tail, the stats and the failing check)."},
        footer = {"", "Examples:", "  edgefusion evidence show 42",
                "  edgefusion evidence show 42 --json | jq .payload.snapshot.files"})
public final class EvidenceShowCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Parameters(index = "0", paramLabel = "SEQ", description = "The record's sequence number (see 'evidence ls').")
    long seq;

    @Option(names = "--json", description = "One JSON document, schema edgefusion.evidence.show/v1"
            + " (docs/json/evidence.show.md).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        EvidenceRoot ev = EvidenceRoot.of(root.path());
        EvidenceRecord r = ev.read(sql -> EvidenceTable.get(sql, seq), Optional.<EvidenceRecord>empty())
                .orElseThrow(() -> new IllegalArgumentException("evidence record " + seq + ": no such record in "
                        + ev.paths().database()));
        Path snap = Snapshots.of(ev.evidenceDir(), seq);
        String snapshotDir = Files.isDirectory(snap) ? snap.toString() : null;
        var doc = EvidenceJson.show(r, snapshotDir);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonDocs.print(out, doc);
            return 0;
        }
        out.println("seq:        " + r.seq());
        out.println("time:       " + JsonDocs.time(r.timeMs()));
        out.println("kind:       " + r.kind());
        out.println("subject:    " + r.subject());
        out.println("payload:");
        for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = doc.path("payload").fields();
             it.hasNext(); ) {
            var e = it.next();
            out.println("  " + e.getKey() + ": " + (e.getValue().isTextual() ? e.getValue().asText()
                    : e.getValue().toString()));
        }
        out.println("prev hash:  " + r.prevHash());
        out.println("hash:       " + r.hash());
        out.println("signature:  " + r.signature());
        out.println("signed by:  " + r.keyId());
        if (snapshotDir != null) {
            out.println("snapshot:   " + snapshotDir);
        }
        out.flush();
        return 0;
    }
}
