package io.edgefusion.platform.hal;

import java.util.Map;

/** A device as a profile lists it: a name business code uses, the channel kind, its path and settings. */
public record DeviceSpec(String name, String kind, String path, Map<String, String> settings) {
    public DeviceSpec {
        settings = Map.copyOf(settings);
    }

    public int intSetting(String key, int fallback) {
        String v = settings.get(key);
        return v == null ? fallback : Integer.parseInt(v);
    }
}
