package io.edgefusion.sandbox.spec;

/** Network mode: {@code none} gives the sandbox its own network namespace holding only {@code lo}. */
public enum Network {
    NONE, HOST;

    public static Network parse(String s) {
        return switch (s) {
            case "none" -> NONE;
            case "host" -> HOST;
            default -> throw new IllegalArgumentException("--network " + s + ": expected none or host");
        };
    }
}
