package io.edgefusion.image.oci;

import io.edgefusion.image.ImageException;

import java.util.regex.Pattern;

/**
 * A local image name, {@code NAME[:TAG]} with TAG defaulting to {@code latest}. NAME follows the distribution
 * grammar loosely (lowercase components separated by {@code /}, an optional {@code host:port/} prefix).
 */
public record ImageRef(String name, String tag) implements Comparable<ImageRef> {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+([._-]+[a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-]+[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public ImageRef {
        if (name == null || !NAME.matcher(name).matches() || name.length() > 255) {
            throw new ImageException("invalid image name '" + name
                    + "' (lowercase letters, digits, '.', '_', '-', separated by '/')");
        }
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw new ImageException("invalid tag '" + tag + "' for " + name
                    + " (letters, digits, '_', '.', '-'; at most 128)");
        }
    }

    /** Parses {@code name}, {@code name:tag} or {@code host:5000/name:tag}. */
    public static ImageRef parse(String s) {
        if (s == null || s.isBlank()) {
            throw new ImageException("missing image name");
        }
        if (s.contains("@")) {
            throw new ImageException("image " + s + ": references by digest are not supported here; use NAME:TAG");
        }
        int colon = s.lastIndexOf(':');
        if (colon > s.lastIndexOf('/')) {
            return new ImageRef(s.substring(0, colon), s.substring(colon + 1));
        }
        return new ImageRef(s, "latest");
    }

    @Override
    public String toString() {
        return name + ":" + tag;
    }

    @Override
    public int compareTo(ImageRef o) {
        return toString().compareTo(o.toString());
    }
}
