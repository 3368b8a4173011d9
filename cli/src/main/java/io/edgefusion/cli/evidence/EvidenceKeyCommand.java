package io.edgefusion.cli.evidence;

import io.edgefusion.cli.sandbox.StateRoot;
import io.edgefusion.guardian.evidence.EvidenceException;
import io.edgefusion.guardian.evidence.EvidencePublicKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code edgefusion evidence key}: the node's public evidence key. */
@Command(name = "key", mixinStandardHelpOptions = true,
        description = {"Print the node's public evidence key (PEM, X.509 SubjectPublicKeyInfo) on stdout and its"
                + " fingerprint (SHA256:…, over the key's DER bytes) on stderr. Keep the key somewhere you trust"
                + " and pass it to 'evidence verify --key' later: a log re-signed with any other key then fails."
                + " The private half (ROOT/node/evidence.key, mode 0600) never leaves the node."},
        footer = {"", "Examples:", "  edgefusion evidence key > node-7.pub",
                "  edgefusion evidence key --fingerprint"})
public final class EvidenceKeyCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Option(names = "--fingerprint", description = "Print only the fingerprint, on stdout.")
    boolean fingerprintOnly;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        EvidenceRoot ev = EvidenceRoot.of(root.path());
        EvidencePublicKey key = ev.publicKey().orElseThrow(() -> new EvidenceException(ev.publicKeyFile(),
                "no evidence key yet (the node creates it on first start)"));
        if (fingerprintOnly) {
            spec.commandLine().getOut().println(key.fingerprint());
        } else {
            spec.commandLine().getOut().print(key.pem());
            spec.commandLine().getErr().println(key.fingerprint());
        }
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().flush();
        return 0;
    }
}
