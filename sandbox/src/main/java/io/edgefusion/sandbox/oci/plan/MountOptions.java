package io.edgefusion.sandbox.oci.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A mount's {@code options} split as mount(8) splits them: flag words into mount(2) flags (set or cleared),
 * propagation words into propagation flags, {@code tmpcopyup} into {@link #copyUp()}, the rest into the
 * filesystem's data string.
 *
 * @param flags       MS_* flags to pass to mount(2)
 * @param propagation MS_SHARED/MS_SLAVE/MS_PRIVATE/MS_UNBINDABLE (with MS_REC for the r- forms); 0 for none
 * @param data        comma-joined filesystem options, or null
 * @param copyUp      {@code tmpcopyup}: a tmpfs starts with the contents of the directory it covers
 */
public record MountOptions(long flags, long propagation, String data, boolean copyUp) {
    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_SYNCHRONOUS = 16;
    public static final long MS_REMOUNT = 32;
    public static final long MS_MANDLOCK = 64;
    public static final long MS_DIRSYNC = 128;
    public static final long MS_NOATIME = 1024;
    public static final long MS_NODIRATIME = 2048;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final long MS_SILENT = 32768;
    public static final long MS_UNBINDABLE = 1 << 17;
    public static final long MS_PRIVATE = 1 << 18;
    public static final long MS_SLAVE = 1 << 19;
    public static final long MS_SHARED = 1 << 20;
    public static final long MS_RELATIME = 1 << 21;
    public static final long MS_STRICTATIME = 1 << 24;

    /** Word → {set, clear}. */
    private static final Map<String, long[]> FLAGS = Map.ofEntries(
            Map.entry("ro", new long[]{MS_RDONLY, 0}), Map.entry("rw", new long[]{0, MS_RDONLY}),
            Map.entry("nosuid", new long[]{MS_NOSUID, 0}), Map.entry("suid", new long[]{0, MS_NOSUID}),
            Map.entry("nodev", new long[]{MS_NODEV, 0}), Map.entry("dev", new long[]{0, MS_NODEV}),
            Map.entry("noexec", new long[]{MS_NOEXEC, 0}), Map.entry("exec", new long[]{0, MS_NOEXEC}),
            Map.entry("sync", new long[]{MS_SYNCHRONOUS, 0}), Map.entry("async", new long[]{0, MS_SYNCHRONOUS}),
            Map.entry("dirsync", new long[]{MS_DIRSYNC, 0}), Map.entry("remount", new long[]{MS_REMOUNT, 0}),
            Map.entry("mand", new long[]{MS_MANDLOCK, 0}), Map.entry("nomand", new long[]{0, MS_MANDLOCK}),
            Map.entry("noatime", new long[]{MS_NOATIME, 0}), Map.entry("atime", new long[]{0, MS_NOATIME}),
            Map.entry("nodiratime", new long[]{MS_NODIRATIME, 0}),
            Map.entry("diratime", new long[]{0, MS_NODIRATIME}),
            Map.entry("relatime", new long[]{MS_RELATIME, 0}), Map.entry("norelatime", new long[]{0, MS_RELATIME}),
            Map.entry("strictatime", new long[]{MS_STRICTATIME, 0}),
            Map.entry("nostrictatime", new long[]{0, MS_STRICTATIME}),
            Map.entry("bind", new long[]{MS_BIND, 0}), Map.entry("rbind", new long[]{MS_BIND | MS_REC, 0}),
            Map.entry("silent", new long[]{MS_SILENT, 0}), Map.entry("loud", new long[]{0, MS_SILENT}),
            Map.entry("defaults", new long[]{0, 0}));
    private static final Map<String, Long> PROPAGATION = Map.of(
            "private", MS_PRIVATE, "rprivate", MS_PRIVATE | MS_REC, "shared", MS_SHARED,
            "rshared", MS_SHARED | MS_REC, "slave", MS_SLAVE, "rslave", MS_SLAVE | MS_REC,
            "unbindable", MS_UNBINDABLE, "runbindable", MS_UNBINDABLE | MS_REC);
    /** Options of other runtimes that need a kernel feature or a copy we do not make. */
    private static final List<String> REFUSED = List.of("idmap", "ridmap", "copy-symlink");
    private static final String COPY_UP = "tmpcopyup";

    public static MountOptions parse(List<String> options, String where) {
        long flags = 0;
        long propagation = 0;
        boolean copyUp = false;
        List<String> data = new ArrayList<>();
        for (String o : options) {
            long[] f = FLAGS.get(o);
            if (f != null) {
                flags = (flags | f[0]) & ~f[1];
            } else if (o.equals(COPY_UP)) {
                copyUp = true;
            } else if (PROPAGATION.containsKey(o)) {
                propagation = PROPAGATION.get(o);
            } else if (REFUSED.contains(o)) {
                throw new LaunchPlanException(where + ": option " + o + " is not supported");
            } else {
                data.add(o);
            }
        }
        return new MountOptions(flags, propagation, data.isEmpty() ? null : String.join(",", data), copyUp);
    }

    /** The propagation word for {@code linux.rootfsPropagation}. */
    public static long propagation(String word, String where) {
        Long p = PROPAGATION.get(word);
        if (p == null) {
            throw new LaunchPlanException(where + ": " + word + " is not a propagation (one of "
                    + String.join(", ", new java.util.TreeSet<>(PROPAGATION.keySet())) + ")");
        }
        return p;
    }

    public boolean bind() {
        return (flags & MS_BIND) != 0;
    }

    public boolean readOnly() {
        return (flags & MS_RDONLY) != 0;
    }
}
