package io.edgefusion.image.diff;

/**
 * One path that differs between an image and an instance's upper dir, as {@code docker diff} prints it:
 * {@code A} added, {@code C} changed, {@code D} deleted. {@code opaque}: a directory whose lower contents are
 * all hidden (it was removed and made again).
 */
public record Change(Kind kind, String path, boolean opaque) {
    public enum Kind { A, C, D }

    @Override
    public String toString() {
        return kind + " /" + path + (opaque ? " (replaced)" : "");
    }
}
