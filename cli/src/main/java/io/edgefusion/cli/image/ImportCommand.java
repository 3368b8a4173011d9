package io.edgefusion.cli.image;

import io.edgefusion.image.store.ImageStore;
import io.edgefusion.cli.output.Units;
import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.transfer.ImportListener;
import io.edgefusion.image.transfer.ImportSource;
import io.edgefusion.image.transfer.Importer;
import io.edgefusion.image.unpack.UnpackOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.Locale;

/** {@code edgefusion image import SRC[:TAG] [NAME:TAG]}. */
@Command(name = "import", aliases = "load", mixinStandardHelpOptions = true,
        description = {"Import one image from an OCI image layout directory, an OCI archive (tar, optionally"
                + " gzipped) or a `docker save` archive. SRC:TAG picks the image tagged TAG when the source holds"
                + " several. Blobs are verified against their digests, every layer's uncompressed tar against the"
                + " config's diff_ids; a hostile layer (.. or absolute names, paths through symlinks, hardlinks out"
                + " of the layer, absurd sizes, duplicates, corrupt gzip) is refused with nothing left behind.",
                "",
                "A tar (optionally gzipped) that is neither is a root file system, imported as docker import"
                        + " does: one layer, an empty config for this machine's architecture (no CMD; give the"
                        + " command to run after --).",
                "",
                "The image is stored as NAME:TAG when given, else under the name the source carries (docker's"
                        + " RepoTags, the layout's ref annotation: a full NAME:TAG, or a tag alone after SRC's"
                        + " file name) or SRC's file name."},
        footer = {"", "Examples:",
                "  edgefusion image import ./busybox-layout:latest busybox:1.36",
                "  skopeo copy docker-archive:app.tar oci:layout:v1 && edgefusion image import layout:v1",
                "  edgefusion image import --devices=create rootfs.tar rootfs:1"})
public final class ImportCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "SRC[:TAG]", description = "OCI layout dir or archive file, optional tag.")
    String source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME:TAG", description = "Name to store the image under.")
    String name;

    @Option(names = "--devices", paramLabel = "skip|create", defaultValue = "skip",
            description = "Device nodes in layers: skip (default; sandboxes get their own /dev) or create.")
    String devices;

    @Option(names = {"-q", "--quiet"}, description = "Print only the image ID.")
    boolean quiet;

    @Option(names = "--max-ratio", paramLabel = "N", defaultValue = "" + UnpackOptions.DEFAULT_RATIO,
            description = "Refuse a compressed layer that expands more than N:1 beyond its first 8 MiB"
                    + " (decompression bombs; default ${DEFAULT-VALUE}). The uncompressed total of an image is"
                    + " capped at 64 GiB (-Dedgefusion.image.maxImageBytes).")
    long maxRatio;

    /** Of a layer's blob, so never past 100 (the listener caps {@code read} at the blob's size). */
    static long percent(long read, long size) {
        return size <= 0 ? 100 : Math.min(100, read * 100 / size);
    }

    @Override
    void run(ImageStore st) {
        ImageRef ref = name == null ? null : ImageRef.parse(name); // a bad name fails before any work
        UnpackOptions opts = UnpackOptions.defaults().withDevices(switch (devices.toLowerCase(Locale.ROOT)) {
            case "skip" -> UnpackOptions.DevicePolicy.SKIP;
            case "create" -> UnpackOptions.DevicePolicy.CREATE;
            default -> throw new IllegalArgumentException("--devices " + devices + ": use skip or create");
        });
        if (maxRatio < 1) {
            throw new IllegalArgumentException("--max-ratio " + maxRatio + ": must be at least 1");
        }
        opts = opts.withMaxRatio(maxRatio);
        PrintWriter err = err();
        ImportListener progress = quiet ? ImportListener.NONE : new ImportListener() {
            @Override
            public void layerStarted(int index, int count, Descriptor blob) {
                err.printf("layer %d/%d %s %s%n", index + 1, count, blob.digest().shortHex(), Units.size(blob.size()));
            }

            @Override
            public void layerDone(int index, int count, Descriptor blob, boolean unpacked, long nanos) {
                err.printf("  %s in %d ms%n", unpacked ? "unpacked" : "already in the store, shared", nanos / 1_000_000);
            }

            @Override
            public void note(String message) {
                err.println(message);
            }

            @Override
            public void read(int index, int count, Descriptor blob, long read) {
                err.printf("  layer %d/%d %s of %s (%d %%)%n", index + 1, count, Units.size(read),
                        Units.size(blob.size()), percent(read, blob.size()));
            }
        };
        Importer.Result r = new Importer(st, opts, progress).run(ImportSource.parse(source, io.edgefusion.cli.Caller.cwd()), ref);
        PrintWriter out = out();
        if (quiet) {
            out.println(r.image().id());
        } else {
            out.printf("imported %s %s (%d layers: %d unpacked, %d shared) in %d ms%n", r.image().ref(),
                    r.image().id().shortHex(), r.unpacked() + r.reused(), r.unpacked(), r.reused(), r.millis());
        }
    }
}
