package io.edgefusion.runtime.diagnose.fs;

import io.edgefusion.kernel.mount.MountFlag;
import io.edgefusion.kernel.proc.MountEntry;

import java.util.List;
import java.util.Set;

/**
 * {@code diagnose fs}: the mount holding a path, its flags, and each flag's effect predicted and probed.
 *
 * @param path       the path asked about (inside the sandbox when {@code sandbox} is set)
 * @param probedDir  the directory the probe worked in (the path, or its parent)
 * @param sandbox    the sandbox id, or null for the host
 * @param mount      the mountinfo entry holding the path
 * @param flags      statvfs flags of that mount
 * @param checks     predicted against observed, one per effect
 * @param leftBehind what a probe could not undo (a directory an overlay copied up), or empty
 */
public record FsDiagnosis(String path, String probedDir, String sandbox, MountEntry mount, Set<MountFlag> flags,
                          List<FsCheck> checks, List<String> leftBehind) {
    public FsDiagnosis {
        flags = Set.copyOf(flags);
        checks = List.copyOf(checks);
        leftBehind = List.copyOf(leftBehind);
    }

    /** A prediction was contradicted: the exit code 1 of the command. */
    public boolean problem() {
        return checks.stream().anyMatch(c -> c.verdict().equals(FsCheck.CONTRADICTED));
    }
}
