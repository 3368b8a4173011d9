package io.edgefusion.runtime.diagnose.namespaces;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The users an {@code /etc/passwd} resolves (what getpwnam/getpwuid and Go's os/user find without NSS modules),
 * name to uid. A missing file resolves nobody — the seed's "user: unknown user root" case.
 */
record Passwd(Map<String, Long> users) {
    static final String ETC_PASSWD = "etc/passwd";

    Passwd {
        users = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(users));
    }

    /** The passwd under {@code root} (a directory, or {@code /proc/<pid>/root}). */
    static Passwd under(Path root) {
        Path file = root.resolve(ETC_PASSWD);
        if (!Files.isRegularFile(file)) {
            return new Passwd(Map.of());
        }
        try {
            Map<String, Long> out = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split(":", -1);
                if (f.length >= 3 && !f[0].isEmpty() && !line.startsWith("#")) {
                    try {
                        out.putIfAbsent(f[0], Long.parseLong(f[2]));
                    } catch (NumberFormatException e) {
                        // A malformed line resolves no user for libc either.
                    }
                }
            }
            return new Passwd(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    List<String> names() {
        return List.copyOf(users.keySet());
    }

    /** The first name with {@code uid}, as getpwuid returns it; null when none. */
    String nameOf(long uid) {
        return users.entrySet().stream().filter(e -> e.getValue() == uid).map(Map.Entry::getKey).findFirst()
                .orElse(null);
    }
}
