package io.edgefusion.platform.hal;

import java.io.IOException;
import java.lang.foreign.MemoryLayout;
import java.nio.ByteBuffer;

/**
 * The device HAL: a channel to a device that exchanges fixed-layout frames. A driver implements every method
 * (the contract lists them), declares its contract version ({@link ImplementsContract}) and reports the frame
 * layout it speaks, which must equal the contract's pin.
 */
public interface DeviceChannel extends AutoCloseable {
    void open() throws IOException;

    /** Reads one whole frame into {@code dst}; returns its size. A frame of the wrong size is rejected. */
    int read(ByteBuffer dst) throws IOException;

    /** Writes one whole frame from {@code src}; a buffer that is not exactly one frame is rejected. */
    int write(ByteBuffer src) throws IOException;

    /** ioctl-style control: a request code from the driver's documentation and an argument. */
    long control(int request, long argument) throws IOException;

    @Override
    void close() throws IOException;

    /** The frame layout this driver speaks. */
    MemoryLayout frameLayout();
}
