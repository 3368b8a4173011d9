package io.edgefusion.platform.hal;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Cipher modes. ECB leaks patterns; the contract's stages may list it as a forbidden downgrade. */
public enum Mode {
    ECB, CBC, CTR, GCM;

    public static Optional<Mode> of(String name) {
        return Arrays.stream(values()).filter(m -> m.name().equalsIgnoreCase(name)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(m -> m.name().toLowerCase()).toList();
    }

    /** Bytes of IV (nonce for GCM) this mode needs; 0 for ECB. */
    public int ivLength() {
        return switch (this) {
            case ECB -> 0;
            case CBC, CTR -> 16;
            case GCM -> 12;
        };
    }
}
