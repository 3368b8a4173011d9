package io.edgefusion.platform.node;

import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.log.NodeLog;
import io.edgefusion.platform.log.TraceId;
import io.edgefusion.platform.module.ModuleCatalog;
import io.edgefusion.platform.profile.Profile;
import io.edgefusion.platform.profile.ProfileCheck;
import io.edgefusion.platform.profile.TrustAnchor;
import io.edgefusion.platform.profile.ProfileValidator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code edgefusion-node --profile FILE [--state DIR] [--trusted-key FILE] [--exit-when-ready]}: validates the
 * profile exactly as {@code profile validate} does (stage rules included), starts its modules and prints one
 * {@code ready} line with the start time. Exit 1 for a profile that does not validate, 2 for a start failure,
 * 3 when a started module is not ready (a device the profile names is absent): then no {@code ready} line.
 * The key production profiles are verified with comes from {@code --trusted-key FILE} or, by default,
 * {@link TrustAnchor#INSTALLED}, never from the node's own directory ({@link TrustAnchor}).
 */
public final class NodeMain {
    /**
     * Set to 1 by {@code profile build} for its own starts: the build host is not the board, so the board's
     * devices are absent there; the node then says ready with a warning instead of exiting 3.
     */
    public static final String READY_WITHOUT_DEVICES = "EDGEFUSION_READY_WITHOUT_DEVICES";

    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Path profileFile = null;
        Path state = Path.of(System.getProperty("java.io.tmpdir"), "edgefusion-node");
        Optional<Path> keyFile = Optional.empty();
        boolean exitWhenReady = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--profile" -> profileFile = Path.of(args[++i]);
                case "--state" -> state = Path.of(args[++i]);
                case "--trusted-key" -> keyFile = Optional.of(Path.of(args[++i]));
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
        Optional<PublicKey> trusted = Optional.empty();
        if (keyFile.isPresent() || Files.exists(TrustAnchor.INSTALLED)) {
            try {
                trusted = Optional.of(TrustAnchor.load(keyFile.orElse(TrustAnchor.INSTALLED),
                        List.of(distribution(), profileFile.toAbsolutePath().getParent())).key());
            } catch (TrustAnchor.UntrustedKeyException e) {
                System.err.println("edgefusion-node: " + e.getMessage());
                System.exit(1);
            }
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
        if (!node.notReady().isEmpty()) {
            String why = String.join("; ", node.notReady());
            if (!"1".equals(System.getenv(READY_WITHOUT_DEVICES))) {
                log.error(TraceId.create(), "not ready platform=" + profile.platform() + ": " + why);
                node.close();
                System.exit(3);
            }
            log.warn(TraceId.create(), "ready without devices (" + READY_WITHOUT_DEVICES + "=1): " + why);
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

    /**
     * The node's distribution: {@code DIR} for a jar in {@code DIR/lib} (a trimmed build), else the directory
     * holding the jar or class directory the node runs from.
     */
    static Path distribution() {
        try {
            Path self = Path.of(NodeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = self.getParent();
            return Files.isRegularFile(self) && dir.getFileName() != null && dir.getFileName().toString().equals("lib")
                    ? dir.getParent() : dir;
        } catch (java.net.URISyntaxException | SecurityException | NullPointerException e) {
            return Path.of("").toAbsolutePath();
        }
    }
}
