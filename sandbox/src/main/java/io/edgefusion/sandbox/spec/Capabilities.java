package io.edgefusion.sandbox.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Linux capabilities by name and number (linux/capability.h), and the default set a sandbox keeps: docker's
 * default (CapEff {@code 00000000a80425fb}). {@code --cap-add}/{@code --cap-drop} take names with or without the
 * {@code CAP_} prefix, or {@code ALL}.
 */
public final class Capabilities {
    private static final List<String> NAMES = List.of(
            "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP",
            "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK",
            "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN",
            "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE",
            "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND",
            "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE");
    private static final Map<String, Integer> BY_NAME = new LinkedHashMap<>();

    static {
        for (int i = 0; i < NAMES.size(); i++) {
            BY_NAME.put(NAMES.get(i), i);
        }
    }

    /** docker's default capability set. */
    public static final Set<String> DEFAULT = Set.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "SETGID",
            "SETUID", "SETPCAP", "NET_BIND_SERVICE", "NET_RAW", "SYS_CHROOT", "MKNOD", "AUDIT_WRITE", "SETFCAP");

    private Capabilities() {
    }

    /** Every capability the kernel numbers, in bit order, without the {@code CAP_} prefix. */
    public static List<String> names() {
        return NAMES;
    }

    /** Canonical name (upper case, no prefix); rejects unknown names with the flag that carried them. */
    public static String canonical(String name, String flag) {
        String n = name.toUpperCase(Locale.ROOT);
        if (n.startsWith("CAP_")) {
            n = n.substring(4);
        }
        if (!n.equals("ALL") && !BY_NAME.containsKey(n)) {
            throw new IllegalArgumentException(flag + " " + name + ": unknown capability");
        }
        return n;
    }

    /** The default set plus {@code add} minus {@code drop}; ALL in drop empties it, ALL in add fills it. */
    public static Set<String> resolve(Set<String> add, Set<String> drop) {
        Set<String> out = new TreeSet<>(DEFAULT);
        if (drop.contains("ALL")) {
            out.clear();
        }
        if (add.contains("ALL")) {
            out.addAll(NAMES);
        }
        add.stream().filter(c -> !c.equals("ALL")).forEach(out::add);
        drop.stream().filter(c -> !c.equals("ALL")).forEach(out::remove);
        return out;
    }

    /** Bit mask of a set of names. */
    public static long mask(Set<String> caps) {
        long m = 0;
        for (String c : caps) {
            m |= 1L << BY_NAME.get(c);
        }
        return m;
    }
}
