package io.edgefusion.image.unpack;

import io.edgefusion.image.ImageException;

/** A layer refused because its content is malformed or hostile; nothing of it stays on disk. */
public final class LayerRejected extends ImageException {
    public LayerRejected(String message) {
        super(message);
    }

    public LayerRejected(String message, Throwable cause) {
        super(message, cause);
    }
}
