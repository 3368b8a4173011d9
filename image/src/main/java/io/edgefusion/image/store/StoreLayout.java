package io.edgefusion.image.store;

import io.edgefusion.image.ImageException;
import io.edgefusion.image.oci.Digest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the image store keeps things under the state dir ({@code /var/lib/edgefusion} unless {@code --root},
 * the {@code edgefusion.root} property or {@code EDGEFUSION_ROOT} says otherwise):
 * <pre>
 * image/oci-layout, image/index.json   the store is itself an OCI layout: tags are index.json entries
 * image/blobs/sha256/HEX               manifests, configs, layer blobs, verified on write and on read
 * image/layers/CHAINHEX/fs             a layer unpacked in overlay form, shared by every image with that chain
 * image/layers/CHAINHEX/layer.json     what it was unpacked from
 * image/l/SHORT -&gt; ../layers/CHAINHEX/fs   short names that keep overlay's option string under one page
 * image/holds/NAME                     chain ids a user of layers (a sandbox, a build) keeps from garbage collection
 * image/tmp/                           work in progress; nothing here is visible as content
 * image/locks/                         flock files: store (shared by writers, exclusive for gc), index, layer-CHAINHEX
 * </pre>
 * The temp dir is on the same file system as the content so every publish is a rename.
 */
public record StoreLayout(Path stateRoot) {
    public static final Path DEFAULT_ROOT = Path.of("/var/lib/edgefusion");

    public StoreLayout {
        stateRoot = stateRoot.toAbsolutePath().normalize();
        String s = stateRoot.toString();
        if (s.contains(",") || s.contains(":")) {
            // overlayfs mount options cannot carry these characters in layer paths
            throw new ImageException("state dir " + s + ": ',' and ':' are not allowed in its path");
        }
    }

    /** The state dir from {@code edgefusion.root} / {@code EDGEFUSION_ROOT}, else the default. */
    public static Path defaultRoot() {
        return defaultRoot(System.getenv());
    }

    /**
     * As {@link #defaultRoot()} with {@code EDGEFUSION_ROOT} from {@code env}: a command's caller's environment,
     * which in a node is not the node's own. (The {@code edgefusion.root} property is the JVM's own setting.)
     */
    public static Path defaultRoot(java.util.Map<String, String> env) {
        String p = System.getProperty("edgefusion.root");
        if (p == null || p.isBlank()) {
            p = env.get("EDGEFUSION_ROOT");
        }
        return p == null || p.isBlank() ? DEFAULT_ROOT : Path.of(p);
    }

    public Path dir() {
        return stateRoot.resolve("image");
    }

    public Path blobs() {
        return dir().resolve("blobs").resolve("sha256");
    }

    public Path blob(Digest d) {
        return blobs().resolve(d.hex());
    }

    public Path layers() {
        return dir().resolve("layers");
    }

    public Path layer(Digest chainId) {
        return layers().resolve(chainId.hex());
    }

    public Path links() {
        return dir().resolve("l");
    }

    public Path holds() {
        return dir().resolve("holds");
    }

    public Path tmp() {
        return dir().resolve("tmp");
    }

    public Path locks() {
        return dir().resolve("locks");
    }

    public Path index() {
        return dir().resolve("index.json");
    }

    public Path buildCache() {
        return dir().resolve("build-cache");
    }

    /** The entries of {@code dir} named by a sha256 hex digest (blobs, layers); other names are left alone. */
    public List<Digest> digestsIn(Path dir) {
        List<Digest> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> {
                try {
                    out.add(new Digest(p.getFileName().toString()));
                } catch (ImageException ignored) {
                    // a stray file, left for the operator
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Creates the directories (0700: layer content may hold setuid files and secrets). */
    public StoreLayout create() {
        try {
            for (Path p : new Path[]{blobs(), layers(), links(), holds(), tmp(), locks(), buildCache()}) {
                Files.createDirectories(p);
            }
            Files.setPosixFilePermissions(dir(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            Path ociLayout = dir().resolve("oci-layout");
            if (!Files.exists(ociLayout)) {
                AtomicFiles.write(ociLayout, "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(), tmp());
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
