package io.edgefusion.platform.hal;

/** Makes channels of one kind (e.g. {@code serial}) for the devices a profile lists. */
public interface DeviceChannelProvider {
    /** The kind this provider serves, as profiles name it. */
    String kind();

    /** An unopened channel to the device at {@code path} with the profile's settings. */
    DeviceChannel create(DeviceSpec device);
}
