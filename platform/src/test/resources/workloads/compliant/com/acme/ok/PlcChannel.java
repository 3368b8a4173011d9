package com.acme.ok;

import io.edgefusion.platform.hal.DeviceChannel;
import io.edgefusion.platform.hal.ImplementsContract;
import io.edgefusion.platform.hal.Pinned;

import java.lang.foreign.MemoryLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** A complete driver: every HAL method, the contract version, the pinned frame layout. */
@ImplementsContract("2.3")
public class PlcChannel implements DeviceChannel {
    @Pinned("serial_frame")
    static final MemoryLayout FRAME = MemoryLayout.structLayout(
            JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("magic"),
            JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("size"),
            JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("seq"),
            JAVA_BYTE.withName("type"),
            JAVA_BYTE.withName("status"),
            JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("length"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("payload"),
            JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("crc"));

    @Override
    public void open() {
    }

    @Override
    public int read(ByteBuffer dst) {
        return 0;
    }

    @Override
    public int write(ByteBuffer src) {
        return src.remaining();
    }

    @Override
    public long control(int request, long argument) {
        return 0;
    }

    @Override
    public void close() {
    }

    @Override
    public MemoryLayout frameLayout() {
        return FRAME;
    }
}
