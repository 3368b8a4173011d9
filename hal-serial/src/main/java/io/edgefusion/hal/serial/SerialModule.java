package io.edgefusion.hal.serial;

import io.edgefusion.platform.module.ModuleBase;
import io.edgefusion.platform.module.NodeContext;

import java.util.Set;

/** Platform module {@code hal.serial}: serves {@code kind: serial} devices with framed channels. */
public final class SerialModule extends ModuleBase {
    public SerialModule() {
        super("hal.serial", "DeviceChannel over serial lines with the contract's pinned frame", "frames");
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
