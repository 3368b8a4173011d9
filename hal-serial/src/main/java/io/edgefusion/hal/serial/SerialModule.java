package io.edgefusion.hal.serial;

import io.edgefusion.platform.module.ModuleBase;
import io.edgefusion.platform.module.NodeContext;

import io.edgefusion.platform.hal.DeviceSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Platform module {@code hal.serial}: serves {@code kind: serial} devices with framed channels. */
public final class SerialModule extends ModuleBase {
    /** st_mode's file type bits and the character-device type (stat(2)). */
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;

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

    /** A serial device the profile names must exist as a character device, or the module is not ready. */
    @Override
    public List<String> notReady(NodeContext context) {
        List<String> why = new ArrayList<>();
        for (DeviceSpec d : context.profile().hal().devices()) {
            if (!deviceKinds().contains(d.kind())) {
                continue;
            }
            Path p = Path.of(d.path());
            try {
                int mode = (Integer) Files.getAttribute(p, "unix:mode");
                if ((mode & S_IFMT) != S_IFCHR) {
                    why.add("device '" + d.name() + "' at " + p + " is not a character device");
                }
            } catch (IOException e) {
                why.add("device '" + d.name() + "' at " + p + " is absent");
            }
        }
        return why;
    }
}
