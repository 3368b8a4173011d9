package io.edgefusion.image.unpack;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Extended attributes carried in PAX headers: {@code SCHILY.xattr.NAME=value} (GNU tar, Go's archive/tar,
 * docker) and {@code LIBARCHIVE.xattr.URLNAME=base64} (bsdtar). Commons Compress hands PAX values over as
 * UTF-8 strings, so a SCHILY value that is not valid UTF-8 arrives damaged; those are reported and dropped rather
 * than written wrong. {@code trusted.overlay.*} is refused: it would let a layer forge overlayfs' own metadata
 * (opaque markers, redirects) instead of using the OCI whiteout files that mean the same.
 */
final class PaxXattrs {
    private PaxXattrs() {
    }

    /** Name → value; {@code dropped} receives names whose value could not be carried. */
    static Map<String, byte[]> of(Map<String, String> pax, String what, java.util.List<String> dropped) {
        Map<String, byte[]> out = new TreeMap<>();
        for (Map.Entry<String, String> e : pax.entrySet()) {
            String k = e.getKey();
            String name;
            byte[] value;
            if (k.startsWith("SCHILY.xattr.")) {
                name = k.substring("SCHILY.xattr.".length());
                if (e.getValue().indexOf('\uFFFD') >= 0) {
                    dropped.add(what + ": xattr " + name + " (binary value)");
                    continue;
                }
                value = e.getValue().getBytes(StandardCharsets.UTF_8);
            } else if (k.startsWith("LIBARCHIVE.xattr.")) {
                name = URLDecoder.decode(k.substring("LIBARCHIVE.xattr.".length()), StandardCharsets.UTF_8);
                try {
                    value = Base64.getDecoder().decode(e.getValue().strip());
                } catch (IllegalArgumentException bad) {
                    throw new LayerRejected(what + ": xattr " + name + " has invalid base64");
                }
            } else {
                continue;
            }
            if (name.startsWith("trusted.overlay.")) {
                throw new LayerRejected(what + ": carries overlayfs metadata xattr " + name
                        + " (layers must use .wh. whiteout files)");
            }
            out.put(name, value);
        }
        return out;
    }
}
