package io.edgefusion.cli.image;

import io.edgefusion.cli.Caller;
import io.edgefusion.image.ImageException;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.StoredImage;
import io.edgefusion.image.transfer.ArchiveFormat;
import io.edgefusion.image.transfer.ArchiveWriter;
import io.edgefusion.image.transfer.Exporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** {@code edgefusion image save NAME [DIR] [--format F] [-o FILE|-]}. */
@Command(name = "save", mixinStandardHelpOptions = true,
        description = {"Write an image as an OCI image layout directory (default), an OCI archive (a tar of that"
                + " layout) or a docker archive (what docker save writes: manifest.json, the config, the layers"
                + " uncompressed). umoci, skopeo and containerd read the layout as DIR:TAG; skopeo, podman load"
                + " and docker load read the archives; image load reads all three.",
                "",
                "Archives are reproducible (sorted members, mtime 0, owner 0:0): the same image gives the same"
                        + " bytes. A file is written under a temp name and renamed when complete, so a failed save"
                        + " leaves nothing; -o - writes the tar to stdout."},
        footer = {"", "Examples:",
                "  edgefusion image save demo/app:1.1 ./out",
                "  edgefusion image save --format oci-archive -o app.tar demo/app:1.1",
                "  edgefusion image save --format docker-archive -o - demo/app:1.1 | podman load",
                "  edgefusion image load app.tar"})
public final class SaveCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Image name[:tag] or ID.")
    String image;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DIR",
            description = "Target OCI layout directory (oci-layout; or give it with -o).")
    Path dir;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "oci-layout",
            description = "oci-layout (default), oci-archive or docker-archive.")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write: the layout directory, or the archive file (- for stdout).")
    String output;

    @Option(names = "--tag", paramLabel = "TAG", description = "Tag inside the layout or archive (default: the"
            + " image's tag).")
    String tag;

    @Override
    void run(ImageStore st) {
        ArchiveFormat f = ArchiveFormat.parse(format);
        if (dir != null && output != null) {
            throw new ImageException("save: give the target once, as DIR or as -o");
        }
        String target = output != null ? output : dir == null ? null : dir.toString();
        if (target == null) {
            throw new ImageException("save " + image + ": no target; give DIR or -o FILE (- for stdout)");
        }
        StoredImage im = st.get(image);
        String t = tag == null ? im.ref().tag() : tag;
        if (f == ArchiveFormat.OCI_LAYOUT) {
            if (target.equals("-")) {
                throw new ImageException("save: an oci-layout is a directory and cannot go to stdout;"
                        + " use --format oci-archive");
            }
            Path d = Caller.resolve(target);
            new Exporter(st).save(im, d, tag);
            out().printf("saved %s to %s:%s%n", im.ref(), target, t);
            return;
        }
        ArchiveWriter w = new ArchiveWriter(st);
        if (target.equals("-")) {
            out().flush();
            java.io.PrintStream raw = Caller.current().out();
            try {
                w.write(im, tag, f, raw);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (raw.checkError()) { // a PrintStream keeps its errors; a closed pipe must not look like success
                throw new ImageException("save " + image + ": writing to stdout failed");
            }
            return;
        }
        w.writeFile(im, tag, f, Caller.resolve(target));
        out().printf("saved %s to %s (%s, tag %s)%n", im.ref(), target, f.cliName(), t);
    }
}
