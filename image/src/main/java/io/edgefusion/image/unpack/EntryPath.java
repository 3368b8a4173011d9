package io.edgefusion.image.unpack;

import java.util.ArrayList;
import java.util.List;

/**
 * A tar entry name checked and split into components. Absolute names, {@code ..} anywhere, NUL bytes and
 * empty names are refused outright — never "cleaned" into something else, because a layer that needs them is
 * either broken or an attack. {@code ./} prefixes, repeated and trailing slashes are tolerated (real tools
 * write them).
 */
public record EntryPath(List<String> parts) {
    public static final String WHITEOUT_PREFIX = ".wh.";
    public static final String OPAQUE = ".wh..wh..opq";
    /** Longest name a layer may use; Linux PATH_MAX. */
    private static final int MAX = 4096;

    public EntryPath {
        parts = List.copyOf(parts);
    }

    /** Parses {@code raw}; returns null for the root itself ({@code ./}); throws {@link LayerRejected} when hostile. */
    public static EntryPath parse(String raw, String what) {
        if (raw == null || raw.isEmpty()) {
            throw new LayerRejected(what + " has an empty name");
        }
        if (raw.indexOf('\0') >= 0) {
            throw new LayerRejected(what + " '" + raw.replace('\0', '?') + "' contains a NUL byte");
        }
        if (raw.length() > MAX) {
            throw new LayerRejected(what + " name is " + raw.length() + " characters, longer than PATH_MAX");
        }
        if (raw.startsWith("/")) {
            throw new LayerRejected(what + " '" + raw + "' is an absolute path");
        }
        List<String> out = new ArrayList<>();
        for (String p : raw.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                throw new LayerRejected(what + " '" + raw + "' contains '..'");
            }
            out.add(p);
        }
        return out.isEmpty() ? null : new EntryPath(out);
    }

    public String name() {
        return parts.getLast();
    }

    public EntryPath parent() {
        return parts.size() == 1 ? null : new EntryPath(parts.subList(0, parts.size() - 1));
    }

    public EntryPath child(String name) {
        List<String> c = new ArrayList<>(parts);
        c.add(name);
        return new EntryPath(c);
    }

    @Override
    public String toString() {
        return String.join("/", parts);
    }
}
