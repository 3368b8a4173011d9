package io.edgefusion.oci.lifecycle;

import io.edgefusion.oci.state.ContainerException;

import java.util.Locale;
import java.util.Map;

/** Signal names and numbers as {@code kill} takes them: {@code TERM}, {@code SIGTERM} or {@code 15}. */
public final class Signals {
    private static final Map<String, Integer> BY_NAME = Map.ofEntries(Map.entry("HUP", 1), Map.entry("INT", 2),
            Map.entry("QUIT", 3), Map.entry("ILL", 4), Map.entry("TRAP", 5), Map.entry("ABRT", 6),
            Map.entry("IOT", 6), Map.entry("BUS", 7), Map.entry("FPE", 8), Map.entry("KILL", 9),
            Map.entry("USR1", 10), Map.entry("SEGV", 11), Map.entry("USR2", 12), Map.entry("PIPE", 13),
            Map.entry("ALRM", 14), Map.entry("TERM", 15), Map.entry("STKFLT", 16), Map.entry("CHLD", 17),
            Map.entry("CONT", 18), Map.entry("STOP", 19), Map.entry("TSTP", 20), Map.entry("TTIN", 21),
            Map.entry("TTOU", 22), Map.entry("URG", 23), Map.entry("XCPU", 24), Map.entry("XFSZ", 25),
            Map.entry("VTALRM", 26), Map.entry("PROF", 27), Map.entry("WINCH", 28), Map.entry("IO", 29),
            Map.entry("POLL", 29), Map.entry("PWR", 30), Map.entry("SYS", 31));
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    private Signals() {
    }

    public static int parse(String s) {
        if (s.chars().allMatch(Character::isDigit) && !s.isEmpty()) {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= 64) {
                return n;
            }
        } else {
            String n = s.toUpperCase(Locale.ROOT);
            Integer v = BY_NAME.get(n.startsWith("SIG") ? n.substring(3) : n);
            if (v != null) {
                return v;
            }
        }
        throw new ContainerException("signal " + s + ": unknown (a name such as TERM or KILL, or 1..64)");
    }
}
