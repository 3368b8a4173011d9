package io.edgefusion.platform.node;

import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.log.NodeLog;
import io.edgefusion.platform.log.TraceId;
import io.edgefusion.platform.module.ModuleCatalog;
import io.edgefusion.platform.profile.Profile;
import io.edgefusion.platform.profile.ProfileCheck;
import io.edgefusion.platform.profile.ProfileSignature;
import io.edgefusion.platform.profile.ProfileValidator;
import io.edgefusion.platform.yaml.InputFile;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code edgefusion-node --profile FILE [--state DIR] [--trusted-key FILE] [--exit-when-ready]}: validates the
 * profile exactly as {@code profile validate} does (stage rules included), starts its modules and prints one
 * {@code ready} line with the start time. Exit 1 for a profile that does not validate, 2 for a start failure.
 */
public final class NodeMain {
    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Path profileFile = null;
        Path state = Path.of(System.getProperty("java.io.tmpdir"), "edgefusion-node");
        Optional<PublicKey> trusted = Optional.empty();
        boolean exitWhenReady = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--profile" -> profileFile = Path.of(args[++i]);
                case "--state" -> state = Path.of(args[++i]);
                case "--trusted-key" -> trusted = Optional.of(ProfileSignature.publicKey(
                        InputFile.read(Path.of(args[++i]), InputFile.KEY_LIMIT, "key file")));
                case "--exit-when-ready" -> exitWhenReady = true;
                default -> {
                    System.err.println("edgefusion-node: unknown argument " + args[i]);
                    System.exit(125);
                }
            }
        }
        if (profileFile == null) {
            System.err.println("edgefusion-node: --profile FILE is required");
            System.exit(125);
        }
        NodeLog log = new NodeLog("node", System.out);
        CoreContract contract = CoreContract.builtIn();
        ModuleCatalog catalog = ModuleCatalog.discover();
        ProfileCheck check = new ProfileValidator(catalog, contract, trusted).validate(profileFile);
        if (!check.ok()) {
            check.problems().forEach(p -> System.err.println(p));
            System.exit(1);
        }
        Profile profile = check.profile().orElseThrow();
        Node node;
        try {
            node = Node.start(profile, catalog, contract, log, state);
        } catch (Exception e) {
            System.err.println("edgefusion-node: start failed: " + e);
            System.exit(2);
            return;
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        log.info(TraceId.create(), "ready platform=" + profile.platform() + " stage=" + profile.stage()
                + " modules=" + String.join(",", node.modules()) + " start_ms=" + ms + " contract="
                + contract.version());
        if (exitWhenReady) {
            node.close();
            return;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception ignored) {
                // the process is ending; nothing useful to do with a failing module's close
            }
            stop.countDown();
        }));
        stop.await();
    }
}
