package io.edgefusion.runtime.diagnose.fs;

import io.edgefusion.kernel.sys.Errno;

import java.util.LinkedHashMap;
import java.util.Map;

/** One line of the probe's output (native/src/main/c/fsprobe): {@code NAME OUTCOME ERRNO VALUE}. */
record ProbeLine(String name, String outcome, int errno, Long value) {
    /** The errno's name (EACCES), or null for 0. */
    String errnoName() {
        return errno == 0 ? null : Errno.nameOf(errno);
    }

    /** Every line by name; a line that is not four fields is an error naming it. */
    static Map<String, ProbeLine> parse(String text) {
        Map<String, ProbeLine> out = new LinkedHashMap<>();
        for (String l : text.split("\n")) {
            if (l.isBlank()) {
                continue;
            }
            String[] f = l.strip().split(" ");
            if (f.length != 4) {
                throw new IllegalStateException("fs probe: unexpected output line '" + l + "'");
            }
            try {
                out.put(f[0], new ProbeLine(f[0], f[1], Integer.parseInt(f[2]),
                        f[3].equals("-") ? null : Long.parseLong(f[3])));
            } catch (NumberFormatException e) {
                throw new IllegalStateException("fs probe: unexpected output line '" + l + "'");
            }
        }
        return out;
    }
}
