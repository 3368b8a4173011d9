package io.edgefusion.sandbox.launch;

import io.edgefusion.kernel.sys.SealedExecutable;
import io.edgefusion.nativehelper.HelperResource;

import java.nio.file.Path;

/** The helper, loaded once per JVM into a sealed memfd (DESIGN.md §2: not writable through /proc/<pid>/exe). */
final class HelperBinary {
    private static volatile SealedExecutable exe;

    private HelperBinary() {
    }

    static Path path() {
        SealedExecutable e = exe;
        if (e == null) {
            synchronized (HelperBinary.class) {
                e = exe;
                if (e == null) {
                    e = SealedExecutable.of(HelperResource.NAME, HelperResource.bytes());
                    exe = e;
                }
            }
        }
        return e.path();
    }
}
