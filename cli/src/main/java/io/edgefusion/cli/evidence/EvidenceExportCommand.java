package io.edgefusion.cli.evidence;

import io.edgefusion.cli.sandbox.StateRoot;
import io.edgefusion.guardian.evidence.EvidenceBundle;
import io.edgefusion.guardian.evidence.EvidenceException;
import io.edgefusion.guardian.evidence.EvidencePublicKey;
import io.edgefusion.guardian.evidence.EvidenceTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code edgefusion evidence export -o PATH}: a bundle another machine can verify. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write an evidence bundle: every record (records.jsonl), the signed head and a manifest"
                + " (manifest.json), the node's public key (evidence.pub) and the breaker's snapshot files"
                + " (snapshots/SEQ/…). A PATH ending in .tar.gz or .tgz gets one gzip'd tar; any other PATH a"
                + " directory. PATH must not exist; the bundle appears whole or not at all.",
                "",
                "Check it anywhere with 'edgefusion evidence verify --bundle PATH' (add --key with the key you"
                        + " trust for this node)."},
        footer = {"", "Examples:", "  edgefusion evidence export -o evidence.tar.gz",
                "  edgefusion evidence export -o /mnt/usb/node-7-evidence"})
public final class EvidenceExportCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "PATH", description = "Where to write the"
            + " bundle (a new directory, or a .tar.gz / .tgz file).")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        EvidenceRoot ev = EvidenceRoot.of(root.path());
        EvidencePublicKey key = ev.publicKey().orElseThrow(() -> new EvidenceException(ev.publicKeyFile(),
                "no evidence key yet (the node creates it on first start): nothing to export"));
        EvidenceTable.Chain chain = ev.chain();
        int files = EvidenceBundle.export(chain.records(), chain.head(), key, ev.evidenceDir(), output, Instant.now());
        PrintWriter out = spec.commandLine().getOut();
        out.println("exported " + chain.records().size() + (chain.records().size() == 1 ? " record" : " records")
                + " and " + files + (files == 1 ? " snapshot file" : " snapshot files") + " to " + output
                + ", signed by " + key.fingerprint());
        out.flush();
        return 0;
    }
}
