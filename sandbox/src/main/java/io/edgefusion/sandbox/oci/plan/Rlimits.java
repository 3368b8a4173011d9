package io.edgefusion.sandbox.oci.plan;

import java.util.List;

/** setrlimit(2) resources by their number, as the helper's {@code rlimit} takes them. */
public final class Rlimits {
    /** Resource names of setrlimit(2) (without {@code RLIMIT_}, lower case), by their number. */
    public static final List<String> NAMES = List.of("cpu", "fsize", "data", "stack", "core", "rss", "nproc",
            "nofile", "memlock", "as", "locks", "sigpending", "msgqueue", "nice", "rtprio", "rttime");

    private Rlimits() {
    }

    /** The number of resource {@code name} ({@code nofile}), or -1 when there is none. */
    public static int number(String name) {
        return NAMES.indexOf(name);
    }
}
