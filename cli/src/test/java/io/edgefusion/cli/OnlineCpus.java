package io.edgefusion.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's online CPU count, read by the test itself (never "this host has 2 CPUs"). */
final class OnlineCpus {
    private OnlineCpus() {
    }

    static int count() throws IOException {
        int n = 0;
        for (String part : Files.readString(Path.of("/sys/devices/system/cpu/online")).strip().split(",")) {
            String[] r = part.split("-");
            n += r.length == 1 ? 1 : Integer.parseInt(r[1]) - Integer.parseInt(r[0]) + 1;
        }
        return n;
    }
}
