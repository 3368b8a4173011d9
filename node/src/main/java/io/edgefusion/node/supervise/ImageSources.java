package io.edgefusion.node.supervise;

import io.edgefusion.image.overlay.OverlaySnapshots;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.StoredImage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workload's {@code image:} resolved against the state root's image store: its layers (as the store's short
 * links, like the CLI's run) and the config defaults a workload's own fields override.
 *
 * <p>Interim adapter: the lead replaces it with the runtime module's ROOTFS-or-image resolver (moved out of the
 * CLI's RootfsResolver), which also merges the config and takes layer leases for the sandbox's lifetime. Until
 * then an image's layers are not held against {@code image prune} while the workload runs.
 */
record ImageSources(List<Path> layers, List<String> command, Map<String, String> env, String workdir, String user) {

    static ImageSources resolve(Path stateRoot, String reference, List<String> command, Map<String, String> env) {
        ImageStore store = ImageStore.open(stateRoot);
        StoredImage image = store.find(reference).orElseThrow(() -> new IllegalArgumentException("image "
                + reference + ": not in the store of " + stateRoot + " (see edgefusion image ls)"));
        var config = image.config();
        Map<String, String> merged = new LinkedHashMap<>();
        for (String kv : config.env()) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                merged.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        merged.putAll(env);
        List<String> argv = new ArrayList<>(config.entrypoint());
        argv.addAll(command.isEmpty() ? config.cmd() : command);
        String wd = config.workingDir() == null || config.workingDir().isEmpty() ? null : config.workingDir();
        String user = config.user() == null || config.user().isEmpty() ? null : config.user();
        return new ImageSources(new OverlaySnapshots(store).linkedLowerDirs(image), argv, merged, wd, user);
    }
}
