package io.edgefusion.kernel.cgroup;

import io.edgefusion.kernel.sys.Errno;
import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.KernelFiles;
import io.edgefusion.kernel.sys.UnsupportedHost;

import java.nio.file.Path;

/**
 * One value for one cgroup file, written with a single {@code write(2)}; a rejection is the kernel's errno naming
 * the file and value.
 *
 * @param unsupportedHint what EOPNOTSUPP from this write means, when the errno alone would puzzle a user (a BFQ
 *                        weight for a device that another scheduler drives); empty for most writes
 */
public record CgroupWrite(Path file, String value, String unsupportedHint) {

    public CgroupWrite(Path file, String value) {
        this(file, value, "");
    }

    public void run() {
        try {
            KernelFiles.write(file, value);
        } catch (ErrnoException e) {
            if (!unsupportedHint.isEmpty() && e.is(Errno.EOPNOTSUPP)) {
                throw new UnsupportedHost(e.getMessage() + ": " + unsupportedHint, e);
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return file + " = " + value;
    }
}
