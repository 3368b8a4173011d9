package io.edgefusion.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code edgefusion-node} — the node as its own program, what {@code profile build}'s trimmed distribution runs
 * ({@code bin/edgefusion-node}): {@code [--profile FILE] [--state DIR | --root DIR] [--trusted-key FILE]
 * [--api-listen ADDR:PORT] [--metrics-listen ADDR:PORT] [--exit-when-ready]}. The same node as
 * {@code edgefusion node}: {@link NodeDaemon}. Exit 1 for a profile that does not validate, 2 for a start failure,
 * 3 when a started module is not ready (a device the profile names is absent): then no {@code ready} line; 125
 * for bad arguments or a root another node serves; 0 after SIGTERM.
 */
public final class NodeMain {
    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        Optional<Path> profile = Optional.empty();
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "edgefusion-node");
        Optional<Path> key = Optional.empty();
        Optional<Listen> api = Optional.empty();
        Optional<Listen> metrics = Optional.empty();
        boolean exitWhenReady = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--profile" -> profile = Optional.of(Path.of(value(args, ++i)));
                    case "--state", "--root" -> root = Path.of(value(args, ++i));
                    case "--trusted-key" -> key = Optional.of(Path.of(value(args, ++i)));
                    case "--api-listen" -> api = Optional.of(Listen.parse(value(args, ++i)));
                    case "--metrics-listen" -> metrics = Optional.of(Listen.parse(value(args, ++i)));
                    case "--exit-when-ready" -> exitWhenReady = true;
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("edgefusion-node: " + e.getMessage());
            System.exit(NodeStartException.REFUSED);
            return;
        }
        NodeDaemon node;
        try {
            node = NodeDaemon.start(new NodeOptions(root, profile, api, metrics, key, System.getenv(), System.out));
        } catch (NodeStartException e) {
            if (e.problems()) {
                System.err.println(e.getMessage());
            } else if (e.exitCode() != NodeStartException.NOT_READY) { // not ready was logged as such
                System.err.println("edgefusion-node: " + e.getMessage());
            }
            System.exit(e.exitCode());
            return;
        }
        if (exitWhenReady) {
            node.close();
            return;
        }
        System.exit(Foreground.run(node));
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    /**
     * The node's distribution: {@code DIR} for a jar in {@code DIR/lib} (a trimmed build), else the directory
     * holding the jar or class directory the node runs from. A trust anchor there is refused ({@code TrustAnchor}).
     */
    public static Path distribution() {
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
