import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.transfer.ImportListener;
import io.edgefusion.image.transfer.ImportSource;
import io.edgefusion.image.transfer.Importer;
import io.edgefusion.image.unpack.UnpackOptions;

import java.nio.file.Path;

/**
 * The import as the node daemon runs it: in a JVM that is already up. Imports SRC into RUNS+1 fresh state dirs
 * under WORK (the first one warms the JIT and is not counted) and prints the best time in seconds.
 * Usage: java -cp cli/target/edgefusion.jar bench/image/WarmImport.java SRC WORK RUNS
 */
public final class WarmImport {
    public static void main(String[] args) {
        int runs = Integer.parseInt(args[2]);
        double best = Double.MAX_VALUE;
        for (int i = 0; i <= runs; i++) {
            long t0 = System.nanoTime();
            new Importer(ImageStore.open(Path.of(args[1], "warm-" + i)), UnpackOptions.defaults(), ImportListener.NONE)
                    .run(ImportSource.parse(args[0]), ImageRef.parse("bench:1"));
            double s = (System.nanoTime() - t0) / 1e9;
            if (i > 0) {
                best = Math.min(best, s);
            }
        }
        System.out.printf("%.3f%n", best);
    }
}
