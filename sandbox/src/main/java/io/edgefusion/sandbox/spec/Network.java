package io.edgefusion.sandbox.spec;

/**
 * Network mode: {@code none} gives the sandbox its own network namespace holding only {@code lo}; {@code host}
 * shares the caller's; {@code bridge} is an own namespace attached to a CNI network ({@link NetworkJoin} says which).
 */
public enum Network {
    NONE, HOST, BRIDGE;

    public static Network parse(String s) {
        return switch (s) {
            case "none" -> NONE;
            case "host" -> HOST;
            case "bridge" -> BRIDGE;
            default -> throw new IllegalArgumentException("--network " + s + ": expected none, host or bridge");
        };
    }

    /** Whether the sandbox gets a network namespace of its own. */
    public boolean ownNamespace() {
        return this != HOST;
    }
}
