package io.edgefusion.runtime.json;

import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.ImageConfig;
import io.edgefusion.image.store.StoredImage;

import java.util.ArrayList;
import java.util.List;

/** An image's history entries, each with the layer it added (config-only steps add none), oldest first. */
public final class ImageHistory {
    private ImageHistory() {
    }

    /** @param layer null for a step that changed only the config */
    public record Step(ImageConfig.History entry, Descriptor layer) {
    }

    public static List<Step> of(StoredImage im) {
        List<Step> rows = new ArrayList<>();
        int layer = 0;
        for (ImageConfig.History h : im.config().history()) {
            Descriptor d = !h.emptyLayer() && layer < im.manifest().layers().size()
                    ? im.manifest().layers().get(layer++) : null;
            rows.add(new Step(h, d));
        }
        return rows;
    }
}
