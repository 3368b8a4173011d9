package io.edgefusion.runtime.diagnose.trace;

/** A file's identity as stat shows it: the device (major:minor) and inode. Two paths name one file iff equal. */
public record FileId(long major, long minor, long inode) {
    public String device() {
        return major + ":" + minor;
    }

    @Override
    public String toString() {
        return device() + " ino " + inode;
    }
}
