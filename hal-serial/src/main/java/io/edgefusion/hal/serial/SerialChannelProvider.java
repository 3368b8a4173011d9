package io.edgefusion.hal.serial;

import io.edgefusion.platform.hal.DeviceChannel;
import io.edgefusion.platform.hal.DeviceChannelProvider;
import io.edgefusion.platform.hal.DeviceSpec;
import io.edgefusion.platform.hal.ImplementsContract;

/** Makes {@link SerialChannel}s for the profile's {@code kind: serial} devices. */
@ImplementsContract("2.3")
public final class SerialChannelProvider implements DeviceChannelProvider {
    @Override
    public String kind() {
        return "serial";
    }

    @Override
    public DeviceChannel create(DeviceSpec device) {
        return new SerialChannel(device);
    }
}
