package io.edgefusion.image;

import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.testing.RawTar;
import io.edgefusion.image.testing.TestDirs;
import io.edgefusion.image.testing.TestLayouts;
import io.edgefusion.image.transfer.ImportListener;
import io.edgefusion.image.transfer.ImportSource;
import io.edgefusion.image.transfer.Importer;
import io.edgefusion.image.unpack.UnpackOptions;
import io.edgefusion.kernel.testing.KernelTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A warning during an import (a device node skipped) reaches stderr as one line in EdgeFusion's format, never as
 * java.util.logging's two lines ("Dec 01, 2026 7:33:12 PM …LayerBatch lambda$…" then "WARNING: …").
 */
@KernelTest
class ImportWarningKernelTest {
    private final TestDirs dirs = new TestDirs();

    @AfterEach
    void cleanup() {
        dirs.close();
    }

    @Test
    void importWarningIsOneLine() throws Exception {
        Path layout = TestLayouts.write(dirs.dir("layout"), "v1", List.of(new RawTar().dir("dev/", 0755)
                .charDevice("dev/kmsg", 1, 11).file("a", 0644, "x").bytes()));
        ImageStore store = ImageStore.open(dirs.state());
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream real = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            new Importer(store, UnpackOptions.defaults(), ImportListener.NONE)
                    .run(ImportSource.parse(layout + ":v1"), ImageRef.parse("warn:v1"));
        } finally {
            System.setErr(real);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
                .startsWith("edgefusion: WARNING layer ").contains("dev/kmsg").contains("device node skipped");
    }
}
