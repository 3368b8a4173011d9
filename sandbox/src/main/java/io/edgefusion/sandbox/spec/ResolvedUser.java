package io.edgefusion.sandbox.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The uid, gid, supplementary groups and home of {@code --user}, resolved against the sandbox's own
 * /etc/passwd and /etc/group (the top-most layer that has them), never the host's.
 */
public record ResolvedUser(long uid, long gid, List<Long> groups, String home) {

    public static final ResolvedUser ROOT = new ResolvedUser(0, 0, List.of(), "/root");

    public ResolvedUser {
        if (uid < 0 || uid > MAX_ID || gid < 0 || gid > MAX_ID) {
            throw new InvalidUser("uid " + uid + " / gid " + gid + ": outside 0.." + MAX_ID);
        }
        groups = List.copyOf(groups);
    }

    /** {@code null} → root; {@code uid[:gid]} numbers; or {@code name[:group]} looked up in the layers. */
    public static ResolvedUser resolve(String user, List<Path> layers) {
        if (user == null || user.isEmpty()) {
            return passwd(layers, "root").map(e -> withGroups(e, layers)).orElse(ROOT);
        }
        String[] parts = user.split(":", 2);
        Optional<String[]> entry = isNumber(parts[0]) ? passwdByUid(layers, parts[0]) : passwd(layers, parts[0]);
        if (!isNumber(parts[0]) && entry.isEmpty()) {
            throw new IllegalArgumentException("--user " + user + ": no user " + parts[0]
                    + " in the sandbox's /etc/passwd");
        }
        long uid = isNumber(parts[0]) ? id(parts[0], "--user " + user + ": uid")
                : id(entry.get()[2], "uid of " + parts[0] + " in the sandbox's /etc/passwd");
        long gid;
        if (parts.length == 2) {
            gid = isNumber(parts[1]) ? id(parts[1], "--user " + user + ": gid") : group(layers, parts[1]).orElseThrow(
                    () -> new IllegalArgumentException("--user " + user + ": no group " + parts[1]
                            + " in the sandbox's /etc/group"));
        } else {
            gid = entry.map(e -> id(e[3], "gid of " + e[0] + " in the sandbox's /etc/passwd")).orElse(uid);
        }
        String home = entry.map(e -> e.length > 5 ? e[5] : "/").orElse("/");
        List<Long> groups = entry.map(e -> supplementary(layers, e[0])).orElse(List.of());
        return new ResolvedUser(uid, gid, groups, home);
    }

    /**
     * A uid or gid as the kernel takes it: 0..4294967294 (2^32 − 2; 2^32 − 1 is (uid_t) −1, "no change"). Anything
     * else is refused, never truncated to 32 bits (4294967296 would otherwise become uid 0).
     */
    public static long id(String text, String what) {
        if (!isNumber(text) || text.length() > 10 || Long.parseLong(text) > MAX_ID) {
            throw new InvalidUser(what + " " + text + ": must be a number from 0 to " + MAX_ID);
        }
        return Long.parseLong(text);
    }

    /** Largest valid uid or gid. */
    public static final long MAX_ID = 4_294_967_294L;

    /** A --user value, or a passwd/group entry, whose id cannot be a kernel id. */
    public static final class InvalidUser extends IllegalArgumentException {
        public InvalidUser(String message) {
            super(message);
        }
    }

    private static ResolvedUser withGroups(String[] e, List<Path> layers) {
        return new ResolvedUser(id(e[2], "uid of " + e[0] + " in the sandbox's /etc/passwd"),
                id(e[3], "gid of " + e[0] + " in the sandbox's /etc/passwd"), supplementary(layers, e[0]),
                e.length > 5 ? e[5] : "/root");
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    private static List<String[]> lines(List<Path> layers, String file) {
        for (Path layer : layers) {
            Path f = layer.resolve(file);
            if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try {
                    List<String[]> out = new ArrayList<>();
                    for (String l : Files.readAllLines(f)) {
                        if (!l.isBlank() && !l.startsWith("#")) {
                            out.add(l.split(":", -1));
                        }
                    }
                    return out;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + f, e);
                }
            }
        }
        return List.of();
    }

    private static Optional<String[]> passwd(List<Path> layers, String name) {
        return lines(layers, "etc/passwd").stream().filter(e -> e.length > 3 && e[0].equals(name)).findFirst();
    }

    private static Optional<String[]> passwdByUid(List<Path> layers, String uid) {
        return lines(layers, "etc/passwd").stream().filter(e -> e.length > 3 && e[2].equals(uid)).findFirst();
    }

    private static Optional<Long> group(List<Path> layers, String name) {
        return lines(layers, "etc/group").stream().filter(e -> e.length > 2 && e[0].equals(name))
                .map(e -> id(e[2], "gid of " + e[0] + " in the sandbox's /etc/group")).findFirst();
    }

    private static List<Long> supplementary(List<Path> layers, String user) {
        return lines(layers, "etc/group").stream()
                .filter(e -> e.length > 3 && List.of(e[3].split(",")).contains(user))
                .map(e -> id(e[2], "gid of " + e[0] + " in the sandbox's /etc/group")).toList();
    }
}
