package com.acme.sensor;

import io.edgefusion.platform.hal.Pinned;

import java.lang.foreign.MemoryLayout;
import java.nio.ByteOrder;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** A firmware update swapped seq and size and grew the payload: the seed's StatusReport incident. */
public final class StatusReport {
    @Pinned("serial_frame")
    static final MemoryLayout FRAME = MemoryLayout.structLayout( // expect: LAYOUT_MISMATCH
            JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("magic"),
            MemoryLayout.paddingLayout(2),
            JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("seq"),
            JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("size"),
            JAVA_BYTE.withName("type"),
            JAVA_BYTE.withName("status"),
            JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("length"),
            MemoryLayout.paddingLayout(2),
            MemoryLayout.sequenceLayout(24, JAVA_BYTE).withName("payload"),
            JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withName("crc"));

    private StatusReport() {
    }
}
