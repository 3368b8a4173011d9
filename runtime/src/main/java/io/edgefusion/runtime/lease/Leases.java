package io.edgefusion.cli.sandbox;

import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.StoredImage;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.state.SandboxState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps an image's layers from {@code image prune} while a sandbox uses them: a hold named after the sandbox,
 * released when the sandbox is gone. Holds of removed sandboxes are dropped whenever sandboxes or images are
 * cleaned up ({@link #sync}).
 */
public final class ImageHolds {
    static final String PREFIX = "sandbox-";

    private ImageHolds() {
    }

    static String holder(String sandboxId) {
        return PREFIX + sandboxId;
    }

    static void hold(ImageStore store, String holder, StoredImage image) {
        store.gc().hold(holder, image);
    }

    /** Releases every sandbox hold whose sandbox no longer exists under {@code stateRoot}. */
    public static void sync(Path stateRoot) {
        if (!Files.isDirectory(stateRoot.resolve("image"))) {
            return;
        }
        ImageStore store = ImageStore.open(stateRoot);
        Set<String> live = new Sandboxes(stateRoot).list().stream().map(SandboxState::id)
                .collect(Collectors.toSet());
        for (String h : store.gc().holders()) {
            if (h.startsWith(PREFIX) && !live.contains(h.substring(PREFIX.length()))) {
                store.gc().release(h);
            }
        }
    }
}
