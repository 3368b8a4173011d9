package io.edgefusion.hal.serial;

import java.io.IOException;

/** A frame that breaks the pinned layout (wrong size, bad magic, bad CRC): it never reaches business code. */
public final class FrameRejectedException extends IOException {
    public FrameRejectedException(String message) {
        super(message);
    }

    static FrameRejectedException wrongSize(int size) {
        return new FrameRejectedException("frame of " + size + " bytes rejected: the contract pins serial_frame at "
                + SerialFrame.SIZE + " bytes");
    }
}
