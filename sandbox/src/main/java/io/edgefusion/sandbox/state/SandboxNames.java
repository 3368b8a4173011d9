package io.edgefusion.sandbox.state;

import java.util.regex.Pattern;

/**
 * What may be a sandbox name or id, checked before any of it becomes part of a path. Names follow docker's rule
 * ({@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}, at most 128 characters), so a name can never be {@code .}, {@code ..},
 * absolute or hold a {@code /}. Ids are exactly 64 lower-case hex digits, and an id read back from a file (a
 * name link, a cgroup directory) is checked the same way before it is used.
 */
public final class SandboxNames {
    public static final int MAX_NAME = 128;
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

    private SandboxNames() {
    }

    public static boolean isName(String s) {
        return s != null && s.length() <= MAX_NAME && NAME.matcher(s).matches();
    }

    public static boolean isId(String s) {
        return s != null && ID.matcher(s).matches();
    }

    /** {@code --name}: refused in one line unless docker would accept it. */
    public static String requireName(String name) {
        if (!isName(name)) {
            throw new InvalidSandboxName("--name " + name + ": a name is 1 to " + MAX_NAME
                    + " characters of [a-zA-Z0-9_.-] starting with a letter or digit");
        }
        return name;
    }

    /** An id about to become a path component; anything else is a corrupt or hostile record. */
    public static String requireId(String id, String from) {
        if (!isId(id)) {
            throw new InvalidSandboxName("not a sandbox id (64 hex digits) in " + from + ": " + printable(id));
        }
        return id;
    }

    static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return t.replaceAll("[^\\x21-\\x7e]", "?");
    }

    /** A name or id that cannot be, or names no sandbox. */
    public static final class InvalidSandboxName extends IllegalArgumentException {
        public InvalidSandboxName(String message) {
            super(message);
        }
    }

    /** No sandbox of that name or id (a user-input error: one line, exit 125). */
    public static final class NoSuchSandbox extends IllegalArgumentException {
        public NoSuchSandbox(String what) {
            super("no such sandbox: " + printable(what));
        }
    }
}
