package io.edgefusion.guardian.check;

import io.edgefusion.guardian.WorkloadRef;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.StoredImage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The running revision's image is unchanged: the sandbox still runs the layers of the image digest recorded
 * when its revision was deployed. A tag that moved later does not matter (the sandbox keeps its layers); a sandbox
 * whose layers are not that image's is not running what was deployed.
 */
public final class ImageDigestCheck implements WorkloadCheck {
    private final ImageStore store;
    private final String recordedDigest;

    public ImageDigestCheck(ImageStore store, String recordedDigest) {
        this.store = store;
        this.recordedDigest = recordedDigest;
    }

    @Override
    public String name() {
        return "image.digest";
    }

    @Override
    public CheckOutcome run(WorkloadRef w, LiveSandbox live) {
        if (live.state().spec() == null || live.state().spec().image() == null) {
            return new CheckOutcome.Ok(name(), "started from a root directory, not an image");
        }
        StoredImage image;
        try {
            image = store.get(recordedDigest);
        } catch (RuntimeException e) {
            return new CheckOutcome.Failed(name(), "revision.image", "workload " + w.name() + ": image "
                    + recordedDigest + " recorded for revision " + w.revision() + " is gone from the store ("
                    + e.getMessage() + "); redeploy it");
        }
        List<Path> want = real(store.lowerDirs(image));
        List<Path> have = real(live.state().spec().layers());
        if (want.equals(have)) {
            return new CheckOutcome.Ok(name(), "runs image " + recordedDigest);
        }
        return new CheckOutcome.Failed(name(), "revision.image", "workload " + w.name() + ": sandbox "
                + live.label() + " runs layers " + have + ", not those of image " + recordedDigest
                + " recorded for revision " + w.revision() + "; redeploy the revision");
    }

    private static List<Path> real(List<Path> ps) {
        return ps.stream().map(p -> {
            try {
                return p.toRealPath();
            } catch (IOException e) {
                return p.toAbsolutePath().normalize();
            }
        }).toList();
    }
}
