package io.edgefusion.hal.serial;

import io.edgefusion.platform.module.NodeContext;
import io.edgefusion.platform.module.PlatformModule;

import java.util.Set;

/** Platform module {@code hal.serial}: serves {@code kind: serial} devices with framed channels. */
public final class SerialModule implements PlatformModule {
    @Override
    public String name() {
        return "hal.serial";
    }

    @Override
    public String description() {
        return "DeviceChannel over serial lines with the contract's pinned frame";
    }

    @Override
    public Set<String> features() {
        return Set.of("frames");
    }

    @Override
    public Set<String> deviceKinds() {
        return Set.of("serial");
    }

    @Override
    public AutoCloseable start(NodeContext context) {
        context.hal().register(new SerialChannelProvider());
        return () -> { };
    }
}
