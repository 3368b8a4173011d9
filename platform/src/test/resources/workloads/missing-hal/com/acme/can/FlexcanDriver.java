package com.acme.can;

import io.edgefusion.platform.hal.DeviceChannel;
import io.edgefusion.platform.hal.ImplementsContract;

import java.lang.foreign.MemoryLayout;
import java.nio.ByteBuffer;

/** Built against an older HAL that had no control(): javac is happy, the contract is not. */
@ImplementsContract("2.3")
public class FlexcanDriver implements DeviceChannel { // expect: MISSING_HAL_METHOD
    @Override
    public void open() {
    }

    @Override
    public int read(ByteBuffer dst) {
        return 0;
    }

    @Override
    public int write(ByteBuffer src) {
        return 0;
    }

    @Override
    public void close() {
    }

    @Override
    public MemoryLayout frameLayout() {
        return MemoryLayout.structLayout();
    }
}
