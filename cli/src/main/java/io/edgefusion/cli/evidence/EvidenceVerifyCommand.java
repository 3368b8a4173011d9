package io.edgefusion.cli.evidence;

import io.edgefusion.cli.output.JsonDocs;
import io.edgefusion.cli.sandbox.StateRoot;
import io.edgefusion.guardian.evidence.EvidenceBundle;
import io.edgefusion.guardian.evidence.EvidenceException;
import io.edgefusion.guardian.evidence.EvidenceJson;
import io.edgefusion.guardian.evidence.EvidencePublicKey;
import io.edgefusion.guardian.evidence.EvidenceTable;
import io.edgefusion.guardian.evidence.EvidenceVerifier;
import io.edgefusion.guardian.evidence.Snapshots;
import io.edgefusion.guardian.evidence.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code edgefusion evidence verify}: the whole chain, or a bundle; exit 1 at the first bad record. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check every evidence record: its hash over its content, its link to the one before, its"
                + " Ed25519 signature, the signed head (so no newest record can be dropped) and the files of its"
                + " snapshot. Prints 'N records, chain intact, signed by KEY' and exits 0, or names the first bad"
                + " record and exits 1: edited, deleted, inserted, reordered, bad signature, signed by another"
                + " key, snapshot modified. Exit 125 when the log or bundle cannot be read.",
                "",
                "Without --bundle it checks the state root's log against ROOT/node/evidence.pub; with --bundle,"
                        + " a bundle from 'evidence export' (a directory or .tar.gz), needing nothing else. --key"
                        + " insists on a key you already trust: a log or bundle signed by any other fails."},
        footer = {"", "Examples:", "  edgefusion evidence verify",
                "  edgefusion evidence verify --bundle evidence.tar.gz --key node-7.pub",
                "  edgefusion evidence verify --json | jq .problem"})
public final class EvidenceVerifyCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Option(names = "--bundle", paramLabel = "DIR|FILE", description = "Verify this exported bundle instead of"
            + " the state root's log.")
    Path bundle;

    @Option(names = "--key", paramLabel = "FILE", description = "The public key (PEM, from 'evidence key') the"
            + " records must be signed with, instead of the one beside them.")
    Path key;

    @Option(names = "--json", description = "One JSON document, schema edgefusion.evidence.verify/v1"
            + " (docs/json/evidence.verify.md).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Optional<EvidencePublicKey> expected = Optional.ofNullable(key).map(EvidencePublicKey::read);
        Verdict v;
        long records;
        String source;
        String keyFp;
        if (bundle != null) {
            EvidenceBundle.Contents c = EvidenceBundle.read(bundle);
            v = c.verify(expected);
            records = c.records().size();
            source = bundle.toString();
            keyFp = expected.orElse(c.key()).fingerprint();
        } else {
            EvidenceRoot ev = EvidenceRoot.of(root.path());
            EvidenceTable.Chain chain = ev.chain();
            Optional<EvidencePublicKey> k = expected.or(ev::publicKey);
            if (k.isEmpty() && !chain.records().isEmpty()) {
                throw new EvidenceException(ev.publicKeyFile(), "missing: cannot check the signatures (pass --key"
                        + " FILE)");
            }
            source = root.path().toString();
            records = chain.records().size();
            if (k.isEmpty()) {
                return print(null, 0, null, source, "0 records, no evidence key yet (no node has run on "
                        + root.path() + ")");
            }
            v = EvidenceVerifier.verify(chain.records(), chain.head(), k.get(),
                    seq -> Snapshots.files(Snapshots.of(ev.evidenceDir(), seq)));
            keyFp = k.get().fingerprint();
        }
        return print(v, records, keyFp, source, v.line());
    }

    private int print(Verdict v, long records, String keyFp, String source, String line) {
        PrintWriter out = spec.commandLine().getOut();
        Verdict verdict = v != null ? v : new Verdict.Intact(0, "");
        if (json) {
            JsonDocs.print(out, EvidenceJson.verify(verdict, records, keyFp, source).put("line", line));
        } else {
            out.println(line);
            out.flush();
        }
        return verdict.intact() ? 0 : 1;
    }
}
