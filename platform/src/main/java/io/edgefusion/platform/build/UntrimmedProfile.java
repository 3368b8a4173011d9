package io.edgefusion.platform.build;

import io.edgefusion.platform.module.ModuleCatalog;
import io.edgefusion.platform.module.PlatformModule;
import io.edgefusion.platform.profile.Profile;

/**
 * The "before" of a trim: the same board with every platform module enabled and every feature on, as the
 * untrimmed node would run. Development stage, so nothing about it needs a signature.
 */
final class UntrimmedProfile {
    private UntrimmedProfile() {
    }

    static String of(Profile board, ModuleCatalog catalog) {
        StringBuilder y = new StringBuilder();
        y.append("platform: ").append(board.platform()).append("-untrimmed\n");
        y.append("arch: ").append(board.arch()).append('\n');
        y.append("stage: development\n");
        board.hal().crypto().ifPresent(c -> y.append("hal:\n  crypto: ").append(c.id()).append('\n'));
        y.append("services:\n  api: {port: 8080}\n  metrics: {port: 9000}\n");
        if (!board.jvmOptions().isEmpty()) {
            y.append("jvm:\n  options: [").append(String.join(", ", board.jvmOptions())).append("]\n");
        }
        y.append("modules:\n");
        for (PlatformModule m : catalog.all()) {
            y.append("  ").append(m.name()).append(": {enabled: true}\n");
        }
        return y.toString();
    }
}
