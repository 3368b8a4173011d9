package io.edgefusion.platform.hal;

import java.io.IOException;
import java.lang.foreign.MemoryLayout;
import java.nio.ByteBuffer;

/** The device HAL as an older SDK shipped it: no ioctl-style control(). */
public interface DeviceChannel extends AutoCloseable {
    void open() throws IOException;

    int read(ByteBuffer dst) throws IOException;

    int write(ByteBuffer src) throws IOException;

    @Override
    void close() throws IOException;

    MemoryLayout frameLayout();
}
