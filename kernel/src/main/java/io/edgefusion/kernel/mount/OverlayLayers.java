package io.edgefusion.kernel.mount;

import io.edgefusion.kernel.proc.MountEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The layers of an overlay mount, from its super options. {@code lowerdir} lists layers top first, separated by
 * {@code :} (a literal colon in a path is escaped as {@code \:}); {@code upperdir}/{@code workdir} are absent on
 * a read-only overlay.
 */
public record OverlayLayers(List<String> lowerdirs, Optional<String> upperdir, Optional<String> workdir) {

    public OverlayLayers {
        lowerdirs = List.copyOf(lowerdirs);
    }

    public static Optional<OverlayLayers> of(MountEntry e) {
        if (!e.fsType().equals("overlay")) {
            return Optional.empty();
        }
        List<String> lowers = e.superOption("lowerdir").map(OverlayLayers::splitLower).orElse(List.of());
        return Optional.of(new OverlayLayers(lowers, e.superOption("upperdir"), e.superOption("workdir")));
    }

    private static List<String> splitLower(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                cur.append(s.charAt(++i));
            } else if (c == ':') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
