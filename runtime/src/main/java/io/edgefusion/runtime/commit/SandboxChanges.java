package io.edgefusion.runtime.commit;

import io.edgefusion.image.diff.Change;
import io.edgefusion.image.diff.Committer;
import io.edgefusion.image.diff.UpperDiff;
import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.StoredImage;
import io.edgefusion.image.unpack.UnpackOptions;
import io.edgefusion.sandbox.Held;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a sandbox changed (its overlay upper directory against its layers): listed ({@code diff}) or committed
 * as a new layer on its base image ({@code commit}), a running sandbox frozen meanwhile.
 */
public final class SandboxChanges {
    private final Sandboxes sandboxes;
    private final Path stateRoot;

    public SandboxChanges(Sandboxes sandboxes, Path stateRoot) {
        this.sandboxes = sandboxes;
        this.stateRoot = stateRoot;
    }

    /** A sandbox's changes and the id they belong to. */
    public record Diff(String sandboxId, List<Change> changes) {
        public Diff {
            changes = List.copyOf(changes);
        }
    }

    /** The paths {@code idOrName} added, changed or deleted relative to its root's layers. */
    public Diff diff(String idOrName) {
        SandboxState s = sandboxes.inspect(idOrName);
        if (s.spec() == null) {
            throw new ChangesException(s.shortId(), "has no state record to diff against");
        }
        // Image layers are handed to sandboxes as the store's short links; the diff walks the real directories.
        List<Path> lowers = s.spec().layers().stream().map(SandboxChanges::real).toList();
        return new Diff(s.id(), new UpperDiff(sandboxes.upperDir(s), lowers).changes());
    }

    /**
     * Commits {@code idOrName}'s changes on top of the image it was started from, tagged {@code tag}. Under the
     * sandbox's lock: an rm, stop or gc of it waits until the layer is written and it is thawed. A freeze marker
     * names this process: if it is killed frozen, gc (or rm -f) thaws the sandbox.
     *
     * @param message comment for the image history, or null
     */
    public StoredImage commit(String idOrName, String tag, String message) {
        try (Held held = sandboxes.hold(idOrName)) {
            SandboxState s = held.state();
            if (s.spec() == null || s.spec().image() == null) {
                throw new ChangesException(s.name() != null ? s.name() : s.shortId(),
                        "was not started from an image: commit needs a base image (run IMAGE)");
            }
            ImageRef ref = ImageRef.parse(tag);
            ImageStore store = ImageStore.open(stateRoot);
            StoredImage base = store.get(s.spec().image());
            try (Held.Frozen frozen = s.status() == Status.RUNNING ? held.freeze() : () -> { }) {
                return new Committer(store, UnpackOptions.defaults()).commit(sandboxes.upperDir(s), base, ref,
                        message, s.spec().command());
            }
        }
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("layer " + p + " is gone", e);
        }
    }
}
