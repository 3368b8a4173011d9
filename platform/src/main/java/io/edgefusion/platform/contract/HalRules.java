package io.edgefusion.platform.contract;

import java.util.List;
import java.util.Map;

/**
 * Contract part (b): the HAL interfaces every driver implements whole, the pinned binary layouts, and which
 * layout each device kind's frames use.
 */
public record HalRules(String interfaceRule, String versionRule, String layoutRule,
                       Map<String, HalInterface> interfaces, Map<String, String> deviceFrames,
                       Map<String, PinnedLayout> layouts) {

    /** A HAL interface by internal name ({@code io/edgefusion/platform/hal/CryptoProvider}) and its methods. */
    public record HalInterface(String kind, String type, List<MemberRef> methods) {
        public String simpleName() {
            return type.substring(type.lastIndexOf('/') + 1);
        }
    }
}
