package io.edgefusion.image.testing;

import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.transfer.ImportListener;
import io.edgefusion.image.transfer.ImportSource;
import io.edgefusion.image.transfer.Importer;
import io.edgefusion.image.unpack.UnpackOptions;

import java.nio.file.Path;

/** {@code ImportMain STATE SRC NAME}: an import in its own JVM, for tests that kill it mid-way. */
public final class ImportMain {
    private ImportMain() {
    }

    public static void main(String[] args) {
        ImageStore store = ImageStore.open(Path.of(args[0]));
        new Importer(store, UnpackOptions.defaults(), ImportListener.NONE)
                .run(ImportSource.parse(args[1]), ImageRef.parse(args[2]));
        System.out.println("imported");
    }
}
